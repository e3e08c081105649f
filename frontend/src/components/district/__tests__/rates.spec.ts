import { describe, expect, it } from 'vitest'

import type { TargetStatus } from '@/api/district'

import { metricValue, percent, pickTarget } from '../rates'

function target(overrides: Partial<TargetStatus>): TargetStatus {
  return {
    id: 1,
    metric: 'satisfaction_rate',
    subject: '',
    scope: { type: 'area', id: 1, name: '海淀区' },
    period: { kind: 'year', label: '2026', start: '2026-01-01', end: '2026-12-31' },
    threshold: 0.9,
    value: 0.91,
    ci_low: 0.89,
    ci_high: 0.93,
    n: 500,
    suppressed: false,
    projection: null,
    status: 'at_risk',
    attainment: 1,
    ...overrides,
  }
}

describe('rates', () => {
  it('writes shares as percentages and amounts as numbers', () => {
    expect(percent(0.8839, 'zh-CN')).toBe('88.4%')
    expect(percent(0.9, 'en', 0)).toBe('90%')
    expect(percent(null, 'zh-CN')).toBe('—')
    expect(metricValue('awareness_rate', 0.5, 'zh-CN')).toBe('50.0%')
    expect(metricValue('volunteer_hours', 1234.56, 'zh-CN')).toBe('1,234.6')
    expect(metricValue('events_held', null, 'en')).toBe('—')
  })

  it("judges an area's headline rate by its own target, preferring one over the period shown", () => {
    const yearly = target({ id: 1 })
    const monthly = target({ id: 2, period: { kind: 'month', label: '2026-05', start: '2026-05-01', end: '2026-05-31' } })
    const street = target({ id: 3, scope: { type: 'area', id: 2, name: '中关村街道' } })
    const bySubject = target({ id: 4, subject: 'property_services', period: monthly.period })
    const campaign = target({ id: 5, scope: { type: 'campaign', id: 1, name: '专项行动' }, period: monthly.period })
    const all = [street, bySubject, campaign, yearly, monthly]

    expect(pickTarget(all, 1, 'satisfaction_rate', 'month')?.id).toBe(2)
    expect(pickTarget(all, 1, 'satisfaction_rate', 'quarter')?.id).toBe(1)
    expect(pickTarget(all, 2, 'satisfaction_rate', 'month')?.id).toBe(3)
    expect(pickTarget(all, 1, 'awareness_rate', 'month')).toBeUndefined()
  })
})
