import { ref, watch } from 'vue'

import type { Page } from '@/api/types'
import { useAsync } from '@/composables/useAsync'

/** One page of a list at a time: `useAsync` plus the page number, reloading when it changes. */
export function usePaged<T>(load: (page: number, pageSize: number) => Promise<Page<T>>, pageSize = 10) {
  const page = ref(1)
  const state = useAsync(() => load(page.value, pageSize))
  watch(page, () => void state.run())

  /** Loads the page again after a change; a page left empty steps back to the one before. */
  async function refresh() {
    await state.run()
    if (page.value > 1 && state.data.value?.results.length === 0) page.value -= 1
  }

  return { ...state, page, pageSize, refresh }
}
