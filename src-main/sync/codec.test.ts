import { describe, expect, it } from 'vitest'
import {
  InvalidValueError,
  canonical,
  fromRemote,
  normalizeDecimal,
  sameValue,
  toRemote,
} from './codec.ts'
import { derivedUuid } from './sync-types.ts'

describe('sync codec', () => {
  it('spells every decimal one way so devices converge', () => {
    expect(normalizeDecimal('2.500000')).toBe('2.5')
    expect(normalizeDecimal('-0.000')).toBe('0')
    expect(normalizeDecimal('+007.10')).toBe('7.1')
    expect(normalizeDecimal('123456789012.345678')).toBe('123456789012.345678')
    expect(canonical('dec', '19.00')).toBe('19')
  })

  it('refuses decimals MySQL would truncate or a float spelling', () => {
    expect(() => toRemote('dec', '1e5')).toThrow(InvalidValueError)
    expect(() => toRemote('dec', '0.1234567')).toThrow(InvalidValueError)
    expect(() => toRemote('dec', '1234567890123456789')).toThrow(InvalidValueError)
  })

  it('maps ISO UTC timestamps to DATETIME(3) and back without shifting', () => {
    expect(toRemote('ts', '2026-03-29T01:30:00.123Z')).toBe('2026-03-29 01:30:00.123')
    expect(fromRemote('ts', '2026-03-29 01:30:00.123')).toBe('2026-03-29T01:30:00.123Z')
    expect(fromRemote('ts', '2026-03-29 01:30:00')).toBe('2026-03-29T01:30:00.000Z')
  })

  it('keeps calendar dates as strings and rejects anything else', () => {
    expect(toRemote('date', '2026-12-31')).toBe('2026-12-31')
    expect(() => toRemote('date', '31/12/2026')).toThrow(InvalidValueError)
  })

  it('reads BIGINT strings as numbers and binary as buffers', () => {
    expect(fromRemote('big', '9007199254740991')).toBe(9007199254740991)
    const logo = canonical('blob', { $base64: Buffer.from('png').toString('base64') })
    expect(Buffer.isBuffer(logo)).toBe(true)
    expect(sameValue('blob', logo, Buffer.from('png'))).toBe(true)
  })

  it('derives stable RFC-shaped ids from names', () => {
    const a = derivedUuid('revision:x:y')
    expect(a).toBe(derivedUuid('revision:x:y'))
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
    expect(a).not.toBe(derivedUuid('revision:x:z'))
  })
})
