import { describe, expect, it } from 'vitest'

import { createAppI18n } from '@/i18n'

import { isoWeek, parsePeriod, periodChoices, periodContaining, periodLabelText, shiftPeriod } from '../periods'

describe('periods', () => {
  it('names ISO weeks across the turn of the year', () => {
    expect(isoWeek('2026-12-31')).toEqual({ year: 2026, week: 53 })
    expect(isoWeek('2027-01-03')).toEqual({ year: 2026, week: 53 })
    expect(isoWeek('2027-01-04')).toEqual({ year: 2027, week: 1 })
    expect(isoWeek('2024-12-30')).toEqual({ year: 2025, week: 1 })
  })

  it('finds the period containing a day, with its first and last days', () => {
    expect(periodContaining('week', '2026-05-14')).toMatchObject({ label: '2026-W20', start: '2026-05-11', end: '2026-05-17' })
    expect(periodContaining('month', '2024-02-10')).toMatchObject({ label: '2024-02', start: '2024-02-01', end: '2024-02-29' })
    expect(periodContaining('quarter', '2026-05-14')).toMatchObject({ label: '2026-Q2', start: '2026-04-01', end: '2026-06-30' })
    expect(periodContaining('year', '2026-05-14')).toMatchObject({ label: '2026', start: '2026-01-01', end: '2026-12-31' })
    expect(periodContaining('day', '2026-05-14')).toMatchObject({ label: '2026-05-14', start: '2026-05-14', end: '2026-05-14' })
  })

  it('reads the labels the API writes, and nothing else', () => {
    for (const label of ['2026-05-14', '2026-W20', '2026-W53', '2026-05', '2026-Q2', '2026']) {
      expect(parsePeriod(label)?.label).toBe(label)
    }
    for (const label of ['2026-13', '2026-Q5', '2026-02-30', '2027-W53', 'last month', '']) {
      expect(parsePeriod(label)).toBeNull()
    }
  })

  it('steps back and forth by whole periods', () => {
    const march = periodContaining('month', '2026-03-15')
    expect(shiftPeriod(march, -3).label).toBe('2025-12')
    expect(shiftPeriod(march, 10).label).toBe('2027-01')
    expect(shiftPeriod(periodContaining('week', '2027-01-01'), 1).label).toBe('2027-W01')
  })

  it('offers recent periods newest first', () => {
    expect(periodChoices('quarter', '2026-05-14', 2, 1).map((period) => period.label)).toEqual([
      '2026-Q3',
      '2026-Q2',
      '2026-Q1',
      '2025-Q4',
    ])
  })

  it('writes periods in words in both languages', () => {
    const { t } = createAppI18n('zh-CN').global
    expect(periodLabelText('2026-05', t, 'zh-CN')).toBe('2026年5月')
    expect(periodLabelText('2026-Q2', t, 'zh-CN')).toBe('2026年第2季度')
    expect(periodLabelText('2026-W20', t, 'zh-CN')).toBe('2026年第20周（5月11日–5月17日）')
    expect(periodLabelText('2026', t, 'zh-CN')).toBe('2026年')
    const en = createAppI18n('en').global
    expect(periodLabelText('2026-05', en.t, 'en')).toBe('May 2026')
    expect(periodLabelText('2026-W20', en.t, 'en')).toBe('Week 20, 2026 (11 May–17 May)')
    expect(periodLabelText('not a period', en.t, 'en')).toBe('not a period')
  })
})
