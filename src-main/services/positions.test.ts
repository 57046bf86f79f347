import { generateNKeysBetween } from 'fractional-indexing'
import { describe, expect, test } from 'vitest'
import { planPositions } from './positions.ts'

const keys = generateNKeysBetween(null, null, 5) // a0 … a4

describe('planPositions', () => {
  test('new rows of an empty list get increasing keys', () => {
    const p = planPositions([null, null, null])
    expect(p).toHaveLength(3)
    expect([...p].sort()).toEqual(p)
    expect(new Set(p).size).toBe(3)
  })

  test('an unchanged order keeps every key', () => {
    expect(planPositions(keys)).toEqual(keys)
  })

  test('moving one row rekeys only that row, between its new neighbours', () => {
    const [a, b, c, d, e] = keys as [string, string, string, string, string]
    const p = planPositions([a, e, b, c, d])
    expect(p.filter((k, i) => k !== [a, e, b, c, d][i])).toHaveLength(1)
    expect(p[1]! > a && p[1]! < b).toBe(true)
    expect([...p].sort()).toEqual(p)
  })

  test('inserting in the middle and at both ends keeps the stored keys', () => {
    const [a, b] = keys as [string, string]
    const p = planPositions([null, a, null, b, null])
    expect(p[1]).toBe(a)
    expect(p[3]).toBe(b)
    expect([...p].sort()).toEqual(p)
    expect(new Set(p).size).toBe(5)
  })

  test('duplicate stored keys (concurrent inserts on two devices) are separated', () => {
    const [a] = keys as [string]
    const p = planPositions([a, a, a])
    expect(new Set(p).size).toBe(3)
    expect([...p].sort()).toEqual(p)
  })

  test('invalid stored keys fall back to renumbering', () => {
    const p = planPositions(['zz~', '', 'a0'])
    expect([...p].sort()).toEqual(p)
    expect(new Set(p).size).toBe(3)
  })
})
