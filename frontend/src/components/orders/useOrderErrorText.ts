import { useI18n } from 'vue-i18n'

import { ApiError } from '@/api/client'
import { useErrorText } from '@/composables/useErrorText'

/** `useErrorText`, knowing the service orders' own error codes (`orders.errors.*`) first. */
export function useOrderErrorText() {
  const { t, te } = useI18n()
  const base = useErrorText()

  function own(code: string): string | null {
    return te(`orders.errors.${code}`) ? t(`orders.errors.${code}`) : null
  }

  function errorText(error: unknown): string {
    if (error instanceof ApiError) return own(error.code) ?? base.errorText(error)
    return base.errorText(error)
  }

  /** The field errors of an `ApiError` by field name (`''` for those of no field). */
  function fieldErrors(error: unknown): Record<string, string> {
    const byField: Record<string, string> = {}
    if (error instanceof ApiError) {
      for (const item of error.errors) {
        byField[item.field ?? ''] ??= own(item.code) ?? base.fieldText(item)
      }
    }
    return byField
  }

  return { errorText, fieldErrors }
}
