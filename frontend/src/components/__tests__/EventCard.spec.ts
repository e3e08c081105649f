import { mount, RouterLinkStub } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'

import type { Event } from '@/api/types'
import { createAppI18n } from '@/i18n'

import EventCard from '../EventCard.vue'

const event: Event = {
  id: 5,
  campaign: { id: 1, title: '老旧小区环境整治', theme: 'old_compounds' },
  title: '颐北园社区·楼道堆物清理',
  description: '',
  starts_at: '2026-11-30T09:00:00+08:00',
  ends_at: '2026-11-30T11:00:00+08:00',
  area: { id: 67, name: '颐北园社区' },
  address: '颐北园社区活动站',
  latitude: null,
  longitude: null,
  capacity: 10,
  confirmed_count: 10,
  free_places: 0,
  waitlist_count: 2,
  skills_wanted: [],
  registration_opens_at: null,
  registration_closes_at: null,
  min_age: 0,
  partner_only: null,
  series: null,
  status: 'scheduled',
}

describe('EventCard', () => {
  it('shows when, where and that a full event takes a waitlist', () => {
    const wrapper = mount(EventCard, {
      props: { event },
      global: { plugins: [createAppI18n('zh-CN')], stubs: { RouterLink: RouterLinkStub } },
    })
    expect(wrapper.text()).toContain('老旧小区')
    expect(wrapper.text()).toContain('09:00–11:00')
    expect(wrapper.text()).toContain('已满，可报名候补')
    expect(wrapper.text()).toContain('2 人候补')
    expect(wrapper.getComponent(RouterLinkStub).props('to')).toEqual({ name: 'event', params: { id: 5 } })
  })
})
