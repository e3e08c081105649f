import { defineStore } from 'pinia'
import { ref, watch } from 'vue'

import { setApiLanguage } from '@/api/client'
import { LOCALES, SERVER_LANGUAGE, type Locale } from '@/i18n'

const KEYS = { locale: 'gongjian.locale', elder: 'gongjian.elderMode', area: 'gongjian.area' } as const

function stored(key: string): string | null {
  try {
    return localStorage.getItem(key)
  } catch {
    return null
  }
}

function store(key: string, value: string | null): void {
  try {
    if (value === null) localStorage.removeItem(key)
    else localStorage.setItem(key, value)
  } catch {
    /* Private browsing may refuse storage; the preference then lasts for this visit only. */
  }
}

function initialLocale(): Locale {
  const saved = stored(KEYS.locale)
  return LOCALES.find((locale) => locale === saved) ?? 'zh-CN'
}

/** What a person chose for this device: language, large-text mode and the area they look at. */
export const usePreferencesStore = defineStore('preferences', () => {
  const locale = ref<Locale>(initialLocale())
  const elderMode = ref(stored(KEYS.elder) === '1')
  const savedArea = stored(KEYS.area)
  const area = ref<{ street: number | null; community: number | null }>(
    savedArea ? (JSON.parse(savedArea) as { street: number | null; community: number | null }) : { street: null, community: null },
  )

  watch(
    locale,
    (value) => {
      store(KEYS.locale, value)
      setApiLanguage(SERVER_LANGUAGE[value])
      document.documentElement.lang = value
    },
    { immediate: true },
  )
  watch(
    elderMode,
    (value) => {
      store(KEYS.elder, value ? '1' : null)
      document.documentElement.classList.toggle('elder', value)
    },
    { immediate: true },
  )
  watch(area, (value) => store(KEYS.area, JSON.stringify(value)), { deep: true })

  /** Switches between Chinese and English. */
  function toggleLocale() {
    locale.value = locale.value === 'zh-CN' ? 'en' : 'zh-CN'
  }

  /** Turns the large-text, high-contrast 长辈模式 on or off; remembered on this device. */
  function toggleElderMode() {
    elderMode.value = !elderMode.value
  }

  return { locale, elderMode, area, toggleLocale, toggleElderMode }
})
