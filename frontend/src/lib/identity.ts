/**
 * Resident ID numbers (GB 11643-1999) and mainland mobile numbers, checked as the server checks them in
 * core/identity.py, so a form can say what is wrong while the person types.
 */

export type IdentityErrorCode = 'invalid_format' | 'bad_region' | 'bad_birth_date' | 'bad_check_character' | 'invalid_phone'

export interface ResidentId {
  number: string
  birthDate: { year: number; month: number; day: number }
  gender: 'male' | 'female'
}

export type Checked<T> = { ok: true; value: T } | { ok: false; code: IdentityErrorCode }

/** Weights 2^(17-i) mod 11 for i = 0..16. */
export const ID_WEIGHTS: readonly number[] = Array.from({ length: 17 }, (_, i) => 2 ** (17 - i) % 11)
const ID_CHECK_CHARACTERS = '10X98765432'
const ID_PATTERN = /^[0-9]{17}[0-9X]$/
const PROVINCE_CODES = new Set([
  11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52, 53, 54, 61, 62,
  63, 64, 65, 71, 81, 82, 83,
])
const MOBILE_PATTERN = /^1[3-9][0-9]{9}$/
const INVISIBLE = /[\s\u200b\u200c\u200d\u2060\ufeff]/g
const PHONE_SEPARATORS = /[\s\u200b\u200c\u200d\u2060\ufeff\-()（）]/g

/** NFKC folds full-width digits and letters; invisible characters and spaces are dropped. */
export function cleanIdentifier(value: string): string {
  return value.normalize('NFKC').replace(INVISIBLE, '').toUpperCase()
}

export function idCheckCharacter(first17: string): string {
  let total = 0
  for (let i = 0; i < 17; i += 1) {
    total += Number(first17[i]) * (ID_WEIGHTS[i] ?? 0)
  }
  return ID_CHECK_CHARACTERS[total % 11] ?? ''
}

function isRealDate(year: number, month: number, day: number): boolean {
  const date = new Date(Date.UTC(year, month - 1, day))
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day
}

function compareDates(a: ResidentId['birthDate'], b: ResidentId['birthDate']): number {
  return a.year - b.year || a.month - b.month || a.day - b.day
}

function localToday(): ResidentId['birthDate'] {
  const now = new Date()
  return { year: now.getFullYear(), month: now.getMonth() + 1, day: now.getDate() }
}

/** Validates an 18-character resident ID number and derives its holder's birth date and gender. */
export function parseResidentId(value: string, today: ResidentId['birthDate'] = localToday()): Checked<ResidentId> {
  const number = cleanIdentifier(value)
  if (!ID_PATTERN.test(number)) return { ok: false, code: 'invalid_format' }
  if (!PROVINCE_CODES.has(Number(number.slice(0, 2)))) return { ok: false, code: 'bad_region' }
  const birthDate = {
    year: Number(number.slice(6, 10)),
    month: Number(number.slice(10, 12)),
    day: Number(number.slice(12, 14)),
  }
  if (!isRealDate(birthDate.year, birthDate.month, birthDate.day)) return { ok: false, code: 'bad_birth_date' }
  if (compareDates(birthDate, { year: 1900, month: 1, day: 1 }) < 0 || compareDates(birthDate, today) > 0) {
    return { ok: false, code: 'bad_birth_date' }
  }
  if (idCheckCharacter(number.slice(0, 17)) !== number[17]) return { ok: false, code: 'bad_check_character' }
  const gender = Number(number[16]) % 2 ? 'male' : 'female'
  return { ok: true, value: { number, birthDate, gender } }
}

/** Whole years of age on `day` (a birthday counts on the day itself). */
export function ageOn(birthDate: ResidentId['birthDate'], day: ResidentId['birthDate'] = localToday()): number {
  const beforeBirthday = day.month < birthDate.month || (day.month === birthDate.month && day.day < birthDate.day)
  return day.year - birthDate.year - (beforeBirthday ? 1 : 0)
}

/** Returns an 11-digit mainland mobile number from `+86 138-0013-8000` and the like. */
export function normalizeMobile(value: string): Checked<string> {
  let number = value.normalize('NFKC').replace(PHONE_SEPARATORS, '')
  for (const prefix of ['+86', '0086', '86']) {
    if (number.startsWith(prefix) && number.length === prefix.length + 11) {
      number = number.slice(prefix.length)
      break
    }
  }
  return MOBILE_PATTERN.test(number) ? { ok: true, value: number } : { ok: false, code: 'invalid_phone' }
}
