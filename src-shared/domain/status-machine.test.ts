import { describe, expect, it } from 'vitest'
import { canTransition, STATUS_TRANSITIONS } from './status-machine.ts'

describe('status machine', () => {
  it('lets a draft be sent or cancelled, never accepted or declined', () => {
    expect(STATUS_TRANSITIONS.draft).toEqual(['sent', 'cancelled'])
    expect(canTransition('draft', 'accepted')).toBe(false)
    expect(canTransition('draft', 'declined')).toBe(false)
  })

  it('never returns a sent proposal to draft', () => {
    expect(canTransition('sent', 'draft')).toBe(false)
    expect(canTransition('sent', 'accepted')).toBe(true)
  })

  it('treats accepted, declined and cancelled as final', () => {
    for (const s of ['accepted', 'declined', 'cancelled'] as const) {
      expect(STATUS_TRANSITIONS[s]).toEqual([])
    }
  })
})
