import { flushPromises, mount } from '@vue/test-utils'
import { beforeEach, describe, expect, it, vi } from 'vitest'

import * as campaignsApi from '@/api/campaigns'
import { ApiError } from '@/api/client'
import * as consoleApi from '@/api/console'
import type { CampaignStatus, Participation, PartnerCandidate } from '@/api/console'
import { createAppI18n } from '@/i18n'

import PartnersPanel from '../PartnersPanel.vue'

vi.mock('@/api/campaigns', () => ({ listCampaignPartners: vi.fn(), listPartnerCandidates: vi.fn() }))
vi.mock('@/api/console', () => ({ acceptParticipation: vi.fn(), declineParticipation: vi.fn(), invitePartner: vi.fn() }))

const candidate = (id: number, name: string, participation: PartnerCandidate['participation']): PartnerCandidate => ({
  partner: { id, name },
  kind: 'university',
  area: '燕园街道',
  score: 0.6,
  participation,
  pledged_hours: '100.0',
  delivered_hours: '20.00',
  running_campaigns: 0,
  parts: [],
})

const invitation: Participation = {
  id: 31,
  partner: { id: 1, name: '燕园职业技术学院' },
  campaign: { id: 5, title: '文明交通劝导' },
  origin: 'invitation',
  status: 'invited',
  message: '诚邀参加',
  commitment: '',
  review_reason: '',
  reviewed_at: null,
  created_at: '2026-12-01T10:00:00+08:00',
}

function render(campaignStatus: CampaignStatus = 'published') {
  return mount(PartnersPanel, {
    props: { campaignId: 5, campaignStatus },
    global: { plugins: [createAppI18n('zh-CN')], stubs: { teleport: true } },
    attachTo: document.body,
  })
}

function cards(wrapper: ReturnType<typeof render>) {
  return wrapper.findAll('[data-testid="partner-candidate"]')
}

beforeEach(() => {
  vi.mocked(campaignsApi.listCampaignPartners).mockResolvedValue({ count: 0, results: [] })
  vi.mocked(campaignsApi.listPartnerCandidates).mockResolvedValue([
    candidate(1, '燕园职业技术学院', null),
    candidate(2, '西北旺大学', 'invited'),
    candidate(3, '四季青学院', 'accepted'),
  ])
  vi.mocked(consoleApi.invitePartner).mockReset()
})

describe('PartnersPanel', () => {
  it('offers to invite only the partners not yet in the campaign, and says where the others stand', async () => {
    const wrapper = render()
    await flushPromises()

    const [fresh, invited, taking] = cards(wrapper)
    expect(fresh!.find('button').attributes('aria-label')).toBe('邀请燕园职业技术学院参与本行动')
    expect(fresh!.text()).toContain('尚未参与')
    expect(invited!.text()).toContain('已邀请')
    expect(invited!.find('button').exists()).toBe(false)
    expect(taking!.text()).toContain('已参与')
    expect(taking!.find('button').exists()).toBe(false)
    wrapper.unmount()
  })

  it('sends an invitation with the message and shows it among the campaign’s partners', async () => {
    vi.mocked(consoleApi.invitePartner).mockResolvedValue(invitation)
    const wrapper = render()
    await flushPromises()

    await cards(wrapper)[0]!.find('button').trigger('click')
    await wrapper.get('.el-dialog textarea').setValue('  诚邀参加  ')
    vi.mocked(campaignsApi.listCampaignPartners).mockResolvedValue({ count: 1, results: [invitation] })
    await wrapper.findAll('.el-dialog button').find((button) => button.text() === '发送邀请')!.trigger('click')
    await flushPromises()

    expect(consoleApi.invitePartner).toHaveBeenCalledWith(5, 1, '诚邀参加')
    const joined = wrapper.get('[data-testid="participation"]')
    expect(joined.text()).toContain('等待对方单位答复并写明承诺。')
    expect(joined.text()).toContain('邀请留言：诚邀参加')
    expect(joined.find('button').exists()).toBe(false)
    wrapper.unmount()
  })

  it('says in words why an invitation was refused', async () => {
    vi.mocked(consoleApi.invitePartner).mockRejectedValue(
      new ApiError(400, 'already_in_campaign', '…', [{ field: 'partner', code: 'already_in_campaign', message: '…' }]),
    )
    const wrapper = render()
    await flushPromises()

    await cards(wrapper)[0]!.find('button').trigger('click')
    await wrapper.findAll('.el-dialog button').find((button) => button.text() === '发送邀请')!.trigger('click')
    await flushPromises()

    expect(wrapper.get('.el-dialog [role="alert"]').text()).toBe('这个单位已经受邀或申请参与本行动了。')
    wrapper.unmount()
  })

  it('invites no one before the campaign is published', async () => {
    const wrapper = render('draft')
    await flushPromises()

    expect(wrapper.text()).toContain('专项行动发布后才能邀请共建单位。')
    expect(cards(wrapper)[0]!.find('button').exists()).toBe(false)
    wrapper.unmount()
  })
})
