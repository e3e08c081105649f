import { type Center, getCenter, listCenters } from '@/api/people'

/**
 * The practice centers a person may act for: every center for the district admin; for a coordinator, the
 * centers, institutes and stations in the area of each center they coordinate.
 */
export async function manageableCenters(districtAdmin: boolean, coordinatorOf: number[]): Promise<Center[]> {
  if (districtAdmin) return (await listCenters({ ordering: 'name' })).results
  const own = await Promise.all(coordinatorOf.map((id) => getCenter(id)))
  const pages = await Promise.all(own.map((center) => listCenters({ area: center.area, ordering: 'name' })))
  const byId = new Map<number, Center>()
  for (const center of pages.flatMap((page) => page.results)) byId.set(center.id, center)
  return [...byId.values()]
}

const LEVEL_ORDER: Record<Center['level'], number> = { center: 0, institute: 1, station: 2 }

/** Centers grouped by level (center, institutes, stations), each group by name. */
export function centersByLevel(centers: Center[]): { level: Center['level']; centers: Center[] }[] {
  const levels = [...new Set(centers.map((center) => center.level))].sort((a, b) => LEVEL_ORDER[a] - LEVEL_ORDER[b])
  return levels.map((level) => ({
    level,
    centers: centers.filter((center) => center.level === level).sort((a, b) => a.name.localeCompare(b.name, 'zh-CN')),
  }))
}
