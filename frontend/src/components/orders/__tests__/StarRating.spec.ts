import { mount } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import { ref } from 'vue'

import { createAppI18n } from '@/i18n'

import StarRating from '../StarRating.vue'

describe('StarRating', () => {
  it('is a group of five radio buttons named in words, and says the chosen one', async () => {
    const score = ref<number | null>(null)
    const wrapper = mount(StarRating, {
      props: { legend: '满意程度', modelValue: score.value, 'onUpdate:modelValue': (value: number | null) => (score.value = value) },
      global: { plugins: [createAppI18n('zh-CN')] },
    })
    const radios = wrapper.findAll('input[type="radio"]')
    expect(radios).toHaveLength(5)
    expect(wrapper.get('legend').text()).toBe('满意程度')
    expect(wrapper.findAll('label .visually-hidden').map((name) => name.text())).toContain('4 星 满意')

    await radios[3]?.setValue(true)
    expect(score.value).toBe(4)
    await wrapper.setProps({ modelValue: 4 })
    expect(wrapper.findAll('.stars__star--on')).toHaveLength(4)
    expect(wrapper.get('.stars__words').text()).toBe('满意')
  })
})
