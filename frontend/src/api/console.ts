import { api, idempotencyKey } from './client'
import type { Page, QueryOf, Registration, Schemas } from './types'

/** The coordinators' console: what it reads and changes beyond campaigns and events themselves. */

export type Center = Schemas['Center']
export type Plan = Schemas['Plan']
export type PlanProposal = Schemas['PlanProposal']
export type Invitation = Schemas['Invitation']
export type Reservation = Schemas['Reservation']
export type CheckInCode = Schemas['CheckInCode']
export type PartnerCandidate = Schemas['PartnerCandidate']
export type Participation = Schemas['CampaignParticipation']
export type PartnerSummary = Schemas['PartnerDirectory']
export type PartnerMember = Schemas['PartnerMember']
export type PartnerKind = Schemas['PartnerKindEnum']
export type CampaignStatus = Schemas['CampaignStatusEnum']
export type Weekday = Schemas['WeekdaysEnum']

export function getCenter(id: number) {
  return api.get<Center>(`/api/v1/centers/${id}/`)
}

export function listCenters(query: QueryOf<'v1_centers_list'> = {}) {
  return api.get<Page<Center>>('/api/v1/centers/', { page_size: 100, ...query })
}

/** Approved partners (name, kind, area), for partner-only events and reservations. */
export function listApprovedPartners(query: QueryOf<'v1_partner_directory_list'> = {}) {
  return api.get<Page<PartnerSummary>>('/api/v1/partner-directory/', { status: 'approved', page_size: 100, ...query })
}

export function listPartnerMembers(partnerId: number, query: QueryOf<'v1_partners_members_list'> = {}) {
  return api.get<Page<PartnerMember>>(`/api/v1/partners/${partnerId}/members/`, { page_size: 100, ...query })
}

export function listReservations(query: QueryOf<'v1_reservations_list'>) {
  return api.get<Page<Reservation>>('/api/v1/reservations/', { page_size: 50, ...query })
}

/** Gives one reserved place to a member of the partner. */
export function assignReservedPlace(reservationId: number, volunteer: number) {
  return api.post<Registration>(`/api/v1/reservations/${reservationId}/assign/`, { volunteer })
}

/** Gives unassigned reserved places back to the event (and so to its waitlist). */
export function releaseReservedPlaces(reservationId: number, places: number) {
  return api.post<Reservation>(`/api/v1/reservations/${reservationId}/release/`, { places })
}

/** The organizer checks a volunteer in or out by hand, or excuses a no-show. */
export function markAttendance(registrationId: number, step: 'check-in' | 'check-out' | 'excuse') {
  return api.post<Registration>(`/api/v1/registrations/${registrationId}/${step}/`, undefined, {
    'Idempotency-Key': idempotencyKey(),
  })
}

/** The organizer invites an approved partner to the campaign; its admins answer with what it commits to. */
export function invitePartner(campaignId: number, partner: number, message: string) {
  return api.post<Participation>(`/api/v1/campaigns/${campaignId}/partner-invitations/`, { partner, message })
}

export function acceptParticipation(id: number) {
  return api.post<Participation>(`/api/v1/campaign-participations/${id}/accept/`, { reason: '' })
}

export function declineParticipation(id: number, reason: string) {
  return api.post<Participation>(`/api/v1/campaign-participations/${id}/decline/`, { reason })
}
