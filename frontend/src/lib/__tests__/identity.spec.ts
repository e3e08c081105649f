import { describe, expect, it } from 'vitest'

import { ageOn, cleanIdentifier, ID_WEIGHTS, idCheckCharacter, normalizeMobile, parseResidentId } from '../identity'

const today = { year: 2026, month: 11, day: 28 }

describe('resident ID numbers', () => {
  it('uses the GB 11643 weights', () => {
    expect(ID_WEIGHTS).toEqual([7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2])
  })

  it('computes the check character, including X', () => {
    expect(idCheckCharacter('11010519491231002')).toBe('X')
    expect(idCheckCharacter('44052418800101001')).toBe('4')
  })

  it('accepts a valid number and derives birth date and gender', () => {
    const result = parseResidentId('11010519491231002X', today)
    expect(result).toEqual({
      ok: true,
      value: { number: '11010519491231002X', birthDate: { year: 1949, month: 12, day: 31 }, gender: 'female' },
    })
  })

  it('folds full-width digits, spaces and a lower-case x like the server', () => {
    expect(cleanIdentifier('１１０１０５ 19491231002x\u200b')).toBe('11010519491231002X')
    expect(parseResidentId('１１０１０５ 19491231002x', today).ok).toBe(true)
  })

  it.each([
    ['1101051949123100', 'invalid_format'],
    ['11010519491231002Y', 'invalid_format'],
    ['99010519491231002X', 'bad_region'],
    ['110105194902300021', 'bad_birth_date'],
    ['110105189912310021', 'bad_birth_date'],
    ['110105203001010021', 'bad_birth_date'],
    ['110105194912310021', 'bad_check_character'],
  ])('rejects %s with %s', (value, code) => {
    expect(parseResidentId(value, today)).toEqual({ ok: false, code })
  })

  it('counts whole years of age, the birthday itself included', () => {
    expect(ageOn({ year: 2008, month: 11, day: 28 }, today)).toBe(18)
    expect(ageOn({ year: 2008, month: 11, day: 29 }, today)).toBe(17)
  })
})

describe('mobile numbers', () => {
  it.each(['13800138000', '+86 138-0013-8000', '0086 13800138000', '(138) 0013 8000', '１３８００１３８０００'])(
    'accepts %s',
    (value) => {
      expect(normalizeMobile(value)).toEqual({ ok: true, value: '13800138000' })
    },
  )

  it.each(['12800138000', '1380013800', '138001380001', 'phone'])('rejects %s', (value) => {
    expect(normalizeMobile(value)).toEqual({ ok: false, code: 'invalid_phone' })
  })
})
