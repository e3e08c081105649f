import type { CampaignStatus, PartnerKind } from '@/api/console'
import type { Schemas, Skill, Theme } from '@/api/types'

/** The choices the console offers, in the order it offers them (names come from the messages). */

export const THEMES: readonly Theme[] = [
  'old_compounds',
  'environment',
  'traffic',
  'civility',
  'barrier_free',
  'smoke_free',
  'elderly_children',
  'other',
]

export const CAMPAIGN_STATUSES: readonly CampaignStatus[] = ['draft', 'published', 'closed', 'cancelled']

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

type Tone = 'success' | 'warning' | 'danger' | 'info' | 'muted'

export function campaignStatusTone(status: CampaignStatus): Tone {
  return ({ draft: 'warning', published: 'success', closed: 'muted', cancelled: 'danger' } as const)[status]
}

export function invitationTone(status: Schemas['InvitationStatusEnum']): Tone {
  return ({ pending: 'warning', accepted: 'success', declined: 'muted', withdrawn: 'muted' } as const)[status]
}

export function participationTone(status: string | null): Tone {
  if (status === 'accepted') return 'success'
  if (status === 'interested' || status === 'invited') return 'warning'
  if (status === 'declined') return 'muted'
  return 'info'
}

/** A share (0–1) as a whole percentage. */
export function percent(value: number): number {
  return Math.round(value * 100)
}

/** A skill's name in the interface language (English when it has one). */
export function skillName(skill: Skill, locale: string): string {
  return locale === 'en' && skill.name_en ? skill.name_en : skill.name
}
