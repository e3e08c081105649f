import { shallowRef } from 'vue'

/** Loading, data and error of one request, for a view's loading, empty and error states. */
export function useAsync<T>(load: () => Promise<T>) {
  const data = shallowRef<T | null>(null)
  const error = shallowRef<unknown>(null)
  const loading = shallowRef(false)
  let generation = 0

  async function run(): Promise<void> {
    const mine = ++generation
    loading.value = true
    error.value = null
    try {
      const result = await load()
      if (mine === generation) data.value = result
    } catch (caught) {
      if (mine === generation) error.value = caught
    } finally {
      if (mine === generation) loading.value = false
    }
  }

  return { data, error, loading, run }
}
