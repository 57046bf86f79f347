/**
 * Exact decimal helpers. Inputs (quantities, prices, rates) are decimal strings; results are integer
 * minor units. Nothing here passes money through a binary float.
 */
import { Decimal } from 'decimal.js'
import type { DecimalString, MinorUnits, RoundingMode } from './money.types.ts'
import { minorDigits } from './currency.ts'

/**
 * A private Decimal class: the precision is far above anything a proposal needs so that products
 * (quantity × price × discount × rate) stay exact, and no other module's global config can change it.
 */
export const Dec = Decimal.clone({
  precision: 200,
  rounding: Decimal.ROUND_HALF_UP,
  toExpNeg: -9e15,
  toExpPos: 9e15,
})
export type Dec = InstanceType<typeof Dec>

const DECIMAL_RE = /^[+-]?\d+(\.\d+)?$/

/** Longest decimal string accepted; guards the calculator against absurd inputs. */
export const MAX_DECIMAL_LENGTH = 50

/** Optional sign, digits, optional fraction: "2.25", "-1", "+3", "0.125". No exponent, no ".5", no spaces. */
export function isDecimalString(value: unknown): value is DecimalString {
  return typeof value === 'string' && value.length <= MAX_DECIMAL_LENGTH && DECIMAL_RE.test(value)
}

/** Digits after the decimal point as written ("2.50" → 2). */
export function decimalPlaces(value: DecimalString): number {
  const dot = value.indexOf('.')
  return dot < 0 ? 0 : value.length - dot - 1
}

/**
 * Exact decimal from a decimal string, or from a JS number via its shortest round-trip text
 * (`String(n)`), which is exactly what was written for any number with at most 15 significant digits.
 * Throws a RangeError for anything else (NaN, Infinity, "1e3", "abc").
 */
export function parseDecimal(value: DecimalString | number): Dec {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new RangeError(`Not a finite number: ${value}`)
    return new Dec(String(value))
  }
  if (!isDecimalString(value))
    throw new RangeError(`Not a decimal number: ${JSON.stringify(value)}`)
  return new Dec(value)
}

/** Plain decimal string without exponent, trailing zeros trimmed ("19.50" → "19.5", "-0" → "0"). */
export function canonicalDecimal(value: DecimalString | number | Dec): DecimalString {
  const d = value instanceof Dec ? value : parseDecimal(value)
  return d.isZero() ? '0' : d.toFixed()
}

export function decimalRounding(mode: RoundingMode = 'half-away-from-zero'): Decimal.Rounding {
  // ROUND_HALF_UP in decimal.js rounds ties away from zero, so it is symmetric for negatives.
  return mode === 'half-even' ? Decimal.ROUND_HALF_EVEN : Decimal.ROUND_HALF_UP
}

/** Rounds to an integer with the named mode; throws when the result is not a safe integer. */
export function roundToInteger(value: Dec, mode: RoundingMode = 'half-away-from-zero'): number {
  const rounded = value.toDecimalPlaces(0, decimalRounding(mode))
  const n = rounded.toNumber()
  if (!Number.isSafeInteger(n)) {
    throw new RangeError(
      `Amount out of range: too large to total exactly (${rounded.toFixed()} minor units; the limit is ${Number.MAX_SAFE_INTEGER})`,
    )
  }
  return n === 0 ? 0 : n // never -0
}

/** Major-unit amount (decimal string or Decimal) → integer minor units, rounded once with `mode`. */
export function toMinor(
  value: DecimalString | Dec,
  currency: string,
  mode: RoundingMode = 'half-away-from-zero',
): MinorUnits {
  const d = typeof value === 'string' ? parseDecimal(value) : value
  return roundToInteger(d.times(new Dec(10).pow(minorDigits(currency))), mode)
}

function assertSafeMinor(minor: number): void {
  if (!Number.isSafeInteger(minor)) {
    throw new RangeError(`Minor units must be a safe integer, got ${minor}`)
  }
}

/** 11560 EUR → "115.60"; -50 → "-0.50"; 1000 JPY → "1000"; 1235 KWD → "1.235". */
export function minorToMajorString(minor: MinorUnits, currency: string): DecimalString {
  assertSafeMinor(minor)
  const digits = minorDigits(currency)
  const negative = minor < 0
  const abs = String(Math.abs(minor))
  if (digits === 0) return negative ? `-${abs}` : abs
  const padded = abs.padStart(digits + 1, '0')
  const body = `${padded.slice(0, -digits)}.${padded.slice(-digits)}`
  return negative ? `-${body}` : body
}

/** Major-unit decimal string with exactly the currency's digits → minor units (no rounding allowed). */
export function majorStringToMinor(value: DecimalString, currency: string): MinorUnits {
  const d = parseDecimal(value)
  const scaled = d.times(new Dec(10).pow(minorDigits(currency)))
  if (!scaled.isInteger()) {
    throw new RangeError(`${value} has more decimals than ${currency} allows`)
  }
  return roundToInteger(scaled)
}

/**
 * Display formatting (`€115.60`, `1.235 KWD`, `¥1,000`). The amount is handed to Intl as a decimal
 * string, which Intl formats exactly (ECMA-402 NumberFormat v3), so no float rounding can creep in.
 * The fraction digits come from our ISO table, not from CLDR.
 */
export function formatMoney(minor: MinorUnits, currency: string, locale = 'en'): string {
  const digits = minorDigits(currency)
  const major = minorToMajorString(minor, currency) as `${number}`
  return numberFormat(locale, {
    style: 'currency',
    currency,
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format(major)
}

/** Like formatMoney without the currency symbol ("1,234.50"). */
export function formatAmount(minor: MinorUnits, currency: string, locale = 'en'): string {
  const digits = minorDigits(currency)
  const major = minorToMajorString(minor, currency) as `${number}`
  return numberFormat(locale, {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format(major)
}

/** A malformed locale setting must not make every amount unprintable: fall back to English. */
function numberFormat(locale: string, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  try {
    return new Intl.NumberFormat(locale, options)
  } catch {
    return new Intl.NumberFormat('en', options)
  }
}

/** Adds safe integers and fails loudly instead of silently losing precision. */
export function addMinor(a: MinorUnits, b: MinorUnits): MinorUnits {
  const sum = a + b
  if (!Number.isSafeInteger(sum)) {
    throw new RangeError(
      `Amount out of range: total exceeds ${Number.MAX_SAFE_INTEGER} minor units`,
    )
  }
  return sum === 0 ? 0 : sum
}
