/**
 * Co-building partners (共建单位): the public directory and applications, a partner's members, agreements,
 * campaign participation and activity logs with photos, and the coordinators' reviews of them.
 */
import { api, ApiError, idempotencyKey, readCookie, request } from './client'
import type { Page, QueryOf, Schemas } from './types'

export type Partner = Schemas['Partner']
export type PartnerKind = Schemas['PartnerKindEnum']
export type PartnerStatus = Schemas['PartnerStatusEnum']
export type PartnerDirectoryEntry = Schemas['PartnerDirectory']
export type PartnerApplication = Schemas['PartnerCreateRequest']
export type PartnerUpdate = Schemas['PatchedPartnerUpdateRequest']
export type PartnerMember = Schemas['PartnerMember']
export type MemberRole = Schemas['MemberAddRoleEnum']
export type Agreement = Schemas['Agreement']
export type AgreementWrite = Schemas['AgreementWriteRequest']
export type AgreementProgress = Schemas['AgreementProgress']
export type CommitmentKind = Schemas['CommitmentKindEnum']
export type Center = Schemas['Center']
export type CampaignParticipation = Schemas['CampaignParticipation']
export type ParticipationStatus = Schemas['ParticipationStatusEnum']
export type Activity = Schemas['Activity']
export type ActivityDetail = Schemas['ActivityDetail']
export type ActivityPhoto = Schemas['ActivityPhoto']
export type ActivityStatus = Schemas['ActivityStatusEnum']
export type ActivityWrite = Schemas['ActivityWriteRequest']
export type ParticipantInput = Schemas['ParticipantInputRequest']

export const PARTNER_KINDS: readonly PartnerKind[] = [
  'university',
  'military',
  'enterprise',
  'government',
  'social_org',
  'school',
  'hospital',
  'other',
]
export const COMMITMENT_KINDS: readonly CommitmentKind[] = ['volunteer_hours', 'events', 'resource']

// Partners ------------------------------------------------------------------------------------------

/** Approved partners' names, kinds and areas: public. */
export function listPartnerDirectory(query: QueryOf<'v1_partner_directory_list'>, signal?: AbortSignal) {
  return api.get<Page<PartnerDirectoryEntry>>('/api/v1/partner-directory/', query, signal)
}

/** Anyone registers an organization and its first admin account; it waits for review as `pending`. */
export function applyAsPartner(body: PartnerApplication) {
  return api.post<Partner>('/api/v1/partners/', body)
}

/** Partners in the caller's scope (a coordinator's area, a partner admin's own). */
export function listPartners(query: QueryOf<'v1_partners_list'>, signal?: AbortSignal) {
  return api.get<Page<Partner>>('/api/v1/partners/', query, signal)
}

export function getPartner(id: number) {
  return api.get<Partner>(`/api/v1/partners/${id}/`)
}

export function updatePartner(id: number, body: PartnerUpdate) {
  return api.patch<Partner>(`/api/v1/partners/${id}/`, body)
}

export function approvePartner(id: number, reason = '') {
  return api.post<Partner>(`/api/v1/partners/${id}/approve/`, { reason })
}

export function rejectPartner(id: number, reason: string) {
  return api.post<Partner>(`/api/v1/partners/${id}/reject/`, { reason })
}

// Members ------------------------------------------------------------------------------------------

export function listMembers(partnerId: number, query: QueryOf<'v1_partners_members_list'> = {}) {
  return api.get<Page<PartnerMember>>(`/api/v1/partners/${partnerId}/members/`, query)
}

/** Every member, page by page (a university can have hundreds): for choosing an activity's participants. */
export async function listAllMembers(partnerId: number): Promise<PartnerMember[]> {
  const members: PartnerMember[] = []
  for (let page = 1; ; page += 1) {
    const batch = await listMembers(partnerId, { page, page_size: 100 })
    members.push(...batch.results)
    if (!batch.next) return members
  }
}

/** Enrols an existing account, found by the mobile number it registered with. */
export function addMember(partnerId: number, phone: string, role: MemberRole) {
  return api.post<PartnerMember>(`/api/v1/partners/${partnerId}/members/`, { phone, role })
}

export function confirmMember(partnerId: number, membershipId: number) {
  return api.post<PartnerMember>(`/api/v1/partners/${partnerId}/members/${membershipId}/confirm/`)
}

export function removeMember(partnerId: number, membershipId: number) {
  return api.delete<void>(`/api/v1/partners/${partnerId}/members/${membershipId}/`)
}

// Agreements ---------------------------------------------------------------------------------------

export function listAgreements(partnerId: number, query: QueryOf<'v1_partners_agreements_list'> = {}) {
  return api.get<Page<Agreement>>(`/api/v1/partners/${partnerId}/agreements/`, query)
}

export function getAgreement(partnerId: number, agreementId: number) {
  return api.get<Agreement>(`/api/v1/partners/${partnerId}/agreements/${agreementId}/`)
}

export function createAgreement(partnerId: number, body: AgreementWrite) {
  return api.post<Agreement>(`/api/v1/partners/${partnerId}/agreements/`, body)
}

export function updateAgreement(partnerId: number, agreementId: number, body: AgreementWrite) {
  return api.patch<Agreement>(`/api/v1/partners/${partnerId}/agreements/${agreementId}/`, body)
}

/** Pledged against delivered for each commitment, within the agreement's term. */
export function getAgreementProgress(partnerId: number, agreementId: number) {
  return api.get<AgreementProgress>(`/api/v1/partners/${partnerId}/agreements/${agreementId}/progress/`)
}

/** One area with its level and parent, to put an activity's area back into the street and community pickers. */
export function getArea(id: number) {
  return api.get<Schemas['Area']>(`/api/v1/areas/${id}/`)
}

export function listCenters(query: QueryOf<'v1_centers_list'>) {
  return api.get<Page<Center>>('/api/v1/centers/', { page_size: 100, ...query })
}

export function getCenter(id: number) {
  return api.get<Center>(`/api/v1/centers/${id}/`)
}

// Campaign participation -----------------------------------------------------------------------------

/** Partner admins: their partners' offers and invitations; coordinators: those of the campaigns they run. */
export function listParticipations(query: QueryOf<'v1_campaign_participations_list'>) {
  return api.get<Page<CampaignParticipation>>('/api/v1/campaign-participations/', query)
}

/** A partner admin offers to take part in a published campaign, saying what the partner commits to. */
export function offerToJoin(campaignId: number, partnerId: number, commitment: string) {
  return api.post<CampaignParticipation>(`/api/v1/campaigns/${campaignId}/partners/`, { partner: partnerId, commitment })
}

export function acceptParticipation(id: number, reason = '') {
  return api.post<CampaignParticipation>(`/api/v1/campaign-participations/${id}/accept/`, { reason })
}

/** The organizer declines a partner's offer, or a partner admin an organizer's invitation; the other side sees why. */
export function declineParticipation(id: number, reason: string) {
  return api.post<CampaignParticipation>(`/api/v1/campaign-participations/${id}/decline/`, { reason })
}

/** A partner admin accepts an organizer's invitation, saying what the partner commits to. */
export function acceptInvitation(id: number, commitment: string) {
  return api.post<CampaignParticipation>(`/api/v1/campaign-participations/${id}/accept/`, { commitment })
}

// Activity logs --------------------------------------------------------------------------------------

export function listActivities(query: QueryOf<'v1_activities_list'>, signal?: AbortSignal) {
  return api.get<Page<Activity>>('/api/v1/activities/', query, signal)
}

export function getActivity(id: number) {
  return api.get<ActivityDetail>(`/api/v1/activities/${id}/`)
}

/** Drafts an activity log of the partner. */
export function createActivity(partnerId: number, body: ActivityWrite) {
  return api.post<ActivityDetail>(`/api/v1/partners/${partnerId}/activities/`, body)
}

export function updateActivity(id: number, body: Partial<ActivityWrite>) {
  return api.patch<ActivityDetail>(`/api/v1/activities/${id}/`, body)
}

/** Replaces the log's participants and their hours. */
export function setActivityParticipants(id: number, participants: ParticipantInput[]) {
  return request<ActivityDetail>('PUT', `/api/v1/activities/${id}/participants/`, { body: { participants } })
}

export function deleteActivityPhoto(photoId: number) {
  return api.delete<void>(`/api/v1/activity-photos/${photoId}/`)
}

/** Sends the log for verification; retried with the same key, it is sent once. */
export function submitActivity(id: number) {
  return api.post<ActivityDetail>(`/api/v1/activities/${id}/submit/`, undefined, { 'Idempotency-Key': idempotencyKey() })
}

export function verifyActivity(id: number) {
  return api.post<ActivityDetail>(`/api/v1/activities/${id}/verify/`)
}

export function rejectActivity(id: number, reason: string) {
  return api.post<ActivityDetail>(`/api/v1/activities/${id}/reject/`, { reason })
}

async function csrfToken(): Promise<string> {
  const existing = readCookie('csrftoken')
  if (existing) return existing
  await fetch('/api/v1/auth/csrf/', { credentials: 'same-origin' })
  return readCookie('csrftoken') ?? ''
}

function uploadError(xhr: XMLHttpRequest): ApiError {
  try {
    const body = JSON.parse(xhr.responseText) as { code?: unknown; message?: unknown; errors?: unknown }
    if (typeof body.code === 'string') {
      const errors = Array.isArray(body.errors) ? (body.errors as ApiError['errors']) : []
      return new ApiError(xhr.status, body.code, typeof body.message === 'string' ? body.message : '', errors)
    }
  } catch {
    /* Not the API's error shape (a proxy's page, say): named by its status below. */
  }
  if (xhr.status === 413) return new ApiError(413, 'request_too_large', xhr.statusText)
  return new ApiError(xhr.status, xhr.status >= 500 ? 'server_error' : `http_${xhr.status}`, xhr.statusText)
}

/**
 * Uploads one photo (multipart, field `image`) with its progress, 0 to 1. XMLHttpRequest rather than fetch:
 * only it reports upload progress, which a phone on a slow connection needs to show.
 */
export async function uploadActivityPhoto(
  activityId: number,
  file: Blob,
  { language, onProgress }: { language: string; onProgress?: (share: number) => void },
): Promise<ActivityPhoto> {
  const token = await csrfToken()
  const form = new FormData()
  form.append('image', file)
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest()
    xhr.open('POST', `/api/v1/activities/${activityId}/photos/`)
    xhr.withCredentials = true
    xhr.setRequestHeader('Accept', 'application/json')
    xhr.setRequestHeader('Accept-Language', language)
    xhr.setRequestHeader('X-CSRFToken', token)
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress?.(event.loaded / event.total)
    }
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) resolve(JSON.parse(xhr.responseText) as ActivityPhoto)
      else reject(uploadError(xhr))
    }
    xhr.onerror = () => reject(new ApiError(0, 'network_error', 'upload failed'))
    xhr.send(form)
  })
}
