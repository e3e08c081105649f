import { flushPromises, mount, RouterLinkStub } from '@vue/test-utils'
import { ElMessageBox } from 'element-plus'
import { beforeEach, describe, expect, it, vi } from 'vitest'

import * as campaigns from '@/api/campaigns'
import type { Plan } from '@/api/console'
import type { Event } from '@/api/types'
import { createAppI18n } from '@/i18n'

import AssignmentPlanPanel from '../AssignmentPlanPanel.vue'

vi.mock('@/api/campaigns', () => ({
  planAssignments: vi.fn(),
  listCampaignEvents: vi.fn(),
  applyAssignmentPlan: vi.fn(),
}))

const plan: Plan = {
  assignments: [
    { event: 6, volunteer: 14, volunteer_name: '夏宇', score: 0.675 },
    { event: 6, volunteer: 127, volunteer_name: '蒋秀宇', score: 0.575 },
    { event: 7, volunteer: 96, volunteer_name: '侯平', score: 0.575 },
  ],
  total_score: 1.85,
  skill_coverage: 0.5,
  places: 4,
  greedy_assignments: 2,
  greedy_total_score: 1.25,
  greedy_skill_coverage: 0.25,
}

const event = (id: number, title: string) =>
  ({ id, title, starts_at: '2026-12-15T09:00:00+08:00', ends_at: '2026-12-15T11:00:00+08:00', free_places: 2 }) as Event

function render(published = true) {
  return mount(AssignmentPlanPanel, {
    props: { campaignId: 1, published },
    global: { plugins: [createAppI18n('zh-CN')], stubs: { RouterLink: RouterLinkStub } },
  })
}

beforeEach(() => {
  vi.mocked(campaigns.planAssignments).mockResolvedValue(plan)
  vi.mocked(campaigns.listCampaignEvents).mockResolvedValue({ count: 2, results: [event(6, '周六清扫'), event(7, '周日清扫')] })
  vi.mocked(campaigns.applyAssignmentPlan).mockReset()
})

describe('AssignmentPlanPanel', () => {
  it('shows the optimal plan beside best-first picking, with the gain', async () => {
    const wrapper = render()
    await wrapper.get('form').trigger('submit')
    await flushPromises()

    expect(campaigns.planAssignments).toHaveBeenCalledWith(1, { max_per_volunteer: 1, candidates_per_place: 10 })
    const rows = wrapper.findAll('[data-testid="plan-comparison"] tbody tr').map((row) => row.findAll('td').map((cell) => cell.text()))
    expect(rows).toEqual([
      ['1.85', '1.25', '+0.60'],
      ['50%', '25%', '+25%'],
      ['3 / 4', '2 / 4', '+1'],
    ])
    expect(wrapper.get('[data-testid="plan-gain"]').text()).toContain('多得 0.60 分（高 48.0%）')
    expect(wrapper.text()).toContain('周六清扫')
    expect(wrapper.text()).toContain('夏宇')
  })

  it('sends only the chosen places as invitations, after a confirmation', async () => {
    vi.spyOn(ElMessageBox, 'confirm').mockResolvedValue('confirm' as never)
    vi.mocked(campaigns.applyAssignmentPlan).mockResolvedValue([{ id: 1 }, { id: 2 }] as never)
    const wrapper = render()
    await wrapper.get('form').trigger('submit')
    await flushPromises()

    await wrapper.get('input[aria-label="邀请蒋秀宇"]').setValue(false)
    const send = wrapper.findAll('button').find((button) => button.text() === '发送邀请（2 人）')!
    await send.trigger('click')
    await flushPromises()

    expect(ElMessageBox.confirm).toHaveBeenCalled()
    expect(campaigns.applyAssignmentPlan).toHaveBeenCalledWith(1, [
      { event: 6, volunteer: 14 },
      { event: 7, volunteer: 96 },
    ])
    expect(wrapper.text()).toContain('已发出 2 份邀请')
  })

  it('keeps a draft campaign from sending invitations', async () => {
    const wrapper = render(false)
    await wrapper.get('form').trigger('submit')
    await flushPromises()
    const send = wrapper.findAll('button').find((button) => button.text().startsWith('发送邀请'))!
    expect(send.attributes('disabled')).toBeDefined()
    expect(wrapper.text()).toContain('行动发布后才能发送邀请')
  })
})
