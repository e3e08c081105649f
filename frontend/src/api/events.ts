import { api, idempotencyKey } from './client'
import type { Candidate, Event, EventRegistration, Page, QueryOf, Registration } from './types'

export function listEvents(query: QueryOf<'v1_events_list'>, signal?: AbortSignal) {
  return api.get<Page<Event>>('/api/v1/events/', query, signal)
}

export function getEvent(id: number) {
  return api.get<Event>(`/api/v1/events/${id}/`)
}

/** Registers the signed-in volunteer: confirmed if there is room, otherwise waitlisted. */
export function registerForEvent(id: number, note = '') {
  return api.post<Registration>(`/api/v1/events/${id}/registrations/`, { note }, { 'Idempotency-Key': idempotencyKey() })
}

/** Checks the signed-in volunteer in (or out) with the six digits on the organizer's screen. */
export function checkInWithCode(id: number, code: string) {
  return api.post<Registration>(`/api/v1/events/${id}/check-in/`, { code }, { 'Idempotency-Key': idempotencyKey() })
}

export function listEventRegistrations(id: number, query: QueryOf<'v1_events_registrations_list'> = {}) {
  return api.get<Page<EventRegistration>>(`/api/v1/events/${id}/registrations/`, { page_size: 100, ...query })
}

export function listCandidates(id: number, limit = 20) {
  return api.get<Candidate[]>(`/api/v1/events/${id}/candidates/`, { limit })
}
