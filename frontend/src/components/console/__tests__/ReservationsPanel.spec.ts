import { flushPromises, mount } from '@vue/test-utils'
import { beforeEach, describe, expect, it, vi } from 'vitest'

import { ApiError } from '@/api/client'
import * as consoleApi from '@/api/console'
import type { Registration } from '@/api/types'
import { createAppI18n } from '@/i18n'

import ReservationsPanel from '../ReservationsPanel.vue'

vi.mock('@/api/console', () => ({
  assignReservedPlace: vi.fn(),
  listApprovedPartners: vi.fn(),
  listPartnerMembers: vi.fn(),
  listReservations: vi.fn(),
  releaseReservedPlaces: vi.fn(),
}))
vi.mock('@/api/events', () => ({ reservePlaces: vi.fn() }))

const reservation = {
  id: 9,
  event: 6,
  partner: { id: 1, name: '燕园职业技术学院' },
  places: 3,
  assigned: 1,
  created_at: '2026-12-01T10:00:00+08:00',
}
const member = (id: number, name: string, volunteer: number | null, status: 'active' | 'pending' = 'active') => ({
  id,
  role: 'partner_member' as const,
  status,
  user: { id: id + 100, name, phone: '138****0004' },
  volunteer,
  created_at: '2026-11-01T10:00:00+08:00',
})

function render() {
  return mount(ReservationsPanel, {
    props: { eventId: 6, open: true, freePlaces: 5 },
    global: { plugins: [createAppI18n('zh-CN')], stubs: { teleport: true } },
    attachTo: document.body,
  })
}

beforeEach(() => {
  vi.mocked(consoleApi.listReservations).mockResolvedValue({ count: 1, results: [reservation] })
  vi.mocked(consoleApi.listApprovedPartners).mockResolvedValue({ count: 0, results: [] })
  vi.mocked(consoleApi.assignReservedPlace).mockReset()
  vi.mocked(consoleApi.releaseReservedPlaces).mockReset()
})

function button(wrapper: ReturnType<typeof render>, text: string) {
  return wrapper.findAll('button').find((item) => item.text() === text)!
}

describe('ReservationsPanel', () => {
  it('gives a reserved place to a member who is a volunteer', async () => {
    vi.mocked(consoleApi.listPartnerMembers).mockResolvedValue({
      count: 3,
      results: [member(1, '陈晓', 44), member(2, '无档案', null), member(3, '待确认', 45, 'pending')],
    })
    vi.mocked(consoleApi.assignReservedPlace).mockResolvedValue({ id: 70 } as Registration)
    const wrapper = render()
    await flushPromises()
    expect(wrapper.text()).toContain('已分配 1 / 3')

    await button(wrapper, '分配名额').trigger('click')
    await flushPromises()
    const options = wrapper.findAll('.el-dialog select option').map((option) => option.text())
    expect(options).toEqual(['请选择成员', '陈晓 · 138****0004'])
    await wrapper.get('.el-dialog select').setValue('44')
    await wrapper.get('.el-dialog form').trigger('submit')
    await flushPromises()

    expect(consoleApi.assignReservedPlace).toHaveBeenCalledWith(9, 44)
    expect(consoleApi.listReservations).toHaveBeenCalledTimes(2)
    expect(wrapper.emitted('changed')).toHaveLength(1)
    wrapper.unmount()
  })

  it('explains that another area’s partner keeps its roster', async () => {
    vi.mocked(consoleApi.listPartnerMembers).mockRejectedValue(new ApiError(404, 'not_found', ''))
    const wrapper = render()
    await flushPromises()
    await button(wrapper, '分配名额').trigger('click')
    await flushPromises()
    expect(wrapper.get('.el-dialog [role="alert"]').text()).toContain('不在您的辖区')
    wrapper.unmount()
  })

  it('releases unassigned places and shows a refusal next to the field', async () => {
    vi.mocked(consoleApi.releaseReservedPlaces).mockRejectedValue(
      new ApiError(409, 'not_enough_places', '', [{ field: 'places', code: 'not_enough_places', message: '' }]),
    )
    const wrapper = render()
    await flushPromises()
    await button(wrapper, '释放名额').trigger('click')
    await flushPromises()
    expect((wrapper.get('.el-dialog input[type="number"]').element as HTMLInputElement).value).toBe('2')
    await wrapper.get('.el-dialog form').trigger('submit')
    await flushPromises()
    expect(consoleApi.releaseReservedPlaces).toHaveBeenCalledWith(9, 2)
    expect(wrapper.get('.el-dialog .field__error').text()).toBe('剩余名额不够。')
    wrapper.unmount()
  })
})
