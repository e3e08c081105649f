/**
 * Calendar periods the way the targets API names them: `2026-05-14`, `2026-W20`, `2026-05`, `2026-Q2`, `2026`
 * (ISO weeks start on Monday). Dates are `YYYY-MM-DD` strings and all arithmetic is done in UTC, so the
 * browser's time zone never shifts a day.
 */

export type PeriodKind = 'day' | 'week' | 'month' | 'quarter' | 'year'

export interface PeriodRef {
  kind: PeriodKind
  label: string
  year: number
  /** The week, month or quarter number within the year (1 for a year, the day of the year for a day). */
  index: number
  start: string
  end: string
}

const DAY_MS = 24 * 60 * 60 * 1000

function toDate(day: string): Date {
  const [year, month, date] = day.split('-').map(Number)
  return new Date(Date.UTC(year ?? 1970, (month ?? 1) - 1, date ?? 1))
}

function toDay(date: Date): string {
  return date.toISOString().slice(0, 10)
}

function pad(value: number): string {
  return String(value).padStart(2, '0')
}

function addDays(day: string, days: number): string {
  return toDay(new Date(toDate(day).getTime() + days * DAY_MS))
}

function mondayOf(day: string): string {
  const weekday = (toDate(day).getUTCDay() + 6) % 7
  return addDays(day, -weekday)
}

/** The ISO year and week of a day. */
export function isoWeek(day: string): { year: number; week: number } {
  const thursday = toDate(addDays(mondayOf(day), 3))
  const year = thursday.getUTCFullYear()
  const firstThursday = toDate(addDays(mondayOf(`${year}-01-04`), 3))
  return { year, week: Math.round((thursday.getTime() - firstThursday.getTime()) / (7 * DAY_MS)) + 1 }
}

function lastDayOfMonth(year: number, month: number): string {
  return toDay(new Date(Date.UTC(year, month, 0)))
}

/** The period of the given kind that contains `day`. */
export function periodContaining(kind: PeriodKind, day: string): PeriodRef {
  const date = toDate(day)
  const year = date.getUTCFullYear()
  const month = date.getUTCMonth() + 1
  if (kind === 'day') {
    const index = Math.round((date.getTime() - Date.UTC(year, 0, 1)) / DAY_MS) + 1
    return { kind, label: day, year, index, start: day, end: day }
  }
  if (kind === 'week') {
    const start = mondayOf(day)
    const { year: weekYear, week } = isoWeek(day)
    return { kind, label: `${weekYear}-W${pad(week)}`, year: weekYear, index: week, start, end: addDays(start, 6) }
  }
  if (kind === 'month') {
    return { kind, label: `${year}-${pad(month)}`, year, index: month, start: `${year}-${pad(month)}-01`, end: lastDayOfMonth(year, month) }
  }
  if (kind === 'quarter') {
    const quarter = Math.floor((month - 1) / 3) + 1
    const first = quarter * 3 - 2
    return {
      kind,
      label: `${year}-Q${quarter}`,
      year,
      index: quarter,
      start: `${year}-${pad(first)}-01`,
      end: lastDayOfMonth(year, first + 2),
    }
  }
  return { kind, label: String(year), year, index: 1, start: `${year}-01-01`, end: `${year}-12-31` }
}

/** A period from its label, or null when the text is not one. */
export function parsePeriod(label: string): PeriodRef | null {
  const text = label.trim()
  let match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text)
  if (match) {
    const day = `${match[1]}-${match[2]}-${match[3]}`
    return toDay(toDate(day)) === day ? periodContaining('day', day) : null
  }
  match = /^(\d{4})-W(\d{2})$/.exec(text)
  if (match) {
    const year = Number(match[1])
    const week = Number(match[2])
    const day = addDays(mondayOf(`${year}-01-04`), (week - 1) * 7)
    const period = periodContaining('week', day)
    return week >= 1 && period.year === year ? period : null
  }
  match = /^(\d{4})-(\d{2})$/.exec(text)
  if (match) {
    const month = Number(match[2])
    return month >= 1 && month <= 12 ? periodContaining('month', `${match[1]}-${match[2]}-01`) : null
  }
  match = /^(\d{4})-Q([1-4])$/.exec(text)
  if (match) return periodContaining('quarter', `${match[1]}-${pad(Number(match[2]) * 3 - 2)}-01`)
  match = /^(\d{4})$/.exec(text)
  if (match) return periodContaining('year', `${match[1]}-01-01`)
  return null
}

/** The period `steps` periods after (negative: before) the given one. */
export function shiftPeriod(period: PeriodRef, steps: number): PeriodRef {
  if (steps === 0) return period
  const day = steps > 0 ? addDays(period.end, 1) : addDays(period.start, -1)
  return shiftPeriod(periodContaining(period.kind, day), steps > 0 ? steps - 1 : steps + 1)
}

/** Periods of a kind around `today`, newest first: `back` before the current one and `forward` after it. */
export function periodChoices(kind: PeriodKind, today: string, back: number, forward = 0): PeriodRef[] {
  const current = periodContaining(kind, today)
  const choices: PeriodRef[] = []
  for (let step = forward; step >= -back; step -= 1) choices.push(shiftPeriod(current, step))
  return choices
}

type Translate = (key: string, values: Record<string, unknown>) => string

function shortDate(day: string, locale: string): string {
  return new Intl.DateTimeFormat(locale === 'en' ? 'en-GB' : 'zh-CN', { month: 'short', day: 'numeric', timeZone: 'UTC' }).format(
    toDate(day),
  )
}

/** A period in words: `2026年12月`, `2026年第4季度`, `2026年第49周（12月1日–12月7日）`; English alike. */
export function periodText(period: PeriodRef, t: Translate, locale: string): string {
  if (period.kind === 'month') {
    return new Intl.DateTimeFormat(locale === 'en' ? 'en-GB' : 'zh-CN', { year: 'numeric', month: 'long', timeZone: 'UTC' }).format(
      toDate(period.start),
    )
  }
  if (period.kind === 'day') {
    return new Intl.DateTimeFormat(locale === 'en' ? 'en-GB' : 'zh-CN', { year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' }).format(
      toDate(period.start),
    )
  }
  const range = `${shortDate(period.start, locale)}–${shortDate(period.end, locale)}`
  return t(`district.period.${period.kind}`, { year: period.year, n: period.index, range })
}

/** `periodText` of a period label; the label itself when it is not one. */
export function periodLabelText(label: string, t: Translate, locale: string): string {
  const period = parsePeriod(label)
  return period ? periodText(period, t, locale) : label
}
