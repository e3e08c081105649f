import { useI18n } from 'vue-i18n'

import { ApiError } from '@/api/client'
import { useErrorText } from '@/composables/useErrorText'

/**
 * `useErrorText` with the partner pages' own error codes (`partner.errors.*`) in words first: the base
 * catalogue does not know the partner app's codes (not_editable, no_photos, …).
 */
export function usePartnerErrors() {
  const { t, te } = useI18n()
  const base = useErrorText()

  function errorText(error: unknown): string {
    if (error instanceof ApiError && te(`partner.errors.${error.code}`)) return t(`partner.errors.${error.code}`)
    return base.errorText(error)
  }

  /** A form's error above the form: the error itself, or, when it is said next to the fields, to look there. */
  function formErrorText(error: unknown, byField: Record<string, string>): string {
    return Object.keys(byField).some((field) => field !== '') ? t('errors.invalid') : errorText(error)
  }

  return { errorText, formErrorText, fieldErrors: base.fieldErrors }
}
