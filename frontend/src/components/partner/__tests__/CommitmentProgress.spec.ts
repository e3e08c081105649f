import { mount } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'

import { createAppI18n } from '@/i18n'

import CommitmentProgress from '../CommitmentProgress.vue'

function mountProgress(props: InstanceType<typeof CommitmentProgress>['$props'], locale: 'zh-CN' | 'en' = 'zh-CN') {
  return mount(CommitmentProgress, { props, global: { plugins: [createAppI18n(locale)] } })
}

describe('CommitmentProgress', () => {
  it('says delivered against pledged in numbers, not only with the bar', () => {
    const wrapper = mountProgress({ kind: 'volunteer_hours', description: '组织师生参加志愿服务', pledged: '2000.0', delivered: '16.00' })
    expect(wrapper.text()).toContain('已完成 16 / 2,000 小时（1%）')
    const bar = wrapper.get('[role="progressbar"]')
    expect(bar.attributes('aria-valuenow')).toBe('1')
    expect(bar.attributes('aria-valuetext')).toBe('已完成 16 / 2,000 小时（1%）')
    expect(wrapper.get(`#${bar.attributes('aria-labelledby')}`).text()).toContain('志愿服务时长')
  })

  it('caps the bar at 100 and says the commitment is met', () => {
    const wrapper = mountProgress({ kind: 'events', description: '', pledged: '4.0', delivered: '5.00' }, 'en')
    expect(wrapper.text()).toContain('5 of 4 activities delivered (125%)')
    expect(wrapper.text()).toContain('Commitment met')
    expect(wrapper.get('[role="progressbar"]').attributes('aria-valuenow')).toBe('100')
  })

  it('shows no bar for a resource the platform cannot measure', () => {
    const wrapper = mountProgress({ kind: 'resource', description: '开放场地', pledged: '1.0', delivered: null })
    expect(wrapper.find('[role="progressbar"]').exists()).toBe(false)
    expect(wrapper.text()).toContain('平台不计量')
  })
})
