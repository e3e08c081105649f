import { api } from './client'
import type { Page, QueryOf, Registration } from './types'

export function listMyRegistrations(query: QueryOf<'v1_registrations_list'> = {}) {
  return api.get<Page<Registration>>('/api/v1/registrations/', { page_size: 50, ...query })
}

export function cancelRegistration(id: number) {
  return api.post<Registration>(`/api/v1/registrations/${id}/cancel/`)
}
