/**
 * Unified social credit codes (统一社会信用代码, GB 32100-2015), checked as core/identity.py checks them so the
 * application form can say what is wrong while the code is typed.
 */
import { cleanIdentifier } from '@/lib/identity'

/** 31 characters: the digits and the capital letters but I, O, Z, S and V. */
export const USCC_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY'
/** Weights 3^i mod 31 for i = 0..16. */
export const USCC_WEIGHTS: readonly number[] = Array.from({ length: 17 }, (_, i) => 3 ** i % 31)
const USCC_PATTERN = new RegExp(`^[${USCC_ALPHABET}]{18}$`)
const SEPARATORS = /[-()（）]/g

export type CreditCodeCheck = { ok: true; value: string } | { ok: false; code: 'invalid_format' | 'bad_check_character' }

export function usccCheckCharacter(first17: string): string {
  let total = 0
  for (let i = 0; i < 17; i += 1) total += USCC_ALPHABET.indexOf(first17[i] ?? '') * (USCC_WEIGHTS[i] ?? 0)
  return USCC_ALPHABET[(31 - (total % 31)) % 31] ?? ''
}

/** The code in its canonical 18 characters (full-width folded, spaces and dashes dropped), or what is wrong. */
export function checkCreditCode(value: string): CreditCodeCheck {
  const code = cleanIdentifier(value).replace(SEPARATORS, '')
  if (!USCC_PATTERN.test(code)) return { ok: false, code: 'invalid_format' }
  if (usccCheckCharacter(code.slice(0, 17)) !== code[17]) return { ok: false, code: 'bad_check_character' }
  return { ok: true, value: code }
}
