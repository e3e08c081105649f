import { describe, expect, it } from 'vitest'

import { checkCreditCode, usccCheckCharacter } from '../creditCode'

describe('unified social credit codes (GB 32100-2015)', () => {
  it('computes the check character the way the server does', () => {
    expect(usccCheckCharacter('91350100M000100Y4')).toBe('3')
    expect(usccCheckCharacter('91110108MA01ABCDE')).toBe('N')
    expect(usccCheckCharacter('12100000400012345')).toBe('P')
  })

  it('accepts a valid code in any common spelling and returns it canonical', () => {
    expect(checkCreditCode('91350100M000100Y43')).toEqual({ ok: true, value: '91350100M000100Y43' })
    expect(checkCreditCode('9111 0108-ma01abcden')).toEqual({ ok: true, value: '91110108MA01ABCDEN' })
    expect(checkCreditCode('９１110108MA01ABCDEN')).toEqual({ ok: true, value: '91110108MA01ABCDEN' })
  })

  it('says whether the format or the check character is wrong', () => {
    expect(checkCreditCode('91350100M000100Y4')).toEqual({ ok: false, code: 'invalid_format' })
    expect(checkCreditCode('91350100M000100I43')).toEqual({ ok: false, code: 'invalid_format' })
    expect(checkCreditCode('91350100M000100Y44')).toEqual({ ok: false, code: 'bad_check_character' })
  })
})
