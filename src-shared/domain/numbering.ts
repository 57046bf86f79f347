/**
 * Human proposal numbers from a series pattern such as "PR-{YYYY}-{SEQ:4}" → "PR-2026-0007".
 * Tokens: {YYYY} {YY} {MM} {DD} (from the issue date) and exactly one {SEQ} or {SEQ:n}
 * (the counter, zero padded to n digits; it grows past n digits rather than wrapping).
 */
import type { CalendarDate } from './proposal.types.ts'
import { parseCalendarDate } from './calendar-date.ts'

const TOKEN_RE = /\{([^{}]*)\}/g
const SEQ_RE = /^SEQ(?::(\d+))?$/
const DATE_TOKENS = new Set(['YYYY', 'YY', 'MM', 'DD'])
const MAX_PAD = 12
export const MAX_SERIES_LENGTH = 64

export type SeriesValidation = { ok: true } | { ok: false; error: string }

export function validateSeries(series: string): SeriesValidation {
  if (series.length === 0) return { ok: false, error: 'The numbering series is empty.' }
  if (series.length > MAX_SERIES_LENGTH) {
    return {
      ok: false,
      error: `The numbering series is longer than ${MAX_SERIES_LENGTH} characters.`,
    }
  }
  let seqCount = 0
  for (const m of series.matchAll(TOKEN_RE)) {
    const token = m[1] ?? ''
    const seq = SEQ_RE.exec(token)
    if (seq) {
      seqCount++
      const pad = seq[1] === undefined ? 1 : Number(seq[1])
      if (pad < 1 || pad > MAX_PAD) {
        return { ok: false, error: `{SEQ:n} needs n between 1 and ${MAX_PAD}, got {${token}}.` }
      }
    } else if (!DATE_TOKENS.has(token)) {
      return {
        ok: false,
        error: `Unknown token {${token}}; use {YYYY}, {YY}, {MM}, {DD} and one {SEQ} or {SEQ:n}.`,
      }
    }
  }
  const stripped = series.replace(TOKEN_RE, '')
  if (stripped.includes('{') || stripped.includes('}')) {
    return { ok: false, error: 'The numbering series has an unmatched "{" or "}".' }
  }
  if (seqCount !== 1) {
    return {
      ok: false,
      error:
        seqCount === 0
          ? 'The numbering series needs a counter: add {SEQ} or {SEQ:4} (e.g. "PR-{YYYY}-{SEQ:4}").'
          : 'The numbering series must contain exactly one {SEQ} counter.',
    }
  }
  return { ok: true }
}

function assertValid(series: string): void {
  const v = validateSeries(series)
  if (!v.ok) throw new RangeError(v.error)
}

function resolve(series: string, issueDate: CalendarDate, seq: (pad: number) => string): string {
  const { year, month, day } = parseCalendarDate(issueDate)
  const yyyy = String(year).padStart(4, '0')
  return series.replace(TOKEN_RE, (_whole, token: string) => {
    switch (token) {
      case 'YYYY':
        return yyyy
      case 'YY':
        return yyyy.slice(-2)
      case 'MM':
        return String(month).padStart(2, '0')
      case 'DD':
        return String(day).padStart(2, '0')
      default: {
        const m = SEQ_RE.exec(token)
        return seq(m?.[1] === undefined ? 1 : Number(m[1]))
      }
    }
  })
}

/** formatProposalNumber("PR-{YYYY}-{SEQ:4}", "2026-03-09", 7) → "PR-2026-0007". */
export function formatProposalNumber(series: string, issueDate: CalendarDate, seq: number): string {
  assertValid(series)
  if (!Number.isSafeInteger(seq) || seq < 1) {
    throw new RangeError(`The sequence number must be a positive integer, got ${seq}`)
  }
  return resolve(series, issueDate, (pad) => String(seq).padStart(pad, '0'))
}

/**
 * The counter key: the series with date tokens resolved and the counter removed, so
 * "PR-{YYYY}-{SEQ:4}" counts separately per year ("PR-2026-") while "PR-{SEQ}" never restarts.
 */
export function seriesPrefixKey(series: string, issueDate: CalendarDate): string {
  assertValid(series)
  return resolve(series, issueDate, () => '')
}

/** Revision letters: 0 → "A", 25 → "Z", 26 → "AA", 27 → "AB" (bijective base 26, like spreadsheet columns). */
export function revisionLetter(n: number): string {
  if (!Number.isSafeInteger(n) || n < 0) {
    throw new RangeError(`A revision must be a non-negative integer, got ${n}`)
  }
  let rest = n + 1
  let out = ''
  while (rest > 0) {
    const r = (rest - 1) % 26
    out = String.fromCharCode(65 + r) + out
    rest = Math.floor((rest - 1) / 26)
  }
  return out
}
