/** The same keys as `T`, every leaf a string: what a translation of `T` must look like. */
export type Translation<T> = { [K in keyof T]: T[K] extends string ? string : Translation<T[K]> }

export interface MessageModule<T = unknown> {
  'zh-CN': T
  en: Translation<T>
}

/**
 * One area's messages (`modules/<area>.ts`), mounted under the file's name: `modules/partner.ts` gives
 * `t('partner.…')`. Chinese is the source; the type checker refuses an English side with other keys.
 */
export function defineMessages<const T>(zh: T, en: Translation<T>): MessageModule<T> {
  return { 'zh-CN': zh, en }
}
