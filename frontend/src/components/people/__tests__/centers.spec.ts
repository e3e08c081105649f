import { describe, expect, it } from 'vitest'

import type { Center } from '@/api/people'

import { centersByLevel } from '../centers'

function center(id: number, name: string, level: Center['level']): Center {
  return { id, name, level, area: id, area_name: '', address: '', phone: '' }
}

describe('centersByLevel', () => {
  it('puts the center first, then institutes, then stations, each by name', () => {
    const groups = centersByLevel([
      center(3, '颐北园社区新时代文明实践站', 'station'),
      center(2, '中关村街道新时代文明实践所', 'institute'),
      center(1, '海淀区新时代文明实践中心', 'center'),
      center(4, '万寿路街道新时代文明实践所', 'institute'),
    ])
    expect(groups.map((group) => [group.level, group.centers.map((item) => item.id)])).toEqual([
      ['center', [1]],
      ['institute', [4, 2]],
      ['station', [3]],
    ])
  })
})
