/** Times in the console are Beijing times, whatever the browser's own time zone. */

const TIME_ZONE = 'Asia/Shanghai'

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const
export type WeekdayCode = (typeof WEEKDAYS)[number]

/** An ISO date-time as the value of a `datetime-local` input in Beijing: `2026-12-10T09:00`. */
export function toBeijingInput(value: string | null | undefined): string {
  if (!value) return ''
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: TIME_ZONE,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(value))
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((item) => item.type === type)?.value ?? ''
  return `${part('year')}-${part('month')}-${part('day')}T${part('hour')}:${part('minute')}`
}

/** A `datetime-local` value read as Beijing time, as the ISO string the API takes; null when empty. */
export function fromBeijingInput(value: string): string | null {
  return /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(value) ? `${value}:00+08:00` : null
}

/** The days a weekly series falls on: each chosen weekday from `firstDate` for `weeks` weeks (as the API does). */
export function seriesDates(firstDate: string, weeks: number, weekdays: readonly string[]): string[] {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(firstDate) || !Number.isInteger(weeks) || weeks < 1 || weeks > 52) return []
  const first = new Date(`${firstDate}T00:00:00Z`)
  const dates: string[] = []
  for (let offset = 0; offset < weeks * 7; offset += 1) {
    const day = new Date(first.getTime() + offset * 86_400_000)
    const code = WEEKDAYS[(day.getUTCDay() + 6) % 7] as WeekdayCode
    if (weekdays.includes(code)) dates.push(day.toISOString().slice(0, 10))
  }
  return dates
}
