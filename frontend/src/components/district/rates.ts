import type { TargetMetric, TargetState, TargetStatus } from '@/api/district'

/** The three rates residents' surveys measure, with the dashboard's and the trend's names for them. */
export const SURVEY_RATES = [
  { metric: 'awareness_rate', measure: 'awareness' },
  { metric: 'participation_rate', measure: 'participation' },
  { metric: 'satisfaction_rate', measure: 'satisfaction' },
] as const

export type SurveyMeasure = (typeof SURVEY_RATES)[number]['measure']

/** Metrics that are shares (thresholds from 0 to 1, shown as percentages). */
export const RATE_METRICS: readonly TargetMetric[] = [
  'awareness_rate',
  'participation_rate',
  'satisfaction_rate',
  'registration_rate',
  'pledge_delivery_rate',
]

/** Every metric a target can be set for, in the order forms list them; campaigns allow only some. */
export const TARGET_METRICS: readonly TargetMetric[] = [
  ...RATE_METRICS,
  'active_volunteers',
  'new_volunteers',
  'volunteer_hours',
  'events_held',
  'partners_active',
]
export const CAMPAIGN_METRICS: readonly TargetMetric[] = ['satisfaction_rate', 'volunteer_hours', 'events_held', 'partners_active']

export const STATUS_ICONS: Record<TargetState, string> = {
  met: '✓',
  on_track: '↗',
  at_risk: '!',
  behind: '✗',
  insufficient_data: '?',
}

export function isRate(metric: TargetMetric): boolean {
  return RATE_METRICS.includes(metric)
}

function numberLocale(locale: string): string {
  return locale === 'en' ? 'en-GB' : 'zh-CN'
}

/** `88.4%`, or `—` when there is no value. */
export function percent(value: number | null | undefined, locale: string, digits = 1): string {
  if (value === null || value === undefined) return '—'
  return new Intl.NumberFormat(numberLocale(locale), {
    style: 'percent',
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format(value)
}

/** A count or an amount of hours (one decimal when it has a fraction), or `—`. */
export function amount(value: number | null | undefined, locale: string): string {
  if (value === null || value === undefined) return '—'
  return new Intl.NumberFormat(numberLocale(locale), { maximumFractionDigits: 1 }).format(value)
}

/** A metric's value the way people read it: shares as percentages, everything else as a number. */
export function metricValue(metric: TargetMetric, value: number | null | undefined, locale: string): string {
  return isRate(metric) ? percent(value, locale) : amount(value, locale)
}

/**
 * The target an area's headline figure is judged against: the area's own target for the metric (not one about
 * a particular subject), preferring one over the same kind of period as the one shown.
 */
export function pickTarget(
  targets: readonly TargetStatus[],
  areaId: number,
  metric: TargetMetric,
  periodKind: string,
): TargetStatus | undefined {
  const own = targets.filter(
    (target) => target.scope.type === 'area' && target.scope.id === areaId && target.metric === metric && !target.subject,
  )
  return own.find((target) => target.period.kind === periodKind) ?? own[0]
}

/** Where a target's status sits among the others (the most urgent first), for sorting lists of targets. */
export const STATUS_ORDER: Record<TargetState, number> = { behind: 0, at_risk: 1, insufficient_data: 2, on_track: 3, met: 4 }
