/** `<input type="datetime-local">` values read and written as Beijing time, whatever the browser's time zone. */

const BEIJING_OFFSET = '+08:00'

/** `2026-12-06T09:00` for a moment, in Beijing time. */
export function toBeijingInput(moment: Date): string {
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
      .formatToParts(moment)
      .map((part) => [part.type, part.value]),
  )
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}`
}

/** The ISO 8601 moment of a `datetime-local` value read as Beijing time; empty for an empty value. */
export function fromBeijingInput(value: string): string {
  if (!value) return ''
  const withSeconds = value.length === 16 ? `${value}:00` : value
  return `${withSeconds}${BEIJING_OFFSET}`
}
