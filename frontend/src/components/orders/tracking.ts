import type { Tracking } from '@/api/orders'

export type StepKey = 'received' | 'taken' | 'scheduled' | 'completed' | 'rated'

export interface TrackingStep {
  key: StepKey
  state: 'done' | 'current' | 'pending'
  /** When the step was reached, if it was. */
  at: string | null
}

/**
 * The milestones a resident follows: received, taken by volunteers, a visit time agreed, done, rated. Later steps wait on the first one not reached; a cancelled order stops where it was.
 * An order done without a time agreed first skips that step.
 */
export function trackingSteps(order: Pick<Tracking, 'status' | 'created_at' | 'starts_at' | 'completed_at' | 'rating' | 'history'>): TrackingStep[] {
  const latest = (...actions: string[]) =>
    order.history.filter((change) => actions.includes(change.action)).reduce<string | null>((at, change) => change.at, null)
  const taken = order.status === 'accepted' || order.status === 'completed'
  const completed = order.status === 'completed'
  const reached: { key: StepKey; done: boolean; at: string | null }[] = [
    { key: 'received', done: true, at: order.created_at },
    { key: 'taken', done: taken, at: taken ? latest('accepted', 'grabbed') : null },
  ]
  if (order.starts_at || !completed) {
    reached.push({ key: 'scheduled', done: Boolean(order.starts_at), at: order.starts_at ? latest('scheduled', 'event_opened') : null })
  }
  reached.push({ key: 'completed', done: completed, at: order.completed_at })
  if (completed) reached.push({ key: 'rated', done: order.rating !== null, at: order.rating?.created_at ?? null })

  let waiting = order.status !== 'cancelled'
  return reached.map(({ key, done, at }) => {
    if (done) return { key, state: 'done', at }
    const state = waiting ? 'current' : 'pending'
    waiting = false
    return { key, state, at: null }
  })
}
