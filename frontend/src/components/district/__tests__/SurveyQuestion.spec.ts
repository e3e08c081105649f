import { mount } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'

import type { Question } from '@/api/survey'
import { createAppI18n } from '@/i18n'

import CommunityChoicePicker from '../CommunityChoicePicker.vue'
import StatusBadge from '../StatusBadge.vue'
import SurveyQuestion from '../SurveyQuestion.vue'

function question(overrides: Partial<Question>): Question {
  return {
    id: 8,
    order: 1,
    kind: 'yes_no',
    text: '您是否知道本区正在创建全国文明城区？',
    required: true,
    choices: [],
    measures: 'awareness',
    satisfaction_subject: 'community_committee',
    campaign: null,
    positive_choices: [],
    ...overrides,
  }
}

const global = { plugins: [createAppI18n('zh-CN')] }

describe('SurveyQuestion', () => {
  it('asks a yes/no question as a group of two large options named by the question', async () => {
    const wrapper = mount(SurveyQuestion, { props: { question: question({}), modelValue: null, idPrefix: 'q-0' }, global })
    expect(wrapper.find('legend').text()).toContain('您是否知道')
    expect(wrapper.findAll('label.option').map((label) => label.text())).toEqual(['是', '否'])
    await wrapper.findAll('input[type="radio"]')[1]?.setValue()
    expect(wrapper.emitted('update:modelValue')).toEqual([['no']])
  })

  it('labels every point of the 1–5 scale and answers with a number', async () => {
    const wrapper = mount(SurveyQuestion, {
      props: { question: question({ kind: 'scale_1_5' }), modelValue: 4, idPrefix: 'q-1' },
      global,
    })
    expect(wrapper.findAll('label.option').map((label) => label.text())).toEqual(['1很不满意', '2不满意', '3一般', '4满意', '5很满意'])
    expect(wrapper.find('label.option--chosen').text()).toBe('4满意')
    await wrapper.findAll('input[type="radio"]')[4]?.setValue()
    expect(wrapper.emitted('update:modelValue')).toEqual([[5]])
  })

  it("offers a single choice's own choices", () => {
    const choices = [
      { key: 'very', label: '非常了解' },
      { key: 'none', label: '完全不了解' },
    ]
    const wrapper = mount(SurveyQuestion, {
      props: { question: question({ kind: 'single_choice', choices }), modelValue: null, idPrefix: 'q-2' },
      global,
    })
    expect(wrapper.findAll('label.option').map((label) => label.text())).toEqual(['非常了解', '完全不了解'])
  })

  it('takes a short text with its count, marks an optional question, and ties an error to the field', () => {
    const wrapper = mount(SurveyQuestion, {
      props: {
        question: question({ kind: 'short_text', required: false, measures: 'none' }),
        modelValue: '很好',
        error: '请把文字控制在 500 字以内。',
        idPrefix: 'q-3',
      },
      global,
    })
    expect(wrapper.find('label').text()).toContain('选填')
    expect(wrapper.text()).toContain('已输入 2 / 500 字')
    const textarea = wrapper.find('textarea')
    expect(textarea.attributes('aria-invalid')).toBe('true')
    expect(textarea.attributes('aria-describedby')).toContain('q-3-error')
    expect(wrapper.find('#q-3-error').text()).toBe('请把文字控制在 500 字以内。')
  })
})

describe('CommunityChoicePicker', () => {
  const communities = [
    { id: 31, name: '唐家岭新村社区', street: '万寿路街道' },
    { id: 32, name: '万柳西里社区', street: '万寿路街道' },
    { id: 40, name: '科南社区', street: '中关村街道' },
  ]

  it('offers only the communities of the chosen street, and forgets a community of another street', async () => {
    const wrapper = mount(CommunityChoicePicker, { props: { communities, modelValue: 40 }, global })
    const [street, community] = wrapper.findAll('select')
    expect((street?.element as HTMLSelectElement).value).toBe('中关村街道')
    expect(community?.findAll('option').map((option) => option.text())).toEqual(['请选择社区', '科南社区'])
    await street?.setValue('万寿路街道')
    expect(wrapper.emitted('update:modelValue')).toEqual([[null]])
    expect(community?.findAll('option').map((option) => option.text())).toEqual(['请选择社区', '唐家岭新村社区', '万柳西里社区'])
  })

  it('chooses the street by itself when there is only one', () => {
    const wrapper = mount(CommunityChoicePicker, { props: { communities: communities.slice(0, 2), modelValue: null }, global })
    expect((wrapper.find('select').element as HTMLSelectElement).value).toBe('万寿路街道')
  })
})

describe('StatusBadge', () => {
  it('says the status in words beside an icon', () => {
    const wrapper = mount(StatusBadge, { props: { status: 'at_risk' }, global })
    expect(wrapper.text()).toBe('! 存在风险')
    expect(wrapper.find('[aria-hidden="true"]').text()).toBe('!')
  })
})
