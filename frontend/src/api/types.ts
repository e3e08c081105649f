import type { components, operations } from './schema'

export type Schemas = components['schemas']

export type Area = Schemas['Area']
export type AreaLevel = Schemas['AreaLevelEnum']
export type Campaign = Schemas['Campaign']
export type Theme = Schemas['ThemeEnum']
export type Event = Schemas['Event']
export type Registration = Schemas['Registration']
export type EventRegistration = Schemas['EventRegistration']
export type RegistrationStatus = Schemas['RegistrationStatusEnum']
export type Attendance = Schemas['AttendanceEnum']
export type CurrentUser = Schemas['CurrentUser']
export type Membership = Schemas['Membership']
export type Skill = Schemas['Skill']
export type VolunteerCreate = Schemas['VolunteerCreateRequest']
export type ServiceSummary = Schemas['ServiceSummary']
export type Certificate = Schemas['Certificate']
export type CertificateVerification = Schemas['CertificateVerification']
export type Candidate = Schemas['Candidate']
export type CandidatePartName = Schemas['CandidatePartNameEnum']

/** The query parameters an operation accepts, straight from the schema. */
export type QueryOf<Op extends keyof operations> = NonNullable<operations[Op]['parameters']['query']>

export interface Page<T> {
  count: number
  next?: string | null
  previous?: string | null
  results: T[]
}
