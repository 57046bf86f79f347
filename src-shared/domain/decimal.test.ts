import { describe, expect, it } from 'vitest'
import {
  canonicalDecimal,
  formatAmount,
  formatMoney,
  isDecimalString,
  majorStringToMinor,
  minorToMajorString,
  parseDecimal,
  toMinor,
} from './decimal.ts'
import { currencyOptions, isKnownCurrency, minorDigits } from './currency.ts'

describe('currency table', () => {
  it('knows the ISO minor digits for 0-, 2- and 3-digit currencies', () => {
    expect(minorDigits('JPY')).toBe(0)
    expect(minorDigits('XPF')).toBe(0)
    expect(minorDigits('EUR')).toBe(2)
    expect(minorDigits('KWD')).toBe(3)
    expect(minorDigits('IQD')).toBe(3)
    expect(isKnownCurrency('usd')).toBe(false)
    expect(isKnownCurrency('XXX')).toBe(false)
    expect(() => minorDigits('ABC')).toThrow(/Unknown currency/)
  })

  it('lists common currencies first for pickers', () => {
    const options = currencyOptions('en')
    expect(options[0]).toEqual({ code: 'EUR', name: 'Euro', minorDigits: 2 })
    expect(options.find((o) => o.code === 'KWD')?.minorDigits).toBe(3)
    expect(new Set(options.map((o) => o.code)).size).toBe(options.length)
  })
})

describe('decimal strings', () => {
  it('accepts plain decimals only', () => {
    for (const ok of ['0', '-1', '+1', '2.25', '0.125', '007', '-0.5'])
      expect(isDecimalString(ok)).toBe(true)
    for (const bad of ['', '1e3', '+-1', '.5', '5.', ' 1', '1,5', 'NaN', '--1', '0x10', 1]) {
      expect(isDecimalString(bad)).toBe(false)
    }
  })

  it('parses exactly, converting numbers from their shortest text', () => {
    expect(parseDecimal('0.1').plus(parseDecimal('0.2')).toFixed()).toBe('0.3')
    expect(parseDecimal(64.22).toFixed()).toBe('64.22')
    expect(() => parseDecimal(Number.NaN)).toThrow()
    expect(canonicalDecimal('19.500')).toBe('19.5')
    expect(canonicalDecimal('-0')).toBe('0')
  })

  it('rounds to minor units half away from zero, or half-even', () => {
    expect(toMinor('0.125', 'EUR')).toBe(13)
    expect(toMinor('-0.125', 'EUR')).toBe(-13)
    expect(toMinor('0.125', 'EUR', 'half-even')).toBe(12)
    expect(toMinor('1234.5', 'JPY')).toBe(1235)
    expect(toMinor('1.2345', 'KWD')).toBe(1235)
    expect(() => toMinor('90071992547409.92', 'EUR')).toThrow(/out of range/)
    expect(toMinor('90071992547409.91', 'EUR')).toBe(Number.MAX_SAFE_INTEGER)
  })

  it('writes minor units as major decimal strings with the currency digits', () => {
    expect(minorToMajorString(11560, 'EUR')).toBe('115.60')
    expect(minorToMajorString(-50, 'EUR')).toBe('-0.50')
    expect(minorToMajorString(5, 'EUR')).toBe('0.05')
    expect(minorToMajorString(0, 'EUR')).toBe('0.00')
    expect(minorToMajorString(1000, 'JPY')).toBe('1000')
    expect(minorToMajorString(1235, 'KWD')).toBe('1.235')
    expect(minorToMajorString(Number.MAX_SAFE_INTEGER, 'EUR')).toBe('90071992547409.91')
    expect(() => minorToMajorString(1.5, 'EUR')).toThrow(/safe integer/)
    expect(majorStringToMinor('115.6', 'EUR')).toBe(11560)
    expect(() => majorStringToMinor('1.001', 'EUR')).toThrow(/more decimals/)
  })

  it('formats money for display without float errors', () => {
    expect(formatMoney(11560, 'EUR', 'en-US')).toBe('€115.60')
    expect(formatMoney(-50, 'EUR', 'en-US')).toBe('-€0.50')
    expect(formatMoney(100000, 'JPY', 'en-US')).toBe('¥100,000')
    expect(formatMoney(1235, 'KWD', 'en-US')).toBe('KWD\u00a01.235')
    expect(formatMoney(Number.MAX_SAFE_INTEGER, 'EUR', 'en-US')).toBe('€90,071,992,547,409.91')
    expect(formatMoney(123456, 'EUR', 'de-DE')).toBe('1.234,56\u00a0€')
    // IQD has 3 ISO digits although CLDR shows 0.
    expect(formatMoney(1500, 'IQD', 'en-US')).toBe('IQD\u00a01.500')
    expect(formatMoney(150, 'EUR', 'not a locale!')).toBe('€1.50')
    expect(formatAmount(-123456, 'EUR', 'en-US')).toBe('-1,234.56')
  })
})
