import { defineStore } from 'pinia'
import { computed, ref } from 'vue'

import * as auth from '@/api/auth'
import { ApiError } from '@/api/client'
import type { CurrentUser } from '@/api/types'

/** Who is signed in; the only global state the app keeps about the user. */
export const useSessionStore = defineStore('session', () => {
  const user = ref<CurrentUser | null>(null)
  const loaded = ref(false)
  let loading: Promise<void> | null = null

  const isVolunteer = computed(() => user.value?.volunteer != null)
  const activeMemberships = computed(() => user.value?.memberships.filter((membership) => membership.status === 'active') ?? [])
  const isDistrictAdmin = computed(() => user.value?.district_admin === true)
  const isCoordinator = computed(
    () => isDistrictAdmin.value || activeMemberships.value.some((membership) => membership.role === 'coordinator'),
  )
  /** The partners whose admin the user is (by id and name), for the partner pages. */
  const adminOfPartners = computed(() =>
    activeMemberships.value.flatMap((membership) =>
      membership.role === 'partner_admin' && membership.partner ? [membership.partner] : [],
    ),
  )
  const isPartnerAdmin = computed(() => adminOfPartners.value.length > 0)

  /** Asks the server who is signed in, once; later calls wait for the same answer. */
  function load(): Promise<void> {
    loading ??= auth
      .fetchCurrentUser()
      .then((current) => {
        user.value = current
      })
      .catch((error: unknown) => {
        if (!(error instanceof ApiError) || (error.status !== 401 && error.status !== 403)) throw error
        user.value = null
      })
      .finally(() => {
        loaded.value = true
      })
    return loading
  }

  /** Logs in with mobile number and password and keeps the user the server returns. */
  async function login(phone: string, password: string) {
    user.value = await auth.login({ phone, password })
    loaded.value = true
  }

  /** Ends the session on the server and forgets the user here. */
  async function logout() {
    await auth.logout()
    user.value = null
  }

  return {
    user,
    loaded,
    isVolunteer,
    isCoordinator,
    isDistrictAdmin,
    isPartnerAdmin,
    adminOfPartners,
    load,
    login,
    logout,
  }
})
