import { afterEach, describe, expect, it, vi } from 'vitest'

import { ApiError, buildUrl, request, setApiLanguage, toApiError } from '../client'

function jsonResponse(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } })
}

afterEach(() => {
  vi.unstubAllGlobals()
  document.cookie = 'csrftoken=; expires=Thu, 01 Jan 1970 00:00:00 GMT; path=/'
  setApiLanguage('zh-hans')
})

describe('error mapping', () => {
  it('keeps the code, message and field errors of the one error shape', async () => {
    const error = await toApiError(
      jsonResponse(400, {
        code: 'invalid',
        message: '提交的数据有误',
        errors: [{ field: 'id_number', code: 'bad_check_character', message: '身份证号码校验位不正确' }],
      }),
    )
    expect(error).toBeInstanceOf(ApiError)
    expect(error.status).toBe(400)
    expect(error.code).toBe('invalid')
    expect(error.fieldError('id_number')?.code).toBe('bad_check_character')
    expect(error.fieldError('phone')).toBeUndefined()
  })

  it('names a server failure without a body by its status', async () => {
    const error = await toApiError(new Response('<h1>Bad gateway</h1>', { status: 502 }))
    expect(error.code).toBe('server_error')
    const notFound = await toApiError(new Response('', { status: 404 }))
    expect(notFound.code).toBe('http_404')
  })

  it('turns a network failure into network_error', async () => {
    vi.stubGlobal('fetch', vi.fn().mockRejectedValue(new TypeError('Failed to fetch')))
    await expect(request('GET', '/api/v1/events/')).rejects.toMatchObject({ code: 'network_error', status: 0 })
  })

  it('rejects a domain refusal with its code', async () => {
    vi.stubGlobal('fetch', vi.fn().mockResolvedValue(jsonResponse(409, { code: 'event_full', message: '满了', errors: [] })))
    await expect(request('POST', '/api/v1/events/1/registrations/', { body: {} })).rejects.toMatchObject({
      code: 'event_full',
      status: 409,
    })
  })
})

describe('requests', () => {
  it('sends Accept-Language, and the CSRF token on writes', async () => {
    document.cookie = 'csrftoken=abc123; path=/'
    setApiLanguage('en')
    const fetchMock = vi.fn().mockResolvedValue(jsonResponse(201, { id: 7 }))
    vi.stubGlobal('fetch', fetchMock)
    const result = await request<{ id: number }>('POST', '/api/v1/events/1/registrations/', { body: { note: '' } })
    expect(result.id).toBe(7)
    const [url, init] = fetchMock.mock.calls[0] as [string, RequestInit]
    expect(url).toBe('/api/v1/events/1/registrations/')
    expect(init.headers).toMatchObject({ 'Accept-Language': 'en', 'X-CSRFToken': 'abc123' })
    expect(init.body).toBe('{"note":""}')
  })

  it('drops empty query values', () => {
    expect(buildUrl('/api/v1/events/', { area: 3, search: '', theme: undefined, has_free_places: true })).toBe(
      '/api/v1/events/?area=3&has_free_places=true',
    )
  })
})
