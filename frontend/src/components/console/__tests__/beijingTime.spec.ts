import { describe, expect, it } from 'vitest'

import { fromBeijingInput, seriesDates, toBeijingInput } from '../beijingTime'

describe('Beijing time in the console', () => {
  it('shows an instant as Beijing wall-clock time, whatever the offset it came with', () => {
    expect(toBeijingInput('2026-12-10T01:00:00Z')).toBe('2026-12-10T09:00')
    expect(toBeijingInput('2026-12-31T23:30:00+08:00')).toBe('2026-12-31T23:30')
    expect(toBeijingInput(null)).toBe('')
  })

  it('reads a datetime-local value as Beijing time, and nothing from an incomplete one', () => {
    expect(fromBeijingInput('2026-12-10T09:00')).toBe('2026-12-10T09:00:00+08:00')
    expect(fromBeijingInput('')).toBeNull()
    expect(fromBeijingInput('2026-12-10')).toBeNull()
  })

  it('lists the days of a weekly series the way the API creates them', () => {
    // 2026-12-07 is a Monday: two weeks of Wednesdays and Saturdays.
    expect(seriesDates('2026-12-07', 2, ['wed', 'sat'])).toEqual(['2026-12-09', '2026-12-12', '2026-12-16', '2026-12-19'])
    // Starting on a Saturday, one week holds that Saturday and the next Wednesday.
    expect(seriesDates('2026-12-12', 1, ['sat', 'wed'])).toEqual(['2026-12-12', '2026-12-16'])
    expect(seriesDates('2026-12-07', 0, ['mon'])).toEqual([])
    expect(seriesDates('2026-12-07', 2, [])).toEqual([])
  })
})
