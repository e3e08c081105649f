import { flushPromises, mount, RouterLinkStub } from '@vue/test-utils'
import { beforeEach, describe, expect, it, vi } from 'vitest'

import { ApiError } from '@/api/client'
import type { Invitation } from '@/api/me'
import * as me from '@/api/me'
import type { Registration } from '@/api/types'
import { createAppI18n } from '@/i18n'

import InvitationCard from '../InvitationCard.vue'

vi.mock('@/api/me', () => ({
  acceptInvitation: vi.fn(),
  declineInvitation: vi.fn(),
  getRegistration: vi.fn(),
}))

const event: Invitation['event'] = {
  id: 9,
  campaign: { id: 1, title: '背街小巷环境整治', theme: 'environment' },
  title: '颐北园社区·楼道清理',
  description: '',
  starts_at: '2026-12-20T09:00:00+08:00',
  ends_at: '2026-12-20T11:00:00+08:00',
  area: { id: 67, name: '颐北园社区' },
  address: '社区活动站',
  latitude: null,
  longitude: null,
  capacity: 10,
  confirmed_count: 10,
  free_places: 0,
  skills_wanted: [],
  registration_opens_at: null,
  registration_closes_at: null,
  min_age: 0,
  partner_only: null,
  series: null,
  status: 'scheduled',
}
const invitation: Invitation = {
  id: 4,
  event,
  volunteer: { id: 301, real_name: '张志愿', phone: '138****0004' },
  status: 'pending',
  score: '0.8000',
  registration: null,
  responded_at: null,
  created_at: '2026-12-06T10:00:00+08:00',
}

function render() {
  return mount(InvitationCard, {
    props: { invitation },
    global: { plugins: [createAppI18n('zh-CN')], stubs: { RouterLink: RouterLinkStub } },
  })
}

beforeEach(() => {
  vi.mocked(me.acceptInvitation).mockReset()
  vi.mocked(me.getRegistration).mockReset()
})

describe('InvitationCard', () => {
  it('accepting a full event shows the waitlist place it led to', async () => {
    vi.mocked(me.acceptInvitation).mockResolvedValue({ ...invitation, status: 'accepted', registration: 77 })
    vi.mocked(me.getRegistration).mockResolvedValue({ id: 77, status: 'waitlisted', waitlist_position: 2 } as Registration)
    const wrapper = render()
    expect(wrapper.text()).toContain('名额已满，接受后进入候补')

    await wrapper.findAll('button').find((button) => button.text() === '接受邀请')?.trigger('click')
    await flushPromises()

    expect(me.getRegistration).toHaveBeenCalledWith(77)
    expect(wrapper.get('[data-testid="invitation-result"]').text()).toContain('候补第2位')
    expect(wrapper.emitted('answered')?.[0]?.[0]).toMatchObject({ status: 'accepted' })
  })

  it('says in words why an acceptance was refused', async () => {
    vi.mocked(me.acceptInvitation).mockRejectedValue(new ApiError(409, 'time_clash', 'You already have a confirmed event at this time.'))
    const wrapper = render()

    await wrapper.findAll('button').find((button) => button.text() === '接受邀请')?.trigger('click')
    await flushPromises()

    expect(wrapper.get('[role="alert"]').text()).toBe('这个活动和您已报名的另一个活动时间冲突。')
    expect(wrapper.emitted('answered')).toBeUndefined()
  })

  it('says a closed invitation is closed', async () => {
    vi.mocked(me.acceptInvitation).mockRejectedValue(new ApiError(409, 'invitation_closed', ''))
    const wrapper = render()

    await wrapper.findAll('button').find((button) => button.text() === '接受邀请')?.trigger('click')
    await flushPromises()

    expect(wrapper.get('[role="alert"]').text()).toContain('已经回复过或被撤回')
  })
})
