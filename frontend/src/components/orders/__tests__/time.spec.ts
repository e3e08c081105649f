import { describe, expect, it } from 'vitest'

import { deadlineState, durationParts, formatSpan, fromLocalInput, toLocalInput } from '../time'

const words = {
  from: (start: string) => `from ${start}`,
  until: (end: string) => `by ${end}`,
  range: (start: string, end: string) => `${start} to ${end}`,
}

describe('order times', () => {
  it('reads and writes datetime-local values in Beijing time, whatever the device zone', () => {
    expect(toLocalInput('2026-12-06T01:30:00Z')).toBe('2026-12-06T09:30')
    expect(toLocalInput('2026-12-06T23:05:00+08:00')).toBe('2026-12-06T23:05')
    expect(fromLocalInput('2026-12-06T09:30')).toBe('2026-12-06T09:30:00+08:00')
    expect(fromLocalInput('')).toBeNull()
    expect(fromLocalInput('2026-12-06')).toBeNull()
  })

  it('says how long in the largest whole unit', () => {
    expect(durationParts(3 * 24 * 3_600_000 + 5 * 3_600_000)).toEqual({ unit: 'days', n: 3 })
    expect(durationParts(-5 * 3_600_000 - 59 * 60_000)).toEqual({ unit: 'hours', n: 5 })
    expect(durationParts(20_000)).toEqual({ unit: 'minutes', n: 1 })
  })

  it('places an order against the deadline of its step', () => {
    const now = new Date('2026-12-06T10:00:00+08:00')
    expect(deadlineState(null, false, now)).toEqual({ kind: 'none' })
    expect(deadlineState('2026-12-07T10:00:00+08:00', false, now)).toEqual({ kind: 'due', ms: 86_400_000, soon: false })
    expect(deadlineState('2026-12-06T12:00:00+08:00', false, now)).toMatchObject({ kind: 'due', soon: true })
    expect(deadlineState('2026-12-06T08:00:00+08:00', false, now)).toEqual({ kind: 'overdue', ms: 7_200_000 })
    // flagged by the sweep although its new deadline lies ahead: it is late all the same
    expect(deadlineState('2026-12-08T10:00:00+08:00', true, now)).toEqual({ kind: 'overdue', ms: 0 })
  })

  it('writes a span with either end open, and a same-day span once', () => {
    expect(formatSpan('2026-12-07T09:00:00+08:00', '2026-12-07T11:00:00+08:00', 'zh-CN', words)).toBe('12月7日周一 09:00–11:00')
    expect(formatSpan('2026-12-07T09:00:00+08:00', '2026-12-08T11:00:00+08:00', 'zh-CN', words)).toBe(
      '12月7日周一 09:00 to 12月8日周二 11:00',
    )
    expect(formatSpan('2026-12-07T09:00:00+08:00', null, 'zh-CN', words)).toBe('from 12月7日周一 09:00')
    expect(formatSpan(null, '2026-12-07T09:00:00+08:00', 'zh-CN', words)).toBe('by 12月7日周一 09:00')
    expect(formatSpan(null, null, 'zh-CN', words)).toBeNull()
  })
})
