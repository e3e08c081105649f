import { mount } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'

import { ApiError } from '@/api/client'
import { createAppI18n } from '@/i18n'

import AsyncState from '../AsyncState.vue'

function render(props: InstanceType<typeof AsyncState>['$props']) {
  return mount(AsyncState, {
    props,
    slots: { default: '<p class="content">loaded</p>' },
    global: { plugins: [createAppI18n('zh-CN')] },
  })
}

describe('AsyncState', () => {
  it('announces loading', () => {
    const wrapper = render({ loading: true, error: null })
    expect(wrapper.get('[role="status"]').text()).toContain('正在加载')
    expect(wrapper.find('.content').exists()).toBe(false)
  })

  it('shows an API error in words by its code and offers a retry', async () => {
    const wrapper = render({ loading: false, error: new ApiError(400, 'time_clash', 'raw server text') })
    expect(wrapper.get('[role="alert"]').text()).toContain('时间冲突')
    expect(wrapper.text()).not.toContain('raw server text')
    await wrapper.get('button').trigger('click')
    expect(wrapper.emitted('retry')).toHaveLength(1)
  })

  it('falls back to the server message for a code it does not know', () => {
    const wrapper = render({ loading: false, error: new ApiError(409, 'brand_new_rule', '服务器的说明') })
    expect(wrapper.get('[role="alert"]').text()).toContain('服务器的说明')
  })

  it('shows the empty text, then the content', () => {
    expect(render({ loading: false, error: null, empty: true, emptyText: '这里没有活动' }).text()).toContain('这里没有活动')
    expect(render({ loading: false, error: null }).find('.content').exists()).toBe(true)
  })
})
