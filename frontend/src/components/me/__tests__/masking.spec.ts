import { describe, expect, it } from 'vitest'

import { maskIdNumber, maskPhone } from '../masking'

describe('masking', () => {
  it('keeps the region and the last four characters of an ID number', () => {
    expect(maskIdNumber('11010519491231002X')).toBe('110105********002X')
  })

  it('keeps the first three and last four digits of a mobile number', () => {
    expect(maskPhone('13800138000')).toBe('138****8000')
  })

  it('leaves nothing as nothing', () => {
    expect(maskIdNumber('')).toBe('')
    expect(maskPhone('')).toBe('')
  })
})
