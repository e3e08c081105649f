import { useI18n } from 'vue-i18n'

import { ApiError } from '@/api/client'
import { useErrorText } from '@/composables/useErrorText'

/**
 * `useErrorText`, first looking the code up among an area's own words (`<area>.errors.<code>`): the codes
 * the base messages do not name yet, such as `invitation_closed` or `role_held`.
 */
export function useAreaErrorText(area: 'me' | 'people') {
  const { t, te } = useI18n()
  const base = useErrorText()

  function errorText(error: unknown): string {
    if (error instanceof ApiError && te(`${area}.errors.${error.code}`)) return t(`${area}.errors.${error.code}`)
    return base.errorText(error)
  }

  return { ...base, errorText }
}
