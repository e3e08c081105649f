import { api } from './client'
import type { Page, QueryOf, Schemas } from './types'

export type Volunteer = Schemas['Volunteer']
export type ServiceRecord = Schemas['ServiceRecord']
export type VolunteerTeam = Schemas['VolunteerTeam']
export type TeamMember = Schemas['TeamMember']
export type Center = Schemas['Center']
export type Role = Schemas['Role']
export type RoleName = Schemas['MembershipRoleEnum']
export type AuditEvent = Schemas['AuditEvent']

export function listVolunteers(query: QueryOf<'v1_volunteers_list'>, signal?: AbortSignal) {
  return api.get<Page<Volunteer>>('/api/v1/volunteers/', query, signal)
}

export function getVolunteer(id: number) {
  return api.get<Volunteer>(`/api/v1/volunteers/${id}/`)
}

export function listServiceRecords(volunteerId: number, query: QueryOf<'v1_volunteers_service_records_list'> = {}) {
  return api.get<Page<ServiceRecord>>(`/api/v1/volunteers/${volunteerId}/service-records/`, query)
}

/** A coordinator credits or debits hours by hand, with a reason. */
export function adjustHours(volunteerId: number, body: Schemas['AdjustmentRequest']) {
  return api.post<ServiceRecord>(`/api/v1/volunteers/${volunteerId}/service-records/`, body)
}

/** Cancels a ledger entry with an opposite one, with a reason. */
export function reverseRecord(recordId: number, reason: string) {
  return api.post<ServiceRecord>(`/api/v1/service-records/${recordId}/reverse/`, { reason })
}

export function listTeams(query: QueryOf<'v1_volunteer_teams_list'>) {
  return api.get<Page<VolunteerTeam>>('/api/v1/volunteer-teams/', query)
}

export function getTeam(id: number) {
  return api.get<VolunteerTeam>(`/api/v1/volunteer-teams/${id}/`)
}

export function createTeam(body: Schemas['TeamWriteRequest']) {
  return api.post<VolunteerTeam>('/api/v1/volunteer-teams/', body)
}

export function updateTeam(id: number, body: Schemas['PatchedTeamUpdateRequest']) {
  return api.patch<VolunteerTeam>(`/api/v1/volunteer-teams/${id}/`, body)
}

export function listCenters(query: QueryOf<'v1_centers_list'>) {
  return api.get<Page<Center>>('/api/v1/centers/', { page_size: 200, ...query })
}

export function getCenter(id: number) {
  return api.get<Center>(`/api/v1/centers/${id}/`)
}

export function listRoles(query: QueryOf<'v1_memberships_list'>) {
  return api.get<Page<Role>>('/api/v1/memberships/', query)
}

/** The district admin gives the account with this mobile number a district or coordinator role. */
export function grantRole(body: Schemas['RoleGrantRequest']) {
  return api.post<Role>('/api/v1/memberships/', body)
}

export function revokeRole(id: number) {
  return api.delete<void>(`/api/v1/memberships/${id}/`)
}

export function listAuditEvents(query: QueryOf<'v1_audit_events_list'>) {
  return api.get<Page<AuditEvent>>('/api/v1/audit-events/', query)
}
