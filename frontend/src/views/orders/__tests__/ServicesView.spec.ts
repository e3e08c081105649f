import { flushPromises, mount } from '@vue/test-utils'
import { createPinia } from 'pinia'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { createMemoryHistory, createRouter } from 'vue-router'

import { listAreas } from '@/api/areas'
import { ApiError } from '@/api/client'
import { listServiceItems, placeResidentOrder, requestVerificationCode, type TrackingCreated } from '@/api/orders'
import type { Area } from '@/api/types'
import { createAppI18n } from '@/i18n'

import ServicesView from '../ServicesView.vue'

vi.mock('@/api/areas', () => ({ listAreas: vi.fn() }))
vi.mock('@/api/orders', async (original) => ({
  ...(await original<typeof import('@/api/orders')>()),
  listServiceItems: vi.fn(),
  requestVerificationCode: vi.fn(),
  placeResidentOrder: vi.fn(),
}))

const street: Area = { id: 10, name: '中关村街道', level: 'street', parent: 1, code: '110108012', population: 0 }
const community: Area = { id: 67, name: '颐北园社区', level: 'community', parent: 10, code: '110108012001', population: 0 }
const created = {
  tracking_token: 'secret-token',
  title: '楼道灯不亮了',
  center: { id: 48, name: '颐北园社区新时代文明实践站' },
  contact_phone: '139****5678',
} as TrackingCreated

beforeEach(() => {
  localStorage.clear()
  window.scrollTo = vi.fn()
  vi.mocked(listAreas).mockImplementation(async (query) => {
    const results = query.parent ? [community] : query.level === 'street' ? [street] : []
    return { count: results.length, results }
  })
  vi.mocked(listServiceItems).mockResolvedValue({ count: 0, results: [] })
  vi.mocked(requestVerificationCode).mockReset()
  vi.mocked(placeResidentOrder).mockReset()
})

async function render() {
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/services', name: 'services', component: ServicesView },
      { path: '/track/:token', name: 'track-order', component: { template: '<p>track</p>' } },
    ],
  })
  await router.push('/services')
  const wrapper = mount(ServicesView, {
    attachTo: document.body,
    global: { plugins: [createAppI18n('zh-CN'), createPinia(), router] },
  })
  await flushPromises()
  return wrapper
}

async function fillIn(wrapper: Awaited<ReturnType<typeof render>>) {
  await wrapper.get('#order-area-street').setValue('10')
  await flushPromises()
  await wrapper.get('#order-area-community').setValue('67')
  await flushPromises()
  await wrapper.get('input[type="radio"][value="other"]').setValue(true)
  await wrapper.get('#order-title').setValue('楼道灯不亮了')
  await wrapper.get('#order-address').setValue('颐北园社区3号楼2单元501')
  await wrapper.get('#order-phone').setValue('139-1234-5678')
}

describe('ServicesView', () => {
  it('asks for the texted code when ordering needs one, and says a wrong one next to the field', async () => {
    vi.mocked(requestVerificationCode).mockResolvedValue({ required: true, expires_in: 600 })
    vi.mocked(placeResidentOrder)
      .mockRejectedValueOnce(
        new ApiError(400, 'bad_verification_code', 'server words', [
          { field: 'code', code: 'bad_verification_code', message: 'server words' },
        ]),
      )
      .mockResolvedValueOnce(created)
    const wrapper = await render()
    await fillIn(wrapper)
    expect(wrapper.find('#order-code').exists()).toBe(false)

    await wrapper.get('.phone__code').trigger('click')
    await flushPromises()
    expect(requestVerificationCode).toHaveBeenCalledWith('13912345678')
    expect(wrapper.text()).toContain('验证码已发到 139****5678，10 分钟内有效')
    expect(wrapper.get('.phone__code').text()).toContain('60 秒后重发')

    await wrapper.get('#order-code').setValue('123456')
    await wrapper.get('form').trigger('submit')
    await flushPromises()
    expect(wrapper.get('#order-code-error').text()).toBe('验证码不对、已过期或已经用过，请重新获取。')
    expect(wrapper.get('#order-code').attributes('aria-invalid')).toBe('true')

    await wrapper.get('#order-code').setValue('654321')
    await wrapper.get('form').trigger('submit')
    await flushPromises()
    expect(placeResidentOrder).toHaveBeenLastCalledWith({
      community: 67,
      address: '颐北园社区3号楼2单元501',
      contact_phone: '13912345678',
      description: '',
      preferred_start: null,
      preferred_end: null,
      title: '楼道灯不亮了',
      code: '654321',
    })
    expect(wrapper.text()).toContain('点单成功')
    expect(wrapper.get('[data-testid="tracking-link"]').attributes('href')).toBe('/track/secret-token')
    wrapper.unmount()
  })

  it('says when no code is needed, and sends none', async () => {
    vi.mocked(requestVerificationCode).mockResolvedValue({ required: false, expires_in: null })
    vi.mocked(placeResidentOrder).mockResolvedValue(created)
    const wrapper = await render()
    await fillIn(wrapper)
    await wrapper.get('.phone__code').trigger('click')
    await flushPromises()
    expect(wrapper.text()).toContain('这个手机号不需要验证码')
    expect(wrapper.find('#order-code').exists()).toBe(false)

    await wrapper.get('form').trigger('submit')
    await flushPromises()
    expect(vi.mocked(placeResidentOrder).mock.calls[0]?.[0]).not.toHaveProperty('code')
    wrapper.unmount()
  })

  it('marks what is missing before sending anything', async () => {
    const wrapper = await render()
    await wrapper.get('form').trigger('submit')
    await flushPromises()
    expect(placeResidentOrder).not.toHaveBeenCalled()
    expect(wrapper.get('#order-address').attributes('aria-invalid')).toBe('true')
    expect(wrapper.get('#order-phone').attributes('aria-invalid')).toBe('true')
    expect(wrapper.text()).toContain('还有内容需要修改')
    wrapper.unmount()
  })
})
