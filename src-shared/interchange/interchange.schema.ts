/**
 * Zod schemas for the interchange format, version 1 (spec/interchange.md — a public interface:
 * additions only, documented in the README).
 *
 * Leniencies, chosen for data coming from CRMs and scripts:
 * - `null` counts as absent for every optional field;
 * - unknown keys are ignored (so an export, which adds computed `totals`, `net` and `tax`, imports
 *   as is — computed amounts are always recomputed, never trusted);
 * - a JSON number is accepted where a decimal string is expected. Through `parseInterchangeText` the
 *   number's source text is used, so it is exact. A number that is already a JS value (a caller ran
 *   JSON.parse) is converted from `String(n)`, which is exact for up to 15 significant digits; pass
 *   the text when that matters.
 *
 * `client.name` must be present but may be empty (a draft without a client exports that way and
 * must import back); `title` must not be blank.
 */
import { z } from 'zod'
import { PROPOSAL_STATUSES } from '../domain/proposal.types.ts'
import type { ProposalStatus } from '../domain/proposal.types.ts'
import type { DecimalString, TaxRounding } from '../domain/money.types.ts'
import { isKnownCurrency } from '../domain/currency.ts'
import { isCalendarDate } from '../domain/calendar-date.ts'
import { Dec, isDecimalString, MAX_DECIMAL_LENGTH } from '../domain/decimal.ts'
import { JsonNumberText } from './json-text.ts'

export const INTERCHANGE_FORMAT = 'proposaldesk/v1'

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

type Ctx = z.core.$RefinementCtx<unknown>

const issue = (ctx: Ctx, message: string): never => {
  ctx.addIssue({ code: 'custom', message })
  return z.NEVER
}

const absent = (v: unknown): v is null | undefined => v === undefined || v === null

/**
 * Zod 4 objects report an absent key as "expected nonoptional" before our own transform can say
 * "required" or substitute the default; a (no-op) preprocess step makes the schema see the absent
 * key as `undefined` and decide itself.
 */
const keyed = <S extends z.ZodType>(schema: S) => z.preprocess((v) => v, schema)

/** A field decided by one function of the raw value (absent keys arrive as `undefined`). */
const leaf = <T>(decide: (value: unknown, ctx: Ctx) => T) =>
  keyed(z.unknown().transform((v, ctx) => decide(v, ctx)))

/** Exact decimal text from a string, a preserved JSON number, or a JS number; null if not one. */
export function toDecimalText(value: unknown): DecimalString | null {
  if (typeof value === 'string') return isDecimalString(value) ? value : null
  let text: string
  if (value instanceof JsonNumberText) text = value.text
  else if (typeof value === 'number' && Number.isFinite(value)) text = String(value)
  else return null
  if (/^-?\d+(\.\d+)?$/.test(text)) return text
  // Exponent form ("1e3", "2.5E-2"): expand exactly.
  const d = new Dec(text)
  return d.isZero() ? '0' : d.toFixed()
}

interface DecimalRule {
  maxDecimals?: number
  min?: string
  max?: string
  rangeMessage?: string
}

function checkDecimal(value: unknown, rule: DecimalRule, ctx: Ctx): DecimalString {
  const text = toDecimalText(value)
  if (text === null) return issue(ctx, 'not a decimal number')
  if (text.length > MAX_DECIMAL_LENGTH) return issue(ctx, 'too many digits')
  const d = new Dec(text)
  if (rule.maxDecimals !== undefined && d.decimalPlaces() > rule.maxDecimals) {
    return issue(ctx, `at most ${rule.maxDecimals} decimal places`)
  }
  if (
    (rule.min !== undefined && d.lessThan(rule.min)) ||
    (rule.max !== undefined && d.greaterThan(rule.max))
  ) {
    return issue(ctx, rule.rangeMessage ?? `must be between ${rule.min} and ${rule.max}`)
  }
  return text
}

/** Same bound as the app's forms (src-shared/ipc/schemas.ts): at most 12 digits before the point. */
const MAGNITUDE: DecimalRule = {
  min: '-999999999999.999999',
  max: '999999999999.999999',
  rangeMessage: 'too large (at most 12 digits before the point)',
}

const requiredDecimal = (rule: DecimalRule = {}) =>
  leaf((v, ctx): DecimalString => {
    if (absent(v)) return issue(ctx, 'required')
    return checkDecimal(v, rule, ctx)
  })

const decimalWithDefault = (fallback: DecimalString, rule: DecimalRule = {}) =>
  leaf((v, ctx): DecimalString => (absent(v) ? fallback : checkDecimal(v, rule, ctx)))

const optionalDecimal = (rule: DecimalRule = {}) =>
  leaf((v, ctx): DecimalString | undefined => (absent(v) ? undefined : checkDecimal(v, rule, ctx)))

const requiredString = (opts: { nonBlank?: boolean } = {}) =>
  leaf((v, ctx): string => {
    if (absent(v)) return issue(ctx, 'required')
    if (typeof v !== 'string') return issue(ctx, 'must be a string')
    if (opts.nonBlank && v.trim() === '') return issue(ctx, 'required')
    return v
  })

const stringWithDefault = (fallback = '') =>
  leaf((v, ctx): string => {
    if (absent(v)) return fallback
    if (typeof v !== 'string') return issue(ctx, 'must be a string')
    return v
  })

const optionalString = (check?: (s: string) => string | null) =>
  leaf((v, ctx): string | undefined => {
    if (absent(v)) return undefined
    if (typeof v !== 'string') return issue(ctx, 'must be a string')
    const problem = check?.(v)
    return problem ? issue(ctx, problem) : v
  })

const booleanWithDefault = (fallback: boolean) =>
  leaf((v, ctx): boolean => {
    if (absent(v)) return fallback
    if (typeof v !== 'boolean') return issue(ctx, 'must be true or false')
    return v
  })

const enumWithDefault = <T extends string>(values: readonly T[], fallback: T) =>
  leaf((v, ctx): T => {
    if (absent(v)) return fallback
    if (typeof v === 'string' && (values as readonly string[]).includes(v)) return v as T
    return issue(ctx, `must be one of ${values.join(', ')}`)
  })

const objectError = (iss: { input?: unknown }) =>
  iss.input === undefined || iss.input === null ? 'required' : 'must be an object'

const listOf = <T extends z.ZodType>(item: T) =>
  z.preprocess((v) => (absent(v) ? [] : v), z.array(item, { error: 'must be a list' }))

const taxRate: DecimalRule = { min: '0', max: '1000', rangeMessage: 'must be between 0 and 1000' }
const percent: DecimalRule = { min: '0', max: '100', rangeMessage: 'must be between 0 and 100' }

export const interchangeTaxSchema = z.object(
  {
    name: stringWithDefault(''),
    rate: requiredDecimal(taxRate),
  },
  { error: objectError },
)

export const interchangeLineSchema = z.object(
  {
    description: requiredString(),
    quantity: requiredDecimal(MAGNITUDE),
    unit: stringWithDefault(''),
    unitPrice: requiredDecimal({ maxDecimals: 6, ...MAGNITUDE }),
    discountPercent: decimalWithDefault('0', percent),
    taxRate: optionalDecimal(taxRate),
    taxes: z.preprocess(
      (v) => (absent(v) ? undefined : v),
      z.array(interchangeTaxSchema, { error: 'must be a list' }).optional(),
    ),
    optional: booleanWithDefault(false),
  },
  { error: objectError },
)

export const interchangeSectionSchema = z.object(
  { title: stringWithDefault(''), body: stringWithDefault('') },
  { error: objectError },
)

export const interchangeClientSchema = z.object(
  {
    name: requiredString(),
    contactName: stringWithDefault(''),
    email: stringWithDefault(''),
    phone: stringWithDefault(''),
    address: stringWithDefault(''),
    taxId: stringWithDefault(''),
  },
  { error: objectError },
)

const calendarDate = optionalString((s) =>
  isCalendarDate(s) ? null : 'not a valid date (YYYY-MM-DD)',
)

export const interchangeProposalSchema = z.object(
  {
    id: optionalString((s) => (UUID_RE.test(s) ? null : 'not a UUID')),
    number: optionalString((s) => (s.length <= 100 ? null : 'at most 100 characters')),
    title: requiredString({ nonBlank: true }),
    status: enumWithDefault<ProposalStatus>(PROPOSAL_STATUSES, 'draft'),
    currency: leaf((v, ctx): string => {
      if (absent(v)) return issue(ctx, 'required')
      if (typeof v !== 'string' || !isKnownCurrency(v)) {
        return issue(ctx, 'not a known ISO 4217 currency code')
      }
      return v
    }),
    issueDate: calendarDate,
    validUntil: calendarDate,
    taxRounding: enumWithDefault<TaxRounding>(['per-document', 'per-line'], 'per-document'),
    pricesIncludeTax: booleanWithDefault(false),
    client: keyed(interchangeClientSchema),
    sections: listOf(interchangeSectionSchema),
    lines: listOf(interchangeLineSchema),
    documentDiscountPercent: decimalWithDefault('0', percent),
    terms: stringWithDefault(''),
    notes: stringWithDefault(''),
  },
  { error: objectError },
)

export type InterchangeTax = z.output<typeof interchangeTaxSchema>
export type InterchangeLine = z.output<typeof interchangeLineSchema>
export type InterchangeSection = z.output<typeof interchangeSectionSchema>
export type InterchangeClient = z.output<typeof interchangeClientSchema>
/** A validated imported proposal, defaults applied. */
export type InterchangeProposal = z.output<typeof interchangeProposalSchema>

// ---------------------------------------------------------------------------------------------
// Export shapes (what `toInterchange` writes). Amounts are decimal strings in major units with
// exactly the currency's minor digits.

export interface InterchangeTaxTotal {
  name: string
  rate: DecimalString
  base: DecimalString
  tax: DecimalString
}

export interface InterchangeTotals {
  net: DecimalString
  tax: DecimalString
  gross: DecimalString
  taxes: InterchangeTaxTotal[]
}

export interface ExportedLine {
  description: string
  quantity: DecimalString
  unit: string
  unitPrice: DecimalString
  discountPercent: DecimalString
  /** Written when the line has exactly one tax with an empty name. */
  taxRate?: DecimalString
  /** Written otherwise (also `[]` for a line without tax). */
  taxes?: { name: string; rate: DecimalString }[]
  optional: boolean
  net: DecimalString
  /** Only with per-line rounding. */
  tax?: DecimalString
}

export interface ExportedProposal {
  id: string
  number?: string
  title: string
  status: ProposalStatus
  currency: string
  issueDate?: string
  validUntil?: string
  taxRounding: TaxRounding
  pricesIncludeTax: boolean
  client: InterchangeClient
  sections: InterchangeSection[]
  lines: ExportedLine[]
  documentDiscountPercent: DecimalString
  terms: string
  notes: string
  totals: InterchangeTotals
}

export interface InterchangeDocument {
  format: typeof INTERCHANGE_FORMAT
  proposals: ExportedProposal[]
}
