import { flushPromises, mount } from '@vue/test-utils'
import { beforeEach, describe, expect, it, vi } from 'vitest'

import * as campaignsApi from '@/api/campaigns'
import { ApiError } from '@/api/client'
import * as partnerApi from '@/api/partner'
import type { CampaignParticipation, Partner } from '@/api/partner'
import { createAppI18n } from '@/i18n'

import PartnerCampaignsView from '../PartnerCampaignsView.vue'

vi.mock('@/api/campaigns', () => ({ listCampaigns: vi.fn() }))
vi.mock('@/api/partner', () => ({
  acceptInvitation: vi.fn(),
  declineParticipation: vi.fn(),
  listParticipations: vi.fn(),
  offerToJoin: vi.fn(),
}))

const partner = { id: 1, name: '燕园职业技术学院', status: 'approved' } as Partner
const invitation: CampaignParticipation = {
  id: 31,
  partner: { id: 1, name: '燕园职业技术学院' },
  campaign: { id: 5, title: '文明交通劝导专项行动' },
  origin: 'invitation',
  status: 'invited',
  message: '贵校紧邻主干道，诚邀参加',
  commitment: '',
  review_reason: '',
  reviewed_at: null,
  created_at: '2026-12-01T10:00:00+08:00',
}

function render() {
  return mount(PartnerCampaignsView, {
    props: { partner },
    global: { plugins: [createAppI18n('zh-CN')], stubs: { teleport: true } },
    attachTo: document.body,
  })
}

function button(wrapper: ReturnType<typeof render>, text: RegExp) {
  return wrapper.findAll('button').find((item) => text.test(item.text()))!
}

beforeEach(() => {
  vi.mocked(partnerApi.listParticipations).mockResolvedValue({ count: 1, results: [invitation] })
  vi.mocked(campaignsApi.listCampaigns).mockResolvedValue({ count: 0, results: [] })
  vi.mocked(partnerApi.acceptInvitation).mockReset()
  vi.mocked(partnerApi.declineParticipation).mockReset()
})

describe('PartnerCampaignsView', () => {
  it('shows an invitation with the organizer’s message, apart from the campaigns the partner is in', async () => {
    const wrapper = render()
    await flushPromises()

    const card = wrapper.get('[data-testid="invitation"]')
    expect(card.text()).toContain('文明交通劝导专项行动')
    expect(card.text()).toContain('组织方留言：贵校紧邻主干道，诚邀参加')
    expect(card.text()).toContain('受邀待答复')
    expect(wrapper.find('[data-testid="participation"]').exists()).toBe(false)
    expect(wrapper.text()).toContain('还没有报名或受邀参加专项行动。')
    wrapper.unmount()
  })

  it('accepts only with a commitment, then lists the campaign as taken part in', async () => {
    vi.mocked(partnerApi.acceptInvitation).mockResolvedValue({
      ...invitation,
      status: 'accepted',
      commitment: '每周六派十名师生劝导',
      reviewed_at: '2026-12-02T10:00:00+08:00',
    })
    const wrapper = render()
    await flushPromises()

    await button(wrapper, /^接受邀请/).trigger('click')
    await wrapper.get('[data-testid="invitation"] form').trigger('submit')
    expect(wrapper.get('#answer-31-hint').text()).toBe('请写明本单位承诺做什么。')
    expect(partnerApi.acceptInvitation).not.toHaveBeenCalled()

    await wrapper.get('#answer-31').setValue(' 每周六派十名师生劝导 ')
    await wrapper.get('[data-testid="invitation"] form').trigger('submit')
    await flushPromises()

    expect(partnerApi.acceptInvitation).toHaveBeenCalledWith(31, '每周六派十名师生劝导')
    expect(wrapper.find('[data-testid="invitation"]').exists()).toBe(false)
    const taken = wrapper.get('[data-testid="participation"]')
    expect(taken.text()).toContain('已接受')
    expect(taken.text()).toContain('承诺：每周六派十名师生劝导')
    wrapper.unmount()
  })

  it('shows the server’s word on the commitment next to the field', async () => {
    vi.mocked(partnerApi.acceptInvitation).mockRejectedValue(
      new ApiError(400, 'invalid', '…', [{ field: 'commitment', code: 'max_length', message: '请确保这个字段不超过 2000 个字符。' }]),
    )
    const wrapper = render()
    await flushPromises()

    await button(wrapper, /^接受邀请/).trigger('click')
    await wrapper.get('#answer-31').setValue('很长的承诺')
    await wrapper.get('[data-testid="invitation"] form').trigger('submit')
    await flushPromises()

    expect(wrapper.get('#answer-31').attributes('aria-invalid')).toBe('true')
    expect(wrapper.get('#answer-31-hint').text()).toBe('请确保这个字段不超过 2000 个字符。')
    expect(wrapper.get('#answer-31-hint').classes()).toContain('field__error')
    expect(wrapper.find('[data-testid="invitation"] [role="alert"]').exists()).toBe(false)
    wrapper.unmount()
  })

  it('declines with a reason the organizer will read', async () => {
    vi.mocked(partnerApi.declineParticipation).mockResolvedValue({
      ...invitation,
      status: 'declined',
      review_reason: '本月师生外出实习',
      reviewed_at: '2026-12-02T10:00:00+08:00',
    })
    const wrapper = render()
    await flushPromises()

    await button(wrapper, /^婉拒/).trigger('click')
    await flushPromises()
    await wrapper.get('.el-dialog textarea').setValue('本月师生外出实习')
    await wrapper.get('.el-dialog form').trigger('submit')
    await flushPromises()

    expect(partnerApi.declineParticipation).toHaveBeenCalledWith(31, '本月师生外出实习')
    expect(wrapper.get('[data-testid="participation"]').text()).toContain('本单位答复：本月师生外出实习')
    wrapper.unmount()
  })
})
