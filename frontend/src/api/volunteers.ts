import { api } from './client'
import type { Certificate, Page, Schemas, ServiceSummary, Skill, VolunteerCreate } from './types'

export function signUp(body: VolunteerCreate) {
  return api.post<Schemas['Volunteer']>('/api/v1/volunteers/', body)
}

export function listSkills() {
  return api.get<Skill[]>('/api/v1/skills/')
}

export function fetchMySummary() {
  return api.get<ServiceSummary>('/api/v1/volunteers/me/summary/')
}

export function listMyCertificates() {
  return api.get<Page<Certificate>>('/api/v1/volunteers/me/certificates/', { page_size: 50 })
}

/** Issues a new certificate from the volunteer's current hours ledger. */
export function issueCertificate() {
  return api.post<Certificate>('/api/v1/volunteers/me/certificates/')
}

export function certificateDocumentUrl(id: number): string {
  return `/api/v1/volunteers/me/certificates/${id}/document/`
}
