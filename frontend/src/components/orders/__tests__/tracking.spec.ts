import { describe, expect, it } from 'vitest'

import type { Tracking, TrackingHistory } from '@/api/orders'

import { trackingSteps } from '../tracking'

const center = { id: 1, name: '颐北园社区新时代文明实践站' }

function change(action: TrackingHistory['action'], at: string): TrackingHistory {
  return { action, at, status: 'submitted', actor_role: 'staff', center }
}

function order(fields: Partial<Tracking>): Parameters<typeof trackingSteps>[0] {
  return {
    status: 'submitted',
    created_at: '2026-12-01T09:00:00+08:00',
    starts_at: null,
    completed_at: null,
    rating: null,
    history: [change('created', '2026-12-01T09:00:00+08:00')],
    ...fields,
  }
}

const states = (steps: ReturnType<typeof trackingSteps>) => steps.map((step) => `${step.key}:${step.state}`)

describe('trackingSteps', () => {
  it('waits on finding volunteers while nobody has taken the order, even after a declined offer', () => {
    const steps = trackingSteps(
      order({ history: [change('created', '2026-12-01T09:00:00+08:00'), change('dispatched', '2026-12-01T10:00:00+08:00'), change('declined', '2026-12-01T11:00:00+08:00')] }),
    )
    expect(states(steps)).toEqual(['received:done', 'taken:current', 'scheduled:pending', 'completed:pending'])
    expect(steps[0]?.at).toBe('2026-12-01T09:00:00+08:00')
  })

  it('dates each step reached by its latest line in the history', () => {
    const steps = trackingSteps(
      order({
        status: 'accepted',
        starts_at: '2026-12-03T09:00:00+08:00',
        history: [
          change('created', '2026-12-01T09:00:00+08:00'),
          change('grabbed', '2026-12-01T12:00:00+08:00'),
          change('scheduled', '2026-12-01T13:00:00+08:00'),
          change('scheduled', '2026-12-02T08:00:00+08:00'),
        ],
      }),
    )
    expect(states(steps)).toEqual(['received:done', 'taken:done', 'scheduled:done', 'completed:current'])
    expect(steps.map((step) => step.at)).toEqual([
      '2026-12-01T09:00:00+08:00',
      '2026-12-01T12:00:00+08:00',
      '2026-12-02T08:00:00+08:00',
      null,
    ])
  })

  it('asks for the rating once the work is done, skipping a visit time never agreed', () => {
    const done = order({ status: 'completed', completed_at: '2026-12-02T17:00:00+08:00' })
    expect(states(trackingSteps(done))).toEqual(['received:done', 'taken:done', 'completed:done', 'rated:current'])
    const rated = { ...done, rating: { score: 5, comment: '', created_at: '2026-12-03T08:00:00+08:00' } }
    expect(trackingSteps(rated).at(-1)).toEqual({ key: 'rated', state: 'done', at: '2026-12-03T08:00:00+08:00' })
  })

  it('stops where a cancelled order was, with nothing in progress', () => {
    expect(states(trackingSteps(order({ status: 'cancelled' })))).toEqual([
      'received:done',
      'taken:pending',
      'scheduled:pending',
      'completed:pending',
    ])
  })
})
