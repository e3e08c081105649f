import { useI18n } from 'vue-i18n'

import { ApiError } from '@/api/client'
import { useErrorText } from '@/composables/useErrorText'

/**
 * Errors in the console's words: the console's own codes (campaign and event rules the base messages do not
 * cover) first, then the app's usual wording.
 */
export function useConsoleErrors() {
  const { t, te } = useI18n()
  const base = useErrorText()

  function errorText(error: unknown): string {
    if (error instanceof ApiError && te(`consoleTools.errors.${error.code}`)) return t(`consoleTools.errors.${error.code}`)
    return base.errorText(error)
  }

  /** Field name → message; a domain refusal tied to a field gets the console's words for its code. */
  function fieldErrors(error: unknown): Record<string, string> {
    const byField: Record<string, string> = {}
    if (error instanceof ApiError) {
      for (const item of error.errors) {
        const key = item.field ?? ''
        byField[key] ??= te(`consoleTools.errors.${item.code}`) ? t(`consoleTools.errors.${item.code}`) : base.fieldText(item)
      }
    }
    return byField
  }

  return { errorText, fieldErrors }
}
