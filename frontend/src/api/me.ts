import { api, ApiError, request, toApiError } from './client'
import type { Area, Page, QueryOf, Registration, Schemas } from './types'

export type OwnVolunteer = Schemas['OwnVolunteer']
type ProfileChange = Schemas['PatchedVolunteerUpdateRequest']
export type AvailabilitySlot = Schemas['AvailabilityEnum']
export type Invitation = Schemas['Invitation']

/** The signed-in volunteer's own profile, unmasked. */
export function fetchMyProfile() {
  return api.get<OwnVolunteer>('/api/v1/volunteers/me/')
}

/** Changes what a volunteer may change: home area, skills, weekly availability and email. */
export function updateMyProfile(body: ProfileChange) {
  return api.patch<OwnVolunteer>('/api/v1/volunteers/me/', body)
}

/** Changes the password; other sessions and API tokens stop working, this one stays. */
export function changePassword(body: Schemas['PasswordChangeRequest']) {
  return api.post<void>('/api/v1/auth/password/', body)
}

export function fetchCalendarLink() {
  return api.get<Schemas['CalendarLink']>('/api/v1/volunteers/me/calendar/')
}

/** A new secret calendar address; the old one stops working. */
export function resetCalendarLink() {
  return api.post<Schemas['CalendarLink']>('/api/v1/volunteers/me/calendar/')
}

/** Everything held about the volunteer, as the JSON file the server writes. */
export async function downloadMyData(): Promise<Blob> {
  let response: Response
  try {
    response = await fetch('/api/v1/volunteers/me/export/', { credentials: 'same-origin', headers: { Accept: 'application/json' } })
  } catch (error) {
    throw new ApiError(0, 'network_error', error instanceof Error ? error.message : String(error))
  }
  if (!response.ok) throw await toApiError(response)
  return response.blob()
}

/** Deletes the account for good: personal data erased, the password confirms it is really the holder. */
export function deleteMyAccount(password: string) {
  return request<void>('DELETE', '/api/v1/volunteers/me/', { body: { password } })
}

export function listInvitations(query: QueryOf<'v1_invitations_list'> = {}) {
  return api.get<Page<Invitation>>('/api/v1/invitations/', query)
}

/** Accepting registers through the usual rules: a confirmed place, or the waitlist when full. */
export function acceptInvitation(id: number) {
  return api.post<Invitation>(`/api/v1/invitations/${id}/accept/`)
}

export function declineInvitation(id: number) {
  return api.post<Invitation>(`/api/v1/invitations/${id}/decline/`)
}

export function getRegistration(id: number) {
  return api.get<Registration>(`/api/v1/registrations/${id}/`)
}

/** One area, for the street a home community lies in. */
export function getArea(id: number) {
  return api.get<Area>(`/api/v1/areas/${id}/`)
}
