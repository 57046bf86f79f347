import { isKnownCurrency } from '../../src-shared/domain/currency.ts'
import {
  canonicalDecimal,
  decimalPlaces,
  Dec,
  isDecimalString,
  MAX_DECIMAL_LENGTH,
} from '../../src-shared/domain/decimal.ts'
import type { TaxInput } from '../../src-shared/domain/money.types.ts'
import type { FieldIssue } from '../../src-shared/ipc/result.ts'

/**
 * Checks the services apply on top of the zod contract, so that callers which bypass the
 * dispatcher (CLI import, sync, sample data) cannot store anything the calculator would reject.
 * Each collects issues instead of throwing, so one error lists every offending field.
 */

export interface DecimalRule {
  maxDecimals?: number
  min?: string
  max?: string
  what?: string
}

/** Canonical decimal string ("+2.50" → "2.5"), or undefined after recording an issue. */
export function checkDecimal(
  value: string,
  path: string,
  issues: FieldIssue[],
  rule: DecimalRule = {},
): string | undefined {
  const trimmed = value.trim().replace(/^\+/, '')
  const tooLong = trimmed.length > MAX_DECIMAL_LENGTH
  if (!isDecimalString(trimmed)) {
    issues.push({
      path,
      message: tooLong
        ? `at most ${MAX_DECIMAL_LENGTH} characters`
        : `not ${rule.what ?? 'a decimal number'}`,
    })
    return undefined
  }
  if (rule.maxDecimals !== undefined && decimalPlaces(trimmed) > rule.maxDecimals) {
    issues.push({ path, message: `at most ${rule.maxDecimals} decimal places` })
    return undefined
  }
  const d = new Dec(trimmed)
  if (rule.min !== undefined && d.lessThan(rule.min)) {
    issues.push({
      path,
      message:
        rule.max !== undefined
          ? `must be between ${rule.min} and ${rule.max}`
          : rule.min === '0'
            ? 'must not be negative'
            : `must be at least ${rule.min}`,
    })
    return undefined
  }
  if (rule.max !== undefined && d.greaterThan(rule.max)) {
    issues.push({
      path,
      message:
        rule.min !== undefined
          ? `must be between ${rule.min} and ${rule.max}`
          : `must be at most ${rule.max}`,
    })
    return undefined
  }
  return canonicalDecimal(trimmed)
}

export const PERCENT_RULE: DecimalRule = { min: '0', max: '100' }
export const UNIT_PRICE_RULE: DecimalRule = { maxDecimals: 6 }
export const TAX_RATE_RULE: DecimalRule = { min: '0', max: '1000' }

export function checkCurrency(value: string, path: string, issues: FieldIssue[]): boolean {
  if (!isKnownCurrency(value)) {
    issues.push({ path, message: `unknown currency code "${value}"` })
    return false
  }
  return true
}

export function checkTaxes(
  taxes: readonly TaxInput[],
  path: string,
  issues: FieldIssue[],
): TaxInput[] {
  return taxes.map((t, i) => ({
    name: t.name,
    rate: checkDecimal(t.rate, `${path}[${i}].rate`, issues, TAX_RATE_RULE) ?? t.rate,
  }))
}

export function parseTaxesJson(json: string): TaxInput[] {
  const parsed: unknown = JSON.parse(json)
  if (!Array.isArray(parsed)) return []
  return parsed.flatMap((t: unknown) => {
    if (typeof t !== 'object' || t === null) return []
    const { name, rate } = t as { name?: unknown; rate?: unknown }
    return typeof rate === 'string' ? [{ name: typeof name === 'string' ? name : '', rate }] : []
  })
}
