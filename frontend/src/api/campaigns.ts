import { api } from './client'
import type { Campaign, Event, Page, QueryOf } from './types'

export function listCampaigns(query: QueryOf<'v1_campaigns_list'>, signal?: AbortSignal) {
  return api.get<Page<Campaign>>('/api/v1/campaigns/', query, signal)
}

export function getCampaign(id: number) {
  return api.get<Campaign>(`/api/v1/campaigns/${id}/`)
}

export function listCampaignEvents(id: number, query: QueryOf<'v1_campaigns_events_list'> = {}) {
  return api.get<Page<Event>>(`/api/v1/campaigns/${id}/events/`, query)
}
