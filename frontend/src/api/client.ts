/**
 * The one way the app talks to Django: same-origin fetch with the session cookie, the CSRF header on
 * writes, Accept-Language from the current locale, JSON in and out, and every failure as an `ApiError`.
 */

export interface FieldError {
  field: string | null
  code: string
  message: string
}

/** An error the server (or the network) returned, by its stable machine code. */
export class ApiError extends Error {
  readonly status: number
  readonly code: string
  readonly errors: FieldError[]

  constructor(status: number, code: string, message: string, errors: FieldError[] = []) {
    super(message)
    this.name = 'ApiError'
    this.status = status
    this.code = code
    this.errors = errors
  }

  /** The first error the server gave for `field`, if any. */
  fieldError(field: string): FieldError | undefined {
    return this.errors.find((error) => error.field === field)
  }
}

export type Query = Record<string, string | number | boolean | null | undefined>

export interface RequestOptions {
  query?: Query
  body?: unknown
  headers?: Record<string, string>
  signal?: AbortSignal
}

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE'

let language = 'zh-hans'

/** Which language the server answers in (Django's codes: `zh-hans`, `en`). */
export function setApiLanguage(code: string): void {
  language = code
}

export function readCookie(name: string): string | null {
  for (const part of document.cookie.split(';')) {
    const [key, ...rest] = part.trim().split('=')
    if (key === name) return decodeURIComponent(rest.join('='))
  }
  return null
}

let csrfRequest: Promise<void> | null = null

async function ensureCsrfToken(): Promise<string> {
  const existing = readCookie('csrftoken')
  if (existing) return existing
  csrfRequest ??= fetch('/api/v1/auth/csrf/', { credentials: 'same-origin' }).then(() => undefined)
  try {
    await csrfRequest
  } finally {
    csrfRequest = null
  }
  return readCookie('csrftoken') ?? ''
}

export function buildUrl(path: string, query?: Query): string {
  const params = new URLSearchParams()
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value))
  }
  const search = params.toString()
  return search ? `${path}?${search}` : path
}

function isErrorBody(value: unknown): value is { code: string; message: string; errors?: FieldError[] } {
  return typeof value === 'object' && value !== null && 'code' in value && typeof value.code === 'string'
}

/** Turns a non-2xx response into an `ApiError`, whatever its body looks like. */
export async function toApiError(response: Response): Promise<ApiError> {
  let body: unknown = null
  try {
    body = await response.json()
  } catch {
    body = null
  }
  if (isErrorBody(body)) {
    return new ApiError(response.status, body.code, body.message ?? '', Array.isArray(body.errors) ? body.errors : [])
  }
  const code = response.status >= 500 ? 'server_error' : `http_${response.status}`
  return new ApiError(response.status, code, response.statusText)
}

export async function request<T>(method: Method, path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json', 'Accept-Language': language, ...options.headers }
  if (method !== 'GET') headers['X-CSRFToken'] = await ensureCsrfToken()
  if (options.body !== undefined) headers['Content-Type'] = 'application/json'
  let response: Response
  try {
    response = await fetch(buildUrl(path, options.query), {
      method,
      headers,
      credentials: 'same-origin',
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: options.signal,
    })
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error
    throw new ApiError(0, 'network_error', error instanceof Error ? error.message : String(error))
  }
  if (!response.ok) throw await toApiError(response)
  if (response.status === 204) return undefined as T
  return (await response.json()) as T
}

export const api = {
  get: <T>(path: string, query?: Query, signal?: AbortSignal) => request<T>('GET', path, { query, signal }),
  post: <T>(path: string, body?: unknown, headers?: Record<string, string>) => request<T>('POST', path, { body, headers }),
  patch: <T>(path: string, body?: unknown) => request<T>('PATCH', path, { body }),
  delete: <T>(path: string) => request<T>('DELETE', path),
}

/** A key for the `Idempotency-Key` header: a retried check-in or registration is not done twice. */
export function idempotencyKey(): string {
  return globalThis.crypto?.randomUUID?.() ?? `${Date.now()}-${Math.random().toString(16).slice(2)}`
}
