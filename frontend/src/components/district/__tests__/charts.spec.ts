import { describe, expect, it } from 'vitest'

import { axisFloor, rankingHeight, rankingOption, trendOption, trendPoint } from '../charts'

const points = [
  trendPoint('5/1', { value: 0.9, ci_low: 0.85, ci_high: 0.94, n: 120, suppressed: false }),
  trendPoint('5/2', { value: null, ci_low: null, ci_high: null, n: 3, suppressed: true }),
  trendPoint('5/3', { value: 0.72, ci_low: 0.61, ci_high: 0.8, n: 40, suppressed: false }),
]

describe('chart options', () => {
  it('leaves a gap where too few answered', () => {
    expect(points[1]).toEqual({ label: '5/2', value: null, low: null, high: null, n: 3 })
  })

  it('starts the axis low enough for every interval and the target', () => {
    expect(axisFloor(points, 0.9)).toBe(50)
    expect(axisFloor(points.slice(0, 1), 0.9)).toBe(80)
    expect(axisFloor([], null)).toBe(0)
  })

  it('draws the rate as a line over a band stacked from the interval, with the target as a dashed line', () => {
    const option = trendOption(points, {
      name: '满意度',
      bandName: '95% 置信区间',
      threshold: 0.9,
      thresholdName: '目标 90%',
      describe: (point) => `${point.label}: ${point.value}`,
      fontSize: 12,
    })
    const [low, band, line] = option.series as { data: (number | null)[]; stack?: string; markLine?: { data: unknown[] } }[]
    expect(low?.data).toEqual([85, null, 61])
    expect(band?.data).toEqual([9, null, 19])
    expect(low?.stack).toBe(band?.stack)
    expect(line?.data).toEqual([90, null, 72])
    expect(line?.markLine?.data).toEqual([{ yAxis: 90 }])
    expect((option.legend as { data: string[] }).data).toEqual(['满意度', '95% 置信区间'])
  })

  it('draws no target line without a target', () => {
    const option = trendOption(points, { name: 'x', bandName: 'y', threshold: null, thresholdName: '', describe: () => '', fontSize: 12 })
    expect((option.series as { markLine?: unknown }[])[2]?.markLine).toBeUndefined()
  })

  it('draws the ranking as bars in percent, in the order given, tall enough for its rows', () => {
    const option = rankingOption(
      [
        { name: '中关村街道', attainment: 0.8307 },
        { name: '海淀街道', attainment: null },
      ],
      { name: '目标完成程度', fontSize: 12 },
    )
    expect((option.yAxis as { data: string[] }).data).toEqual(['中关村街道', '海淀街道'])
    expect((option.series as { data: (number | null)[] }[])[0]?.data).toEqual([83.1, null])
    expect(rankingHeight(20, 12)).toBeGreaterThan(rankingHeight(3, 12))
  })
})
