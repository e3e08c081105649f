import { createI18n } from 'vue-i18n'

import type { MessageModule } from './define'
import en from './en'
import zhCN from './zh-CN'

export type Locale = 'zh-CN' | 'en'

export const LOCALES: readonly Locale[] = ['zh-CN', 'en']

/** Django's language code for each of the app's locales (sent as Accept-Language). */
export const SERVER_LANGUAGE: Record<Locale, string> = { 'zh-CN': 'zh-hans', en: 'en' }

const modules = import.meta.glob<{ default: MessageModule }>('./modules/*.ts', { eager: true })

/** Every area's messages under its module's name (`./modules/partner.ts` → `partner`). */
export function areaMessages(locale: Locale): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(modules).map(([path, module]) => [path.replace(/^.*\/(.+)\.ts$/, '$1'), module.default[locale]]),
  )
}

export function createAppI18n(locale: Locale = 'zh-CN') {
  return createI18n({
    legacy: false,
    locale,
    fallbackLocale: 'zh-CN',
    messages: { 'zh-CN': { ...zhCN, ...areaMessages('zh-CN') }, en: { ...en, ...areaMessages('en') } },
  })
}
