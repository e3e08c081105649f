import { describe, expect, it } from 'vitest'

import { fromBeijingInput, toBeijingInput } from '../datetimes'

describe('datetime-local values in Beijing time', () => {
  it('writes a moment as Beijing wall-clock time', () => {
    expect(toBeijingInput(new Date('2026-12-05T17:30:00Z'))).toBe('2026-12-06T01:30')
  })

  it('reads a value back as the same moment', () => {
    expect(fromBeijingInput('2026-12-06T01:30')).toBe('2026-12-06T01:30:00+08:00')
    expect(new Date(fromBeijingInput(toBeijingInput(new Date('2026-05-14T02:00:00Z')))).toISOString()).toBe('2026-05-14T02:00:00.000Z')
    expect(fromBeijingInput('')).toBe('')
  })
})
