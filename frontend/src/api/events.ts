import { api, idempotencyKey } from './client'
import type { Candidate, Event, EventRegistration, Page, QueryOf, Registration, Schemas } from './types'

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

export function updateEvent(id: number, body: Schemas['PatchedEventUpdateRequest']) {
  return api.patch<Event>(`/api/v1/events/${id}/`, body)
}

/** Cancels the event; every registered volunteer is told, with the reason when one is given. */
export function cancelEvent(id: number, reason = '') {
  return api.post<Event>(`/api/v1/events/${id}/cancel/`, { reason })
}

/** The rotating six-digit code (and its QR image) for the organizer's screen. */
export function getCheckInCode(id: number) {
  return api.get<Schemas['CheckInCode']>(`/api/v1/events/${id}/check-in-code/`)
}

export function listEventInvitations(id: number, query: QueryOf<'v1_events_invitations_list'> = {}) {
  return api.get<Page<Schemas['Invitation']>>(`/api/v1/events/${id}/invitations/`, { page_size: 50, ...query })
}

export function inviteVolunteers(id: number, volunteers: number[]) {
  return api.post<Schemas['Invitation'][]>(`/api/v1/events/${id}/invitations/`, { volunteers })
}

/** Holds `places` confirmed places of the event for a partner's members. */
export function reservePlaces(id: number, body: Schemas['ReservationCreateRequest']) {
  return api.post<Schemas['Reservation']>(`/api/v1/events/${id}/reservations/`, body)
}
