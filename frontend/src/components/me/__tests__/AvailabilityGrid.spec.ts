import { mount } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'

import { createAppI18n } from '@/i18n'

import AvailabilityGrid from '../AvailabilityGrid.vue'

function render(props: InstanceType<typeof AvailabilityGrid>['$props'], locale: 'zh-CN' | 'en' = 'zh-CN') {
  return mount(AvailabilityGrid, { props, global: { plugins: [createAppI18n(locale)] } })
}

describe('AvailabilityGrid', () => {
  it('has one labelled checkbox per weekday and period, ticked for the free ones', () => {
    const wrapper = render({ modelValue: ['sat-morning'], caption: '每周有空的时间' })
    const boxes = wrapper.findAll('input[type="checkbox"]')
    expect(boxes).toHaveLength(21)
    const saturday = wrapper.find('input[aria-label="周六上午有空"]')
    expect((saturday.element as HTMLInputElement).checked).toBe(true)
    expect((wrapper.find('input[aria-label="周一晚上有空"]').element as HTMLInputElement).checked).toBe(false)
    expect(wrapper.find('caption').text()).toBe('每周有空的时间')
  })

  it('adds and removes slots', async () => {
    const wrapper = render({ modelValue: ['sat-morning'], caption: 'Free times' }, 'en')
    await wrapper.find('input[aria-label="Free on Mon Evening"]').setValue(true)
    await wrapper.find('input[aria-label="Free on Sat Morning"]').setValue(false)
    expect(wrapper.emitted('update:modelValue')).toEqual([[['sat-morning', 'mon-evening']], [[]]])
  })

  it('shows the week without controls when read only', () => {
    const wrapper = render({ modelValue: ['sun-afternoon'], caption: '有空的时段', readonly: true })
    expect(wrapper.findAll('input')).toHaveLength(0)
    expect(wrapper.text()).toContain('有空')
    expect(wrapper.text().match(/✓/g)).toHaveLength(1)
  })
})
