import { flushPromises, mount } from '@vue/test-utils'
import { beforeEach, describe, expect, it, vi } from 'vitest'

import { ApiError } from '@/api/client'
import * as consoleApi from '@/api/console'
import * as events from '@/api/events'
import type { EventRegistration, Registration } from '@/api/types'
import { createAppI18n } from '@/i18n'

import RegistrationsPanel from '../RegistrationsPanel.vue'

vi.mock('@/api/events', () => ({ listEventRegistrations: vi.fn() }))
vi.mock('@/api/console', () => ({ markAttendance: vi.fn() }))

const registration: EventRegistration = {
  id: 41,
  volunteer: { id: 7, real_name: '吕怡', phone: '139****0266' },
  status: 'confirmed',
  waitlist_position: null,
  note: '',
  reservation: null,
  attendance: 'pending',
  checked_in_at: null,
  checked_out_at: null,
  cancelled_at: null,
  late_cancellation: false,
  created_at: '2026-12-01T10:00:00+08:00',
}

function render(startsInMinutes: number) {
  const start = Date.now() + startsInMinutes * 60_000
  return mount(RegistrationsPanel, {
    props: {
      eventId: 3,
      startsAt: new Date(start).toISOString(),
      endsAt: new Date(start + 2 * 3600_000).toISOString(),
      cancelled: false,
    },
    global: { plugins: [createAppI18n('zh-CN')] },
  })
}

beforeEach(() => {
  vi.mocked(events.listEventRegistrations).mockResolvedValue({ count: 1, results: [registration] })
  vi.mocked(consoleApi.markAttendance).mockReset()
})

describe('RegistrationsPanel', () => {
  it('checks a volunteer in by hand while check-in is open, and shows the new state', async () => {
    vi.mocked(consoleApi.markAttendance).mockResolvedValue({
      ...registration,
      attendance: 'attended',
      checked_in_at: new Date().toISOString(),
    } as Registration)
    const wrapper = render(-10)
    await flushPromises()

    await wrapper.get('button[aria-label="为吕怡签到"]').trigger('click')
    await flushPromises()

    expect(consoleApi.markAttendance).toHaveBeenCalledWith(41, 'check-in')
    expect(wrapper.text()).toContain('已到场')
    expect(wrapper.find('button[aria-label="为吕怡签到"]').exists()).toBe(false)
    expect(wrapper.find('button[aria-label="为吕怡签退"]').exists()).toBe(true)
  })

  it('offers no check-in days before the event', async () => {
    const wrapper = render(3 * 24 * 60)
    await flushPromises()
    expect(wrapper.find('button[aria-label="为吕怡签到"]').exists()).toBe(false)
  })

  it('shows a refusal in words', async () => {
    vi.mocked(consoleApi.markAttendance).mockRejectedValue(new ApiError(409, 'check_in_closed', ''))
    const wrapper = render(-10)
    await flushPromises()
    await wrapper.get('button[aria-label="为吕怡签到"]').trigger('click')
    await flushPromises()
    expect(wrapper.get('[role="alert"]').text()).toContain('活动开始前 1 小时到活动结束可以签到')
  })

  it('lists the waitlist in order when asked', async () => {
    const wrapper = render(60)
    await flushPromises()
    vi.mocked(events.listEventRegistrations).mockResolvedValue({
      count: 1,
      results: [{ ...registration, status: 'waitlisted', waitlist_position: 2 }],
    })
    await wrapper.findAll('input[type="radio"]')[1]!.setValue(true)
    await flushPromises()
    expect(events.listEventRegistrations).toHaveBeenLastCalledWith(3, { status: 'waitlisted', page: 1, page_size: 20 })
    expect(wrapper.text()).toContain('候补第2位')
  })
})
