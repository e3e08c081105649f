import { mount } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'

import { createAppI18n } from '@/i18n'

import DeadlineChip from '../DeadlineChip.vue'

const now = new Date('2026-12-06T10:00:00+08:00')

function render(props: InstanceType<typeof DeadlineChip>['$props'], locale: 'zh-CN' | 'en' = 'zh-CN') {
  return mount(DeadlineChip, { props: { now, ...props }, global: { plugins: [createAppI18n(locale)] } })
}

describe('DeadlineChip', () => {
  it('says the time left, and how late an order is', () => {
    expect(render({ dueAt: '2026-12-08T12:00:00+08:00', overdue: false }).text()).toBe('还剩 2 天')
    expect(render({ dueAt: '2026-12-06T13:00:00+08:00', overdue: false }, 'en').text()).toBe('3 h left')
    const late = render({ dueAt: '2026-12-06T07:30:00+08:00', overdue: true, missedDeadlines: 2 })
    expect(late.text()).toContain('已超时 2 小时')
    expect(late.text()).toContain('累计超时 2 次')
    expect(late.find('.deadline__chip--late').exists()).toBe(true)
  })

  it('shows nothing for a closed order that never missed a deadline', () => {
    expect(render({ dueAt: null, overdue: false }).text()).toBe('')
  })
})
