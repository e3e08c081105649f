const TIME_ZONE = 'Asia/Shanghai'

function formatter(locale: string, options: Intl.DateTimeFormatOptions) {
  return new Intl.DateTimeFormat(locale === 'en' ? 'en-GB' : 'zh-CN', { timeZone: TIME_ZONE, ...options })
}

/** `11月30日 周日 09:00`, or `Sun 30 Nov, 09:00` in English. */
export function formatDateTime(value: string, locale: string): string {
  return formatter(locale, { month: 'short', day: 'numeric', weekday: 'short', hour: '2-digit', minute: '2-digit', hour12: false }).format(
    new Date(value),
  )
}

/** An event's time: the day and start, and the end time when it is the same day. */
export function formatTimeRange(start: string, end: string, locale: string): string {
  const endTime = formatter(locale, { hour: '2-digit', minute: '2-digit', hour12: false }).format(new Date(end))
  return `${formatDateTime(start, locale)}–${endTime}`
}

export function formatDate(value: string, locale: string): string {
  const date = value.length === 10 ? new Date(`${value}T00:00:00+08:00`) : new Date(value)
  return formatter(locale, { year: 'numeric', month: 'long', day: 'numeric' }).format(date)
}

/** Today in Beijing as YYYY-MM-DD, the way the API's date filters expect it. */
export function todayInBeijing(now: Date = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: TIME_ZONE }).format(now)
}

export function formatHours(value: string | number): string {
  const hours = Number(value)
  return Number.isInteger(hours) ? String(hours) : hours.toFixed(1)
}
