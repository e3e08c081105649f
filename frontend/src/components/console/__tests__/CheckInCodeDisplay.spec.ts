import { flushPromises, mount } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'

import { ApiError } from '@/api/client'
import * as events from '@/api/events'
import { createAppI18n } from '@/i18n'

import CheckInCodeDisplay from '../CheckInCodeDisplay.vue'

vi.mock('@/api/events', () => ({ getCheckInCode: vi.fn(), listEventRegistrations: vi.fn() }))

const START = new Date('2026-12-12T09:00:10+08:00').getTime()

function codeAt(code: string, refreshIn: number) {
  const refresh = new Date(Date.now() + refreshIn * 1000)
  return {
    code,
    refresh_at: refresh.toISOString(),
    valid_until: new Date(refresh.getTime() + 30_000).toISOString(),
    qr_svg: 'data:image/svg+xml;base64,PHN2Zy8+',
  }
}

function render() {
  return mount(CheckInCodeDisplay, {
    props: { eventId: 3, title: '毛纺社区·楼道清理' },
    global: { plugins: [createAppI18n('zh-CN')] },
  })
}

beforeEach(() => {
  vi.useFakeTimers()
  vi.setSystemTime(START)
  vi.mocked(events.getCheckInCode).mockReset()
  vi.mocked(events.listEventRegistrations).mockImplementation(async (_id, query) => ({
    count: query?.attendance === 'attended' ? 3 : 8,
    results: [],
  }))
})

afterEach(() => {
  vi.useRealTimers()
})

describe('CheckInCodeDisplay', () => {
  it('shows the code in two groups of three, the countdown and who has checked in', async () => {
    vi.mocked(events.getCheckInCode).mockResolvedValue(codeAt('123456', 20))
    const wrapper = render()
    await flushPromises()

    const code = wrapper.get('[data-testid="check-in-code"]')
    expect(code.attributes('data-code')).toBe('123456')
    expect(code.text().replace(/\s/g, '')).toBe('123456')
    expect(wrapper.text()).toContain('20 秒后更换')
    expect(wrapper.get('[data-testid="attended"]').text()).toBe('已签到 3 / 8 人')
    expect(wrapper.get('img').attributes('alt')).toContain('签到二维码')
    wrapper.unmount()
  })

  it('fetches the next code when the current one is due to change', async () => {
    vi.mocked(events.getCheckInCode).mockResolvedValueOnce(codeAt('123456', 20))
    const wrapper = render()
    await flushPromises()
    vi.mocked(events.getCheckInCode).mockResolvedValueOnce(codeAt('654321', 30))

    await vi.advanceTimersByTimeAsync(10_000)
    expect(wrapper.text()).toContain('10 秒后更换')
    expect(events.getCheckInCode).toHaveBeenCalledTimes(1)

    await vi.advanceTimersByTimeAsync(10_500)
    expect(events.getCheckInCode).toHaveBeenCalledTimes(2)
    expect(wrapper.get('[data-testid="check-in-code"]').attributes('data-code')).toBe('654321')
    wrapper.unmount()
  })

  it('says the connection is lost, keeps trying, and hides a code once it has expired', async () => {
    vi.mocked(events.getCheckInCode).mockResolvedValueOnce(codeAt('123456', 1))
    const wrapper = render()
    await flushPromises()
    vi.mocked(events.getCheckInCode).mockRejectedValue(new ApiError(0, 'network_error', 'offline'))

    await vi.advanceTimersByTimeAsync(1_500)
    expect(wrapper.get('[role="alert"]').text()).toContain('连接中断')
    await vi.advanceTimersByTimeAsync(31_000)
    expect(wrapper.find('[data-testid="check-in-code"]').exists()).toBe(false)
    expect(vi.mocked(events.getCheckInCode).mock.calls.length).toBeGreaterThan(3)
    wrapper.unmount()
  })

  it('stops asking once the server refuses, and says why', async () => {
    vi.mocked(events.getCheckInCode).mockRejectedValue(new ApiError(403, 'permission_denied', ''))
    const wrapper = render()
    await flushPromises()
    await vi.advanceTimersByTimeAsync(60_000)
    expect(events.getCheckInCode).toHaveBeenCalledTimes(1)
    expect(wrapper.get('[role="alert"]').text()).toBe('您没有权限进行这个操作。')
    wrapper.unmount()
  })
})
