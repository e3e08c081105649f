import { useI18n } from 'vue-i18n'

import { ApiError } from '@/api/client'
import { useErrorText } from '@/composables/useErrorText'

/**
 * `useErrorText` with the words of the surveys' and targets' own error codes (`survey.errors.*`,
 * `district.errors.*`), which the base messages do not have.
 */
export function useTargetsErrorText() {
  const { t, te } = useI18n()
  const base = useErrorText()

  function errorText(error: unknown): string {
    if (error instanceof ApiError) {
      for (const section of ['survey.errors', 'district.errors']) {
        if (te(`${section}.${error.code}`)) return t(`${section}.${error.code}`)
      }
    }
    return base.errorText(error)
  }

  return { ...base, errorText }
}
