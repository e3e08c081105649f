import { flushPromises, mount, RouterLinkStub } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it, vi } from 'vitest'

import * as areas from '@/api/areas'
import * as campaigns from '@/api/campaigns'
import { ApiError } from '@/api/client'
import * as consoleApi from '@/api/console'
import type { CurrentUser } from '@/api/types'
import * as volunteers from '@/api/volunteers'
import { createAppI18n } from '@/i18n'
import { useSessionStore } from '@/stores/session'

import ConsoleCampaignFormView from '../ConsoleCampaignFormView.vue'

const push = vi.fn()
vi.mock('vue-router', async (original) => ({ ...(await original<object>()), useRouter: () => ({ push }) }))
vi.mock('@/api/areas', () => ({ listAreas: vi.fn() }))
vi.mock('@/api/campaigns', () => ({ createCampaign: vi.fn(), getCampaign: vi.fn(), updateCampaign: vi.fn() }))
vi.mock('@/api/console', () => ({ getCenter: vi.fn(), listCenters: vi.fn() }))
vi.mock('@/api/volunteers', () => ({ listSkills: vi.fn() }))

const coordinator = {
  id: 2,
  name: '中关村街道协调员',
  phone: '13800000002',
  email: '',
  volunteer: null,
  district_admin: false,
  memberships: [
    { id: 9, user: 2, role: 'coordinator', status: 'active', center: { id: 47, name: '中关村街道新时代文明实践所' }, partner: null, created_at: '' },
  ],
} as CurrentUser

function render() {
  const pinia = createPinia()
  setActivePinia(pinia)
  useSessionStore().user = coordinator
  return mount(ConsoleCampaignFormView, {
    global: { plugins: [createAppI18n('zh-CN'), pinia], stubs: { RouterLink: RouterLinkStub } },
  })
}

beforeEach(() => {
  push.mockReset()
  vi.mocked(volunteers.listSkills).mockResolvedValue([{ id: 1, code: 'first-aid', name: '应急救护', name_en: 'First aid' }])
  vi.mocked(consoleApi.getCenter).mockResolvedValue({
    id: 47,
    name: '中关村街道新时代文明实践所',
    level: 'institute',
    area: 11,
    area_name: '中关村街道',
    address: '',
    phone: '',
  })
  vi.mocked(areas.listAreas).mockResolvedValue({
    count: 1,
    results: [{ id: 68, name: '毛纺社区', code: '110108010002', level: 'community', parent: 11, population: 5920 }],
  })
})

describe('ConsoleCampaignFormView', () => {
  it("drafts a campaign for the coordinator's center, with target areas within it", async () => {
    vi.mocked(campaigns.createCampaign).mockResolvedValue({ id: 31 } as never)
    const wrapper = render()
    await flushPromises()

    expect(wrapper.findAll('fieldset')[0]!.text()).toContain('中关村街道')
    await wrapper.get('#campaign-title').setValue('背街小巷清洁')
    await wrapper.get('#campaign-theme').setValue('environment')
    await wrapper.get('#campaign-ends').setValue('2027-01-31')
    await wrapper.get('input[type="checkbox"][value="68"]').setValue(true)
    await wrapper.get('input[type="checkbox"][value="first-aid"]').setValue(true)
    await wrapper.get('form').trigger('submit')
    await flushPromises()

    expect(campaigns.createCampaign).toHaveBeenCalledWith(
      expect.objectContaining({
        title: '背街小巷清洁',
        theme: 'environment',
        center: 47,
        ends_on: '2027-01-31',
        target_areas: [68],
        skills_wanted: ['first-aid'],
      }),
    )
    expect(push).toHaveBeenCalledWith({ name: 'console-campaign', params: { id: 31 } })
  })

  it('shows a refusal next to the field it concerns', async () => {
    vi.mocked(campaigns.createCampaign).mockRejectedValue(
      new ApiError(400, 'invalid_schedule', '', [{ field: 'ends_on', code: 'invalid_schedule', message: '' }]),
    )
    const wrapper = render()
    await flushPromises()
    await wrapper.get('form').trigger('submit')
    await flushPromises()

    const ends = wrapper.get('#campaign-ends')
    expect(ends.attributes('aria-invalid')).toBe('true')
    expect(wrapper.get(`#${ends.attributes('aria-describedby')}`).text()).toContain('结束要晚于开始')
    expect(wrapper.get('[role="alert"]').text()).toContain('时间安排有误')
  })
})
