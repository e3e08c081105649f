import { api } from './client'
import type { components } from './schema'
import type { Page, QueryOf } from './types'

type Schemas = components['schemas']

export type Dashboard = Schemas['Dashboard']
export type CampaignDashboard = Schemas['CampaignDashboard']
export type AreaRate = Schemas['AreaRate']
export type Rate = Schemas['Rate']
export type TargetStatus = Schemas['TargetStatus']
export type TargetState = Schemas['TargetStatusEnum']
export type RankingRow = Schemas['RankingRow']
export type PointRate = Schemas['PointRate']
export type Trend = Schemas['Trend']
export type Target = Schemas['Target']
export type TargetMetric = Schemas['TargetMetricEnum']
export type TargetCreate = Schemas['TargetCreateRequest']
export type TargetUpdate = Schemas['PatchedTargetUpdateRequest']
export type SatisfactionSubject = Schemas['SatisfactionSubjectEnum']
export type Report = Schemas['Report']
export type ReportKind = Schemas['ReportKindEnum']
export type ReportCreate = Schemas['ReportCreateRequest']
export type Archive = Schemas['Archive']

/** Everything the district dashboard shows about an area in a period (the caller's own area by default). */
export function getDashboard(query: QueryOf<'v1_dashboard_retrieve'>, signal?: AbortSignal) {
  return api.get<Dashboard>('/api/v1/dashboard/', query, signal)
}

export function getCampaignDashboard(id: number, query: QueryOf<'v1_campaigns_dashboard_retrieve'> = {}) {
  return api.get<CampaignDashboard>(`/api/v1/campaigns/${id}/dashboard/`, query)
}

export function listTargets(query: QueryOf<'v1_targets_list'>, signal?: AbortSignal) {
  return api.get<Page<Target>>('/api/v1/targets/', query, signal)
}

export function createTarget(body: TargetCreate) {
  return api.post<Target>('/api/v1/targets/', body)
}

/** Only a target's threshold and note can change. */
export function updateTarget(id: number, body: TargetUpdate) {
  return api.patch<Target>(`/api/v1/targets/${id}/`, body)
}

export function deleteTarget(id: number) {
  return api.delete<void>(`/api/v1/targets/${id}/`)
}

export function listReports(query: QueryOf<'v1_reports_list'>, signal?: AbortSignal) {
  return api.get<Page<Report>>('/api/v1/reports/', query, signal)
}

/** Generates a report now (replacing an earlier version of the same period); it is ready when its status says so. */
export function createReport(body: ReportCreate) {
  return api.post<Report>('/api/v1/reports/', body)
}

/** Starts building a campaign's evidence archive (a ZIP of its ledger and photos). */
export function startArchive(campaignId: number) {
  return api.post<Archive>(`/api/v1/campaigns/${campaignId}/archive/`)
}

export function getArchive(id: number) {
  return api.get<Archive>(`/api/v1/archives/${id}/`)
}
