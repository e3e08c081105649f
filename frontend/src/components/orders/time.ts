/**
 * Times of service orders. The app shows every time in Beijing time (`@/lib/format`), so the times people type
 * into `datetime-local` inputs are read as Beijing time too, whatever the device's own zone.
 */
import { formatDateTime, formatTimeRange } from '@/lib/format'

const MINUTE = 60_000
const HOUR = 60 * MINUTE
const DAY = 24 * HOUR

/** An ISO time as a `datetime-local` value (`2026-12-06T09:30`) in Beijing time. */
export function toLocalInput(iso: string | Date): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', {
      timeZone: 'Asia/Shanghai',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(typeof iso === 'string' ? new Date(iso) : iso)
      .map((part) => [part.type, part.value]),
  )
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}`
}

/** A `datetime-local` value read as Beijing time, as the ISO string the API takes; null when empty. */
export function fromLocalInput(value: string): string | null {
  return /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(value) ? `${value}:00+08:00` : null
}

/** How long a span is, in its largest whole unit (days, hours or minutes), for the messages. */
export function durationParts(ms: number): { unit: 'days' | 'hours' | 'minutes'; n: number } {
  const span = Math.abs(ms)
  if (span >= DAY) return { unit: 'days', n: Math.floor(span / DAY) }
  if (span >= HOUR) return { unit: 'hours', n: Math.floor(span / HOUR) }
  return { unit: 'minutes', n: Math.max(1, Math.floor(span / MINUTE)) }
}

export type DeadlineState =
  | { kind: 'none' }
  | { kind: 'due'; ms: number; soon: boolean }
  | { kind: 'overdue'; ms: number }

/** Where an order stands against the deadline of its step: none (closed), due in some time, or past it. */
export function deadlineState(dueAt: string | null, overdue: boolean, now: Date = new Date()): DeadlineState {
  if (!dueAt) return overdue ? { kind: 'overdue', ms: 0 } : { kind: 'none' }
  const left = new Date(dueAt).getTime() - now.getTime()
  if (overdue || left < 0) return { kind: 'overdue', ms: Math.max(0, -left) }
  return { kind: 'due', ms: left, soon: left < 4 * HOUR }
}

/** A wished or agreed time span, either end possibly open. */
export function formatSpan(
  start: string | null,
  end: string | null,
  locale: string,
  words: { from: (start: string) => string; until: (end: string) => string; range: (start: string, end: string) => string },
): string | null {
  if (start && end) {
    const sameDay = toLocalInput(start).slice(0, 10) === toLocalInput(end).slice(0, 10)
    return sameDay ? formatTimeRange(start, end, locale) : words.range(formatDateTime(start, locale), formatDateTime(end, locale))
  }
  if (start) return words.from(formatDateTime(start, locale))
  if (end) return words.until(formatDateTime(end, locale))
  return null
}
