import { describe, expect, it } from 'vitest'

import messages from '@/i18n/modules/partner'

const sources = Object.values(
  import.meta.glob<string>(['@/views/partner/**/*.vue', '@/components/partner/*.{vue,ts}', '@/router/routes/partner.ts'], {
    eager: true,
    query: '?raw',
    import: 'default',
  }),
).join('\n')

function leaves(value: unknown, prefix = ''): string[] {
  if (typeof value === 'string') return [prefix]
  return Object.entries(value as Record<string, unknown>).flatMap(([key, inner]) => leaves(inner, prefix ? `${prefix}.${key}` : key))
}

const keys = leaves(messages['zh-CN'])
/** `t('partner.a.b')` and `'partner.a.b'` in route meta: the keys the pages ask for by name. */
const named = [...sources.matchAll(/'partner\.([A-Za-z_.]+)'/g)].map((match) => match[1] ?? '')
/** `partner.a.b_${…}` and `partner.a.${…}`: the prefixes of keys built at run time. */
const built = [...sources.matchAll(/`partner\.([A-Za-z_.]+)\$\{/g)].map((match) => match[1] ?? '')

describe('the partner pages’ messages', () => {
  it('has every key the pages ask for', () => {
    expect(named.filter((key) => !keys.includes(key))).toEqual([])
  })

  it('has no key the pages never use (error codes are looked up by the server’s code)', () => {
    const unused = keys.filter(
      (key) => !key.startsWith('errors.') && !named.includes(key) && !built.some((prefix) => key.startsWith(prefix)),
    )
    expect(unused).toEqual([])
  })
})
