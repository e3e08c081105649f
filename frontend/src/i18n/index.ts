import { createI18n } from 'vue-i18n'

import en from './en'
import zhCN from './zh-CN'

export type Locale = 'zh-CN' | 'en'

export const LOCALES: readonly Locale[] = ['zh-CN', 'en']

/** Django's language code for each of the app's locales (sent as Accept-Language). */
export const SERVER_LANGUAGE: Record<Locale, string> = { 'zh-CN': 'zh-hans', en: 'en' }

export function createAppI18n(locale: Locale = 'zh-CN') {
  return createI18n({
    legacy: false,
    locale,
    fallbackLocale: 'zh-CN',
    messages: { 'zh-CN': zhCN, en },
  })
}
