import { api } from './client'
import type { Area, Page, QueryOf } from './types'

export function listAreas(query: QueryOf<'v1_areas_list'>, signal?: AbortSignal) {
  return api.get<Page<Area>>('/api/v1/areas/', { page_size: 200, ...query }, signal)
}
