import { useI18n } from 'vue-i18n'

import { ApiError, type FieldError } from '@/api/client'

/** Words a person understands for any error: by its code first, then the server's own message. */
export function useErrorText() {
  const { t, te } = useI18n()

  function errorText(error: unknown): string {
    if (error instanceof ApiError) {
      if (te(`errors.${error.code}`)) return t(`errors.${error.code}`)
      if (error.message) return error.message
    }
    return t('errors.generic')
  }

  /** The message for one field: the server's own words, or the code's when it sent none. */
  function fieldText(error: FieldError): string {
    if (error.message) return error.message
    return te(`errors.${error.code}`) ? t(`errors.${error.code}`) : t('errors.invalid')
  }

  /** The field errors of an `ApiError` as a map from field name to message. */
  function fieldErrors(error: unknown): Record<string, string> {
    const byField: Record<string, string> = {}
    if (error instanceof ApiError) {
      for (const item of error.errors) {
        const key = item.field ?? ''
        byField[key] ??= fieldText(item)
      }
    }
    return byField
  }

  return { errorText, fieldText, fieldErrors }
}
