import { flushPromises, mount, RouterLinkStub } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it, vi } from 'vitest'

import { ApiError } from '@/api/client'
import type { SurveyDetail } from '@/api/survey'
import { createAppI18n } from '@/i18n'

import SurveyAnswerView from '../SurveyAnswerView.vue'

const api = vi.hoisted(() => ({ getSurvey: vi.fn(), submitResponse: vi.fn() }))
vi.mock('@/api/survey', async (original) => ({ ...(await original<typeof import('@/api/survey')>()), ...api }))

const survey: SurveyDetail = {
  id: 2,
  title: '海淀区文明城区创建群众满意度调查',
  description: '请您花两分钟匿名填写。',
  area: { id: 1, name: '海淀区' },
  opens_at: '2026-10-07T13:26:06+08:00',
  closes_at: '2027-01-05T13:26:06+08:00',
  status: 'open',
  is_template: false,
  accepting: true,
  question_count: 2,
  created_at: '2026-10-07T13:26:06+08:00',
  questions: [
    {
      id: 9,
      order: 2,
      kind: 'short_text',
      text: '您还有什么建议？',
      required: false,
      choices: [],
      measures: 'none',
      satisfaction_subject: 'community_committee',
      campaign: null,
      positive_choices: [],
    },
    {
      id: 8,
      order: 1,
      kind: 'yes_no',
      text: '您是否知道本区正在创建全国文明城区？',
      required: true,
      choices: [],
      measures: 'awareness',
      satisfaction_subject: 'community_committee',
      campaign: null,
      positive_choices: ['yes'],
    },
  ],
  communities: [{ id: 31, name: '唐家岭新村社区', street: '万寿路街道' }],
  fixed_community: null,
}

function mountView(link = '') {
  return mount(SurveyAnswerView, {
    props: { id: 2, link },
    global: { plugins: [createAppI18n('zh-CN')], stubs: { RouterLink: RouterLinkStub } },
    attachTo: document.body,
  })
}

async function click(wrapper: ReturnType<typeof mountView>, text: string) {
  const button = wrapper.findAll('button').find((candidate) => candidate.text() === text)
  if (!button) throw new Error(`no button ${text}`)
  await button.trigger('click')
  await flushPromises()
}

beforeEach(() => {
  setActivePinia(createPinia())
  localStorage.clear()
  api.getSurvey.mockReset().mockResolvedValue(survey)
  api.submitResponse.mockReset()
})

describe('SurveyAnswerView', () => {
  it('asks for the community, then one question at a time in order, and thanks the resident', async () => {
    api.submitResponse.mockResolvedValue({ survey: 2, community: { id: 31, name: '唐家岭新村社区' }, answers: 1 })
    const wrapper = mountView()
    await flushPromises()
    expect(api.getSurvey).toHaveBeenCalledWith(2, undefined)

    await click(wrapper, '开始答题')
    expect(wrapper.text()).toContain('请先选择您所在的社区')
    await wrapper.find('#survey-community-community').setValue('31')
    await click(wrapper, '开始答题')

    expect(wrapper.text()).toContain('第 1 题，共 2 题')
    expect(wrapper.find('legend').text()).toContain('您是否知道')
    await wrapper.find('form').trigger('submit')
    expect(wrapper.text()).toContain('请选择一个答案后再继续')
    await wrapper.findAll('input[type="radio"]')[0]?.setValue()
    await wrapper.find('form').trigger('submit')

    expect(wrapper.text()).toContain('第 2 题，共 2 题')
    expect(wrapper.text()).toContain('提交问卷')
    await wrapper.find('textarea').setValue('   ')
    await wrapper.find('form').trigger('submit')
    await flushPromises()

    expect(api.submitResponse).toHaveBeenCalledWith(2, {
      community: 31,
      link: '',
      answers: [
        { question: 8, value: 'yes' },
        { question: 9, value: null },
      ],
    })
    expect(wrapper.find('h1').text()).toBe('感谢您的参与！')
    expect(wrapper.text()).toContain('您的回答已计入唐家岭新村社区。')
    wrapper.unmount()
  })

  it("takes a poster's community from its link and says when the phone has answered before", async () => {
    api.getSurvey.mockResolvedValue({ ...survey, fixed_community: { id: 31, name: '唐家岭新村社区' } })
    api.submitResponse.mockRejectedValue(new ApiError(409, 'already_answered', 'This device has already answered the survey.'))
    const wrapper = mountView('signed-token')
    await flushPromises()
    expect(api.getSurvey).toHaveBeenCalledWith(2, 'signed-token')
    expect(wrapper.text()).toContain('您所在的社区：唐家岭新村社区')
    expect(wrapper.find('select').exists()).toBe(false)

    await click(wrapper, '开始答题')
    await wrapper.findAll('input[type="radio"]')[1]?.setValue()
    await wrapper.find('form').trigger('submit')
    await wrapper.find('form').trigger('submit')
    await flushPromises()

    expect(api.submitResponse.mock.calls[0]?.[1]).toMatchObject({ community: null, link: 'signed-token' })
    expect(wrapper.find('h1').text()).toBe('您已经填过这份问卷了')
    wrapper.unmount()
  })

  it('goes back to the question the server refuses, with its words next to it', async () => {
    api.submitResponse.mockRejectedValue(
      new ApiError(400, 'invalid', '提交的数据有误。', [{ field: 'answers.1.value', code: 'too_long', message: '请把文字控制在 500 字以内。' }]),
    )
    const wrapper = mountView()
    await flushPromises()
    await wrapper.find('#survey-community-community').setValue('31')
    await click(wrapper, '开始答题')
    await wrapper.findAll('input[type="radio"]')[0]?.setValue()
    await wrapper.find('form').trigger('submit')
    await wrapper.find('textarea').setValue('很长的意见')
    await wrapper.find('form').trigger('submit')
    await flushPromises()

    expect(wrapper.text()).toContain('第 2 题，共 2 题')
    expect(wrapper.find('#q-1-error').text()).toBe('请把文字控制在 500 字以内。')
    wrapper.unmount()
  })

  it('explains a closed survey instead of offering to start', async () => {
    api.getSurvey.mockResolvedValue({ ...survey, status: 'closed', accepting: false })
    const wrapper = mountView()
    await flushPromises()
    expect(wrapper.text()).toContain('这份问卷已经结束')
    expect(wrapper.findAll('button').some((button) => button.text() === '开始答题')).toBe(false)
    wrapper.unmount()
  })

  it('says so in words when the survey is not there', async () => {
    api.getSurvey.mockRejectedValue(new ApiError(404, 'not_found', 'Not found.'))
    const wrapper = mountView()
    await flushPromises()
    expect(wrapper.find('h1').text()).toBe('没有找到这份问卷')
    wrapper.unmount()
  })
})
