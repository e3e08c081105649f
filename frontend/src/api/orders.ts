/**
 * Service orders (群众点单 → 中心派单 → 志愿者接单 → 群众评单): the residents' menu, ordering and secret tracking
 * link; the volunteers' offers, board and held orders; the centers' dispatch, follow-ups and photos.
 */
import { api, ApiError, idempotencyKey, readCookie, toApiError } from './client'
import type { Page, QueryOf, Schemas } from './types'

export type ServiceItem = Schemas['ServiceItem']
export type ServiceCategory = Schemas['ServiceCategoryEnum']
export type OrderStatus = Schemas['ServiceOrderStatusEnum']
export type Order = Schemas['Order']
export type OrderDetail = Schemas['OrderDetail']
export type OrderHistory = Schemas['History']
export type OrderPhoto = Schemas['OrderPhoto']
export type Taker = Schemas['Taker']
export type Tracking = Schemas['Tracking']
export type TrackingCreated = Schemas['TrackingCreated']
export type TrackingHistory = Schemas['TrackingHistory']
type ResidentOrderInput = Schemas['ResidentOrderRequest']
export type Verification = Schemas['Verification']
export type Offer = Schemas['Offer']
export type Suggestions = Schemas['Suggestions']
type DispatchInput = Schemas['DispatchRequest']
type ScheduleInput = Schemas['ScheduleRequest']
type OpenEventInput = Schemas['OpenEventRequest']
type CompleteInput = Schemas['CompleteRequest']
export type FollowUp = Schemas['FollowUp']
export type Contact = Schemas['Contact']
export type VolunteerTeam = Schemas['VolunteerTeam']

/** The statuses in which nobody has taken the order yet (the resident may still withdraw it). */
export const WAITING_STATUSES: readonly OrderStatus[] = ['submitted', 'dispatched', 'published']
/** The statuses of an order still in the loop (staff may cancel it). */
export const OPEN_STATUSES: readonly OrderStatus[] = [...WAITING_STATUSES, 'accepted']
export const ORDER_STATUSES: readonly OrderStatus[] = [...OPEN_STATUSES, 'completed', 'cancelled']
export const CATEGORIES: readonly ServiceCategory[] = [
  'digital_help',
  'clean_up',
  'legal',
  'medical',
  'barrier_free',
  'elderly_children',
  'culture',
  'other',
]

// The menu and the residents' side --------------------------------------------------------------------

export function listServiceItems(query: QueryOf<'v1_service_items_list'>, signal?: AbortSignal) {
  return api.get<Page<ServiceItem>>('/api/v1/service-items/', query, signal)
}

/** Texts a one-time code to the phone when ordering needs one; `required: false` means none was sent. */
export function requestVerificationCode(phone: string) {
  return api.post<Verification>('/api/v1/order-verification-codes/', { phone })
}

/** A resident's order: where and how to reach them are required; leave out what they did not give. */
export type ResidentOrderBody = Pick<ResidentOrderInput, 'community' | 'address' | 'contact_phone'> & Partial<ResidentOrderInput>

export function placeResidentOrder(body: ResidentOrderBody) {
  return api.post<TrackingCreated>('/api/v1/resident-orders/', body)
}

function tracked(token: string, action = '') {
  return `/api/v1/resident-orders/${encodeURIComponent(token)}/${action}`
}

export function getTrackedOrder(token: string) {
  return api.get<Tracking>(tracked(token))
}

export function rateTrackedOrder(token: string, score: number, comment: string) {
  return api.post<Tracking>(tracked(token, 'rating/'), { score, comment })
}

export function cancelTrackedOrder(token: string, reason: string) {
  return api.post<Tracking>(tracked(token, 'cancel/'), { reason })
}

// Orders ------------------------------------------------------------------------------------------------

export function listOrders(query: QueryOf<'v1_service_orders_list'>, signal?: AbortSignal) {
  return api.get<Page<Order>>('/api/v1/service-orders/', query, signal)
}

/** The published orders the signed-in user could take (for themselves, a team they lead or their partner). */
export function listBoard(query: QueryOf<'v1_service_orders_board_list'>, signal?: AbortSignal) {
  return api.get<Page<Order>>('/api/v1/service-orders/board/', query, signal)
}

export function getOrder(id: number) {
  return api.get<OrderDetail>(`/api/v1/service-orders/${id}/`)
}

export function dispatchOrder(id: number, body: DispatchInput) {
  return api.post<OrderDetail>(`/api/v1/service-orders/${id}/dispatch/`, body)
}

export function publishOrder(id: number, note: string) {
  return api.post<OrderDetail>(`/api/v1/service-orders/${id}/publish/`, { note })
}

export function escalateOrder(id: number, reason: string) {
  return api.post<OrderDetail>(`/api/v1/service-orders/${id}/escalate/`, { reason })
}

export function cancelOrder(id: number, reason: string) {
  return api.post<OrderDetail>(`/api/v1/service-orders/${id}/cancel/`, { reason })
}

export function getSuggestions(id: number) {
  return api.get<Suggestions>(`/api/v1/service-orders/${id}/suggestions/`)
}

/** The resident's full name and number, for the taker and the center to call them; every look is audited. */
export function revealContact(id: number) {
  return api.get<Contact>(`/api/v1/service-orders/${id}/contact/`)
}

/** Takes an order from the board: for a team one leads, a partner one administers, or (neither) oneself. */
export function grabOrder(id: number, capacity: { team?: number; partner?: number } = {}) {
  return api.post<OrderDetail>(`/api/v1/service-orders/${id}/grab/`, capacity, { 'Idempotency-Key': idempotencyKey() })
}

export function scheduleOrder(id: number, body: ScheduleInput) {
  return api.post<OrderDetail>(`/api/v1/service-orders/${id}/schedule/`, body)
}

export function openEventForOrder(id: number, body: OpenEventInput) {
  return api.post<OrderDetail>(`/api/v1/service-orders/${id}/event/`, body)
}

export function completeOrder(id: number, body: CompleteInput) {
  return api.post<OrderDetail>(`/api/v1/service-orders/${id}/complete/`, body, { 'Idempotency-Key': idempotencyKey() })
}

/** Uploads a photo of the work (multipart, field `image`); the server re-encodes it without its metadata. */
export async function uploadOrderPhoto(id: number, file: File): Promise<OrderPhoto> {
  if (!readCookie('csrftoken')) await fetch('/api/v1/auth/csrf/', { credentials: 'same-origin' })
  const body = new FormData()
  body.append('image', file)
  let response: Response
  try {
    response = await fetch(`/api/v1/service-orders/${id}/photos/`, {
      method: 'POST',
      body,
      credentials: 'same-origin',
      headers: {
        Accept: 'application/json',
        'Accept-Language': document.documentElement.lang === 'en' ? 'en' : 'zh-hans',
        'X-CSRFToken': readCookie('csrftoken') ?? '',
      },
    })
  } catch (error) {
    throw new ApiError(0, 'network_error', error instanceof Error ? error.message : String(error))
  }
  if (!response.ok) throw await toApiError(response)
  return (await response.json()) as OrderPhoto
}

export function deleteOrderPhoto(photoId: number) {
  return api.delete<void>(`/api/v1/order-photos/${photoId}/`)
}

// Offers, teams, follow-ups ------------------------------------------------------------------------------

export function listOffers(query: QueryOf<'v1_order_offers_list'>, signal?: AbortSignal) {
  return api.get<Page<Offer>>('/api/v1/order-offers/', query, signal)
}

export function acceptOffer(id: number) {
  return api.post<OrderDetail>(`/api/v1/order-offers/${id}/accept/`, undefined, { 'Idempotency-Key': idempotencyKey() })
}

export function declineOffer(id: number, reason: string) {
  return api.post<Offer>(`/api/v1/order-offers/${id}/decline/`, { reason })
}

/** The teams the signed-in user can see (those they lead or belong to, for a volunteer). */
export function listTeams(query: QueryOf<'v1_volunteer_teams_list'> = {}) {
  return api.get<Page<VolunteerTeam>>('/api/v1/volunteer-teams/', { page_size: 100, ...query })
}

export function getTeam(id: number) {
  return api.get<VolunteerTeam>(`/api/v1/volunteer-teams/${id}/`)
}

export function listFollowUps(query: QueryOf<'v1_order_follow_ups_list'>, signal?: AbortSignal) {
  return api.get<Page<FollowUp>>('/api/v1/order-follow-ups/', query, signal)
}

export function closeFollowUp(id: number, note: string) {
  return api.post<FollowUp>(`/api/v1/order-follow-ups/${id}/close/`, { note })
}
