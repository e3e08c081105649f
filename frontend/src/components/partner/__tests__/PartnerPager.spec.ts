import { mount } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'

import { createAppI18n } from '@/i18n'

import PartnerPager from '../PartnerPager.vue'

describe('PartnerPager', () => {
  it('is hidden when one page holds everything', () => {
    const wrapper = mount(PartnerPager, {
      props: { page: 1, count: 20, pageSize: 20, label: '分页' },
      global: { plugins: [createAppI18n('zh-CN')] },
    })
    expect(wrapper.find('nav').exists()).toBe(false)
  })

  it('says where the reader is and moves a page at a time', async () => {
    const wrapper = mount(PartnerPager, {
      props: { page: 1, count: 45, pageSize: 20, label: '分页' },
      global: { plugins: [createAppI18n('zh-CN')] },
    })
    expect(wrapper.text()).toContain('第 1 / 3 页，共 45 条')
    const [previous, next] = wrapper.findAll('button')
    expect(previous?.attributes('disabled')).toBeDefined()
    await next?.trigger('click')
    expect(wrapper.emitted('update:page')).toEqual([[2]])
  })
})
