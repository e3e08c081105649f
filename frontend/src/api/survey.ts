import { api, buildUrl } from './client'
import type { components } from './schema'
import type { Page, QueryOf } from './types'

type Schemas = components['schemas']

export type Survey = Schemas['Survey']
export type SurveyDetail = Schemas['SurveyDetail']
export type SurveyStatus = Schemas['SurveyStatusEnum']
export type Question = Schemas['Question']
export type CommunityChoice = Schemas['CommunityChoice']
export type SurveyCreate = Schemas['SurveyCreateRequest']
export type ResponseInput = Schemas['ResponseInputRequest']
export type ResponseReceipt = Schemas['ResponseReceipt']
export type SurveyResults = Schemas['SurveyResults']
export type QuestionResult = Schemas['QuestionResult']

/** A single-choice question's choices (the schema types them loosely, as JSON). */
export interface Choice {
  key: string
  label: string
}

export function choicesOf(question: Question): Choice[] {
  return Array.isArray(question.choices) ? (question.choices as Choice[]) : []
}

export function listSurveys(query: QueryOf<'v1_surveys_list'>, signal?: AbortSignal) {
  return api.get<Page<Survey>>('/api/v1/surveys/', query, signal)
}

/** The survey and its questions; `link` is a poster's signed community (`?c=`), which fixes the community. */
export function getSurvey(id: number, link?: string) {
  return api.get<SurveyDetail>(`/api/v1/surveys/${id}/`, { c: link })
}

export function createSurvey(body: SurveyCreate) {
  return api.post<Survey>('/api/v1/surveys/', body)
}

export function openSurvey(id: number) {
  return api.post<Survey>(`/api/v1/surveys/${id}/open/`)
}

export function closeSurvey(id: number) {
  return api.post<Survey>(`/api/v1/surveys/${id}/close/`)
}

/** A resident's anonymous answers; the server allows one response per device and survey. */
export function submitResponse(id: number, body: ResponseInput) {
  return api.post<ResponseReceipt>(`/api/v1/surveys/${id}/responses/`, body)
}

export function getSurveyResults(id: number, query: QueryOf<'v1_surveys_results_retrieve'> = {}) {
  return api.get<SurveyResults>(`/api/v1/surveys/${id}/results/`, query)
}

/** The print-ready A4 poster of one community, with the QR code of its survey link (an HTML page). */
export function posterUrl(id: number, community: number): string {
  return buildUrl(`/api/v1/surveys/${id}/poster/`, { community })
}
