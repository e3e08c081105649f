import { api } from './client'
import type { Campaign, Event, Page, QueryOf, Schemas } from './types'

export function listCampaigns(query: QueryOf<'v1_campaigns_list'>, signal?: AbortSignal) {
  return api.get<Page<Campaign>>('/api/v1/campaigns/', query, signal)
}

export function getCampaign(id: number) {
  return api.get<Campaign>(`/api/v1/campaigns/${id}/`)
}

export function listCampaignEvents(id: number, query: QueryOf<'v1_campaigns_events_list'> = {}) {
  return api.get<Page<Event>>(`/api/v1/campaigns/${id}/events/`, query)
}

type CampaignWrite = Schemas['CampaignWriteRequest']
type CampaignUpdate = Schemas['PatchedCampaignUpdateRequest']

/** A coordinator drafts a campaign for one of their centers. */
export function createCampaign(body: CampaignWrite) {
  return api.post<Campaign>('/api/v1/campaigns/', body)
}

export function updateCampaign(id: number, body: CampaignUpdate) {
  return api.patch<Campaign>(`/api/v1/campaigns/${id}/`, body)
}

/** draft → published → closed, or → cancelled (which also cancels the campaign's coming events). */
export function setCampaignStatus(id: number, action: 'publish' | 'close' | 'cancel') {
  return api.post<Campaign>(`/api/v1/campaigns/${id}/${action}/`)
}

export function createEvent(campaignId: number, body: Schemas['EventCreateRequest']) {
  return api.post<Event>(`/api/v1/campaigns/${campaignId}/events/`, body)
}

/** A weekly series: every chosen weekday from `first_date` for `weeks` weeks, at the same local time. */
export function createRecurringEvents(campaignId: number, body: Schemas['RecurringEventsRequest']) {
  return api.post<Event[]>(`/api/v1/campaigns/${campaignId}/events/recurring/`, body)
}

/** The optimal plan for the campaign's open places, with the greedy baseline's figures beside it. */
export function planAssignments(campaignId: number, body: Partial<Schemas['PlanRequestRequest']> = {}) {
  return api.post<Schemas['Plan']>(`/api/v1/campaigns/${campaignId}/assignment-plan/`, body)
}

/** Sends the plan's places as invitations (each volunteer still accepts or declines). */
export function applyAssignmentPlan(campaignId: number, assignments: Schemas['PlanAssignmentRequest'][]) {
  return api.post<Schemas['Invitation'][]>(`/api/v1/campaigns/${campaignId}/assignment-plan/apply/`, { assignments })
}

export function listPartnerCandidates(campaignId: number, limit = 20) {
  return api.get<Schemas['PartnerCandidate'][]>(`/api/v1/campaigns/${campaignId}/partner-candidates/`, { limit })
}

export function listCampaignPartners(campaignId: number, query: QueryOf<'v1_campaigns_partners_list'> = {}) {
  return api.get<Page<Schemas['CampaignParticipation']>>(`/api/v1/campaigns/${campaignId}/partners/`, {
    page_size: 50,
    ...query,
  })
}
