/**
 * ECharts options for the dashboard, built from API data by pure functions (tested without a browser). Values
 * are plotted in percent; every chart is paired with a table or text that carries the same numbers.
 */
import type { BarSeriesOption, LineSeriesOption } from 'echarts/charts'
import type { GridComponentOption, LegendComponentOption, TooltipComponentOption } from 'echarts/components'
import type { ComposeOption } from 'echarts/core'

import type { PointRate } from '@/api/district'

export type ChartOption = ComposeOption<
  BarSeriesOption | LineSeriesOption | GridComponentOption | LegendComponentOption | TooltipComponentOption
>

export interface TrendPoint {
  label: string
  value: number | null
  low: number | null
  high: number | null
  n: number
}

export const CHART_COLORS = {
  line: '#b4231c',
  band: 'rgba(180, 35, 28, 0.16)',
  bar: '#8f1a15',
  target: '#1f2328',
  axis: '#555d66',
}

function toPercent(value: number | null): number | null {
  return value === null ? null : Math.round(value * 1000) / 10
}

export function trendPoint(label: string, rate: PointRate): TrendPoint {
  const shown = !rate.suppressed && rate.value !== null
  return {
    label,
    value: shown ? rate.value : null,
    low: shown ? rate.ci_low : null,
    high: shown ? rate.ci_high : null,
    n: rate.n,
  }
}

/** The lowest percentage the y axis needs (a multiple of 10) to show every interval and the target. */
export function axisFloor(points: readonly TrendPoint[], threshold: number | null): number {
  const lows = points.flatMap((point) => (point.low === null ? [] : [point.low]))
  if (threshold !== null) lows.push(threshold)
  if (lows.length === 0) return 0
  return Math.max(0, Math.floor((Math.min(...lows) * 100 - 2) / 10) * 10)
}

interface TrendOptions {
  /** The rate's name (legend and tooltip). */
  name: string
  /** The interval band's name in the legend. */
  bandName: string
  /** The target's threshold (0–1) and its label on the dashed line, if there is one. */
  threshold: number | null
  thresholdName: string
  /** One point in words, for the tooltip. */
  describe: (point: TrendPoint) => string
  fontSize: number
}

/** A line of the rate over time with its 95% interval as a band and the target as a dashed line. */
export function trendOption(points: readonly TrendPoint[], options: TrendOptions): ChartOption {
  const lows = points.map((point) => toPercent(point.low))
  const widths = points.map((point) =>
    point.low === null || point.high === null ? null : Math.round((point.high - point.low) * 1000) / 10,
  )
  const line: LineSeriesOption = {
    name: options.name,
    type: 'line',
    data: points.map((point) => toPercent(point.value)),
    symbol: 'circle',
    symbolSize: 6,
    connectNulls: false,
    lineStyle: { width: 2, color: CHART_COLORS.line },
    itemStyle: { color: CHART_COLORS.line },
    z: 3,
  }
  if (options.threshold !== null) {
    line.markLine = {
      symbol: 'none',
      silent: true,
      lineStyle: { type: 'dashed', color: CHART_COLORS.target, width: 1.5 },
      label: { formatter: options.thresholdName, position: 'insideEndTop', fontSize: options.fontSize, color: CHART_COLORS.target },
      data: [{ yAxis: toPercent(options.threshold) ?? 0 }],
    }
  }
  return {
    animation: false,
    textStyle: { fontSize: options.fontSize },
    grid: { left: 4, right: 12, top: options.fontSize * 3, bottom: 4, containLabel: true },
    legend: {
      top: 0,
      left: 0,
      data: [options.name, options.bandName],
      textStyle: { fontSize: options.fontSize, color: CHART_COLORS.target },
    },
    tooltip: {
      trigger: 'axis',
      textStyle: { fontSize: options.fontSize },
      formatter: (params: unknown) => {
        const first = Array.isArray(params) ? (params[0] as { dataIndex?: number }) : (params as { dataIndex?: number })
        const point = points[first?.dataIndex ?? -1]
        return point ? options.describe(point) : ''
      },
    },
    xAxis: {
      type: 'category',
      boundaryGap: false,
      data: points.map((point) => point.label),
      axisLabel: { fontSize: options.fontSize, color: CHART_COLORS.axis, hideOverlap: true },
    },
    yAxis: {
      type: 'value',
      min: axisFloor(points, options.threshold),
      max: 100,
      axisLabel: { fontSize: options.fontSize, color: CHART_COLORS.axis, formatter: '{value}%' },
    },
    series: [
      {
        name: `${options.bandName}-low`,
        type: 'line',
        data: lows,
        stack: 'interval',
        symbol: 'none',
        silent: true,
        lineStyle: { opacity: 0 },
        tooltip: { show: false },
      },
      {
        name: options.bandName,
        type: 'line',
        data: widths,
        stack: 'interval',
        symbol: 'none',
        silent: true,
        lineStyle: { opacity: 0 },
        itemStyle: { color: CHART_COLORS.band },
        areaStyle: { color: CHART_COLORS.band },
      },
      line,
    ],
  }
}

export interface RankingBar {
  name: string
  attainment: number | null
}

/** The height a horizontal bar chart needs for its rows at the given font size. */
export function rankingHeight(rows: number, fontSize: number): number {
  return Math.max(3, rows) * Math.round(fontSize * 2.2) + fontSize * 3
}

/** Areas as horizontal bars of their target attainment (0–100%), in the order given (best first). */
export function rankingOption(rows: readonly RankingBar[], options: { name: string; fontSize: number }): ChartOption {
  return {
    animation: false,
    textStyle: { fontSize: options.fontSize },
    grid: { left: 4, right: options.fontSize * 4, top: 8, bottom: 4, containLabel: true },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, textStyle: { fontSize: options.fontSize }, valueFormatter: (value) => `${String(value)}%` },
    xAxis: {
      type: 'value',
      min: 0,
      max: 100,
      axisLabel: { fontSize: options.fontSize, color: CHART_COLORS.axis, formatter: '{value}%' },
    },
    yAxis: {
      type: 'category',
      inverse: true,
      data: rows.map((row) => row.name),
      axisLabel: { fontSize: options.fontSize, color: CHART_COLORS.target, width: options.fontSize * 8, overflow: 'truncate' },
    },
    series: [
      {
        name: options.name,
        type: 'bar',
        data: rows.map((row) => toPercent(row.attainment)),
        barMaxWidth: options.fontSize * 1.4,
        itemStyle: { color: CHART_COLORS.bar },
        label: { show: true, position: 'right', fontSize: options.fontSize, color: CHART_COLORS.target, formatter: '{c}%' },
      },
    ],
  }
}
