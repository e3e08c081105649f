import { mount } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'

import { createAppI18n } from '@/i18n'

import ListPager from '../ListPager.vue'

function render(page: number, count: number) {
  return mount(ListPager, { props: { page, pageSize: 20, count, label: '分页' }, global: { plugins: [createAppI18n('zh-CN')] } })
}

describe('ListPager', () => {
  it('says where the reader is and how many there are', () => {
    expect(render(2, 45).text()).toContain('第 2 / 3 页，共 45 条')
  })

  it('moves a page back and forth, never past either end', async () => {
    const first = render(1, 45)
    const [previous, next] = first.findAll('button')
    expect(previous?.attributes('disabled')).toBeDefined()
    await next?.trigger('click')
    expect(first.emitted('update:page')).toEqual([[2]])

    const last = render(3, 45)
    expect(last.findAll('button')[1]?.attributes('disabled')).toBeDefined()
  })

  it('has no buttons when everything fits on one page', () => {
    const wrapper = render(1, 7)
    expect(wrapper.findAll('button')).toHaveLength(0)
    expect(wrapper.text()).toContain('共 7 条')
  })
})
