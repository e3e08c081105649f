import { mount } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'

import { createAppI18n } from '@/i18n'

import RegistrationBadge from '../RegistrationBadge.vue'

function render(props: InstanceType<typeof RegistrationBadge>['$props'], locale: 'zh-CN' | 'en' = 'zh-CN') {
  return mount(RegistrationBadge, { props, global: { plugins: [createAppI18n(locale)] } })
}

describe('RegistrationBadge', () => {
  it('says 已报名 for a confirmed place', () => {
    expect(render({ status: 'confirmed' }).text()).toBe('已报名')
  })

  it('names the waitlist position', () => {
    expect(render({ status: 'waitlisted', waitlistPosition: 3 }).text()).toBe('候补第3位')
    expect(render({ status: 'waitlisted', waitlistPosition: 3 }, 'en').text()).toBe('Waitlist no. 3')
  })

  it('styles each state differently', () => {
    expect(render({ status: 'cancelled' }).classes()).toContain('badge--cancelled')
  })
})
