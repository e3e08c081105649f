import { describe, expect, it } from 'vitest'

import { areaMessages } from '@/i18n'
import en from '@/i18n/en'
import zhCN from '@/i18n/zh-CN'

function leaves(value: unknown, prefix = ''): string[] {
  if (typeof value === 'string') return [prefix]
  return Object.entries(value as Record<string, unknown>).flatMap(([key, inner]) =>
    leaves(inner, prefix ? `${prefix}.${key}` : key),
  )
}

describe('area message modules', () => {
  it('never shadow a section of the base messages', () => {
    const base = new Set(Object.keys(zhCN))
    expect(Object.keys(areaMessages('zh-CN')).filter((name) => base.has(name))).toEqual([])
  })

  it('have the same keys in Chinese and English, none empty', () => {
    const zh = { ...zhCN, ...areaMessages('zh-CN') }
    const english = { ...en, ...areaMessages('en') }
    expect(leaves(english).sort()).toEqual(leaves(zh).sort())
    const empty = (messages: unknown) => leaves(messages).filter((key) => !key.split('.').reduce<unknown>(
      (node, part) => (node as Record<string, unknown>)[part], messages))
    expect(empty(zh)).toEqual([])
    expect(empty(english)).toEqual([])
  })
})
