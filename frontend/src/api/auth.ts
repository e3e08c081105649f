import { api } from './client'
import type { CurrentUser, Schemas } from './types'

export function fetchCurrentUser() {
  return api.get<CurrentUser>('/api/v1/auth/me/')
}

export function login(body: Schemas['LoginRequest']) {
  return api.post<CurrentUser>('/api/v1/auth/login/', body)
}

export function logout() {
  return api.post<void>('/api/v1/auth/logout/')
}
