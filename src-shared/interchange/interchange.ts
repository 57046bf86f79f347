/**
 * Import and export of the interchange format (spec/interchange.md). Import validates the whole
 * document and reports every error by path before anything is written; export adds the totals
 * computed by the one calculator.
 */
import type { z } from 'zod'
import type { DecimalString, RoundingMode, TaxInput } from '../domain/money.types.ts'
import type { ClientSnapshot, Proposal, ProposalStatus } from '../domain/proposal.types.ts'
import type { TaxRounding } from '../domain/money.types.ts'
import { canonicalDecimal, minorToMajorString } from '../domain/decimal.ts'
import { calcInputFromProposal, calculateTotals } from '../domain/totals.ts'
import {
  INTERCHANGE_FORMAT,
  interchangeProposalSchema,
  type ExportedLine,
  type ExportedProposal,
  type InterchangeDocument,
  type InterchangeLine,
  type InterchangeProposal,
} from './interchange.schema.ts'
import { JsonSyntaxError, parseJsonText } from './json-text.ts'

export interface InterchangeError {
  /** e.g. `proposals[3].lines[0].quantity`; empty for the document itself. */
  path: string
  message: string
}

export type InterchangeParseResult =
  { ok: true; proposals: InterchangeProposal[] } | { ok: false; errors: InterchangeError[] }

/** `["proposals", 3, "lines", 0, "quantity"]` → `proposals[3].lines[0].quantity`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = ''
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`
    else out += out === '' ? String(seg) : `.${String(seg)}`
  }
  return out
}

/** One line per error: `proposals[3].lines[0].quantity: not a decimal number`. */
export function formatInterchangeErrors(errors: readonly InterchangeError[]): string {
  return errors.map((e) => (e.path ? `${e.path}: ${e.message}` : e.message)).join('\n')
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v)

/**
 * Parses interchange JSON text, keeping JSON numbers exact (see json-text.ts). Syntax errors are
 * reported like validation errors, with an empty path.
 */
export function parseInterchangeText(text: string): InterchangeParseResult {
  let value: unknown
  try {
    value = parseJsonText(text)
  } catch (err) {
    if (err instanceof JsonSyntaxError) {
      return { ok: false, errors: [{ path: '', message: `not valid JSON: ${err.message}` }] }
    }
    throw err
  }
  return parseInterchange(value)
}

/**
 * Validates an interchange document: `{format: "proposaldesk/v1", proposals: [...]}` or a single
 * proposal object. A string is parsed as JSON text first (exact numbers).
 */
export function parseInterchange(input: unknown): InterchangeParseResult {
  if (typeof input === 'string') return parseInterchangeText(input)
  if (!isRecord(input)) {
    return {
      ok: false,
      errors: [
        { path: '', message: 'must be an object ({"format", "proposals"} or one proposal)' },
      ],
    }
  }
  const errors: InterchangeError[] = []
  let items: { raw: unknown; prefix: (string | number)[] }[]
  const isWrapper = 'proposals' in input || 'format' in input
  if (isWrapper) {
    if (input.format !== undefined && input.format !== INTERCHANGE_FORMAT) {
      errors.push({
        path: 'format',
        message: `unsupported format ${JSON.stringify(input.format)} (expected "${INTERCHANGE_FORMAT}")`,
      })
    }
    const list = input.proposals
    if (!Array.isArray(list)) {
      errors.push({
        path: 'proposals',
        message: list === undefined ? 'required' : 'must be a list',
      })
      items = []
    } else {
      items = (list as unknown[]).map((raw, i) => ({ raw, prefix: ['proposals', i] }))
    }
  } else {
    items = [{ raw: input, prefix: [] }]
  }

  const proposals: InterchangeProposal[] = []
  for (const { raw, prefix } of items) {
    const result = interchangeProposalSchema.safeParse(raw)
    const own = crossFieldErrors(raw, prefix)
    if (!result.success) {
      errors.push(...sortIssues(result.error.issues, own, prefix))
      continue
    }
    if (own.length > 0) {
      errors.push(...own)
      continue
    }
    const overflow = totalsError(result.data)
    if (overflow) {
      errors.push({ path: formatPath([...prefix, 'lines']), message: overflow })
      continue
    }
    proposals.push(result.data)
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, proposals }
}

/** Rules spanning two fields, checked on the raw input so they are reported with every other error. */
function crossFieldErrors(raw: unknown, prefix: (string | number)[]): InterchangeError[] {
  if (!isRecord(raw) || !Array.isArray(raw.lines)) return []
  const out: InterchangeError[] = []
  raw.lines.forEach((line, i) => {
    if (!isRecord(line)) return
    const has = (k: string) => line[k] !== undefined && line[k] !== null
    if (has('taxRate') && has('taxes')) {
      out.push({
        path: formatPath([...prefix, 'lines', i, 'taxes']),
        message: 'give either taxRate or taxes, not both',
      })
    }
  })
  return out
}

/** Zod issues plus cross-field errors, in document order (by proposal and line index). */
function sortIssues(
  issues: readonly z.core.$ZodIssue[],
  extra: InterchangeError[],
  prefix: (string | number)[],
): InterchangeError[] {
  const withKeys = [
    ...issues.map((iss) => ({
      key: [...prefix, ...iss.path],
      error: { path: formatPath([...prefix, ...iss.path]), message: iss.message },
    })),
    ...extra.map((e) => ({ key: lineIndexKey(e.path), error: e })),
  ]
  const lineOf = (key: readonly PropertyKey[]): number => {
    const i = key.indexOf('lines')
    const n = i >= 0 ? key[i + 1] : undefined
    return typeof n === 'number' ? n : -1
  }
  return withKeys
    .map((x, order) => ({ ...x, order }))
    .sort((a, b) => lineOf(a.key) - lineOf(b.key) || a.order - b.order)
    .map((x) => x.error)
}

function lineIndexKey(path: string): (string | number)[] {
  const m = /lines\[(\d+)\]/.exec(path)
  return m ? ['lines', Number(m[1])] : []
}

/** Amounts too large for safe integer minor units are reported instead of failing later. */
function totalsError(p: InterchangeProposal): string | null {
  try {
    calculateTotals(calcInputFromProposal(interchangeToProposalInput(p)))
    return null
  } catch (err) {
    return err instanceof RangeError ? `amounts too large: ${err.message}` : String(err)
  }
}

// ---------------------------------------------------------------------------------------------
// Mapping to what the services take

export interface ProposalImportLine {
  description: string
  quantity: DecimalString
  unit: string
  unitPrice: DecimalString
  discountPercent: DecimalString
  taxes: TaxInput[]
  optional: boolean
}

export interface ProposalImportInput {
  /** Present: update this proposal if it exists, else create it with this id. */
  id?: string
  /** Absent: assigned by the numbering series. */
  number?: string
  title: string
  status: ProposalStatus
  currency: string
  issueDate: string | null
  validUntil: string | null
  taxRounding: TaxRounding
  pricesIncludeTax: boolean
  /** null when every client field is empty (a proposal without a client). */
  client: ClientSnapshot | null
  sections: { title: string; body: string }[]
  lines: ProposalImportLine[]
  documentDiscountPercent: DecimalString
  terms: string
  notes: string
}

/** `taxRate` becomes one unnamed tax; rates are written canonically ("19.0" → "19"). */
export function normaliseLineTaxes(line: Pick<InterchangeLine, 'taxRate' | 'taxes'>): TaxInput[] {
  if (line.taxRate !== undefined) return [{ name: '', rate: canonicalDecimal(line.taxRate) }]
  return (line.taxes ?? []).map((t) => ({ name: t.name, rate: canonicalDecimal(t.rate) }))
}

export function interchangeToProposalInput(p: InterchangeProposal): ProposalImportInput {
  const c = p.client
  const hasClient = [c.name, c.contactName, c.email, c.phone, c.address, c.taxId].some(
    (v) => v !== '',
  )
  return {
    ...(p.id !== undefined ? { id: p.id.toLowerCase() } : {}),
    ...(p.number !== undefined ? { number: p.number } : {}),
    title: p.title,
    status: p.status,
    currency: p.currency,
    issueDate: p.issueDate ?? null,
    validUntil: p.validUntil ?? null,
    taxRounding: p.taxRounding,
    pricesIncludeTax: p.pricesIncludeTax,
    client: hasClient
      ? {
          name: c.name,
          contactName: c.contactName,
          email: c.email,
          phone: c.phone,
          address: c.address,
          taxId: c.taxId,
        }
      : null,
    sections: p.sections.map((s) => ({ title: s.title, body: s.body })),
    lines: p.lines.map((l) => ({
      description: l.description,
      quantity: l.quantity,
      unit: l.unit,
      unitPrice: l.unitPrice,
      discountPercent: l.discountPercent,
      taxes: normaliseLineTaxes(l),
      optional: l.optional,
    })),
    documentDiscountPercent: p.documentDiscountPercent,
    terms: p.terms,
    notes: p.notes,
  }
}

// ---------------------------------------------------------------------------------------------
// Export

/** What export needs from a proposal (a full `Proposal` fits). */
export type ExportableProposal = Pick<
  Proposal,
  | 'id'
  | 'number'
  | 'title'
  | 'status'
  | 'currency'
  | 'issueDate'
  | 'validUntil'
  | 'taxRounding'
  | 'pricesIncludeTax'
  | 'client'
  | 'documentDiscountPercent'
  | 'terms'
  | 'notes'
> & {
  sections: readonly { title: string; body: string }[]
  lines: readonly {
    description: string
    quantity: DecimalString
    unit: string
    unitPrice: DecimalString
    discountPercent: DecimalString
    taxes: readonly TaxInput[]
    optional: boolean
  }[]
}

export interface ToInterchangeOptions {
  /** The organisation's rounding mode; default half away from zero. */
  roundingMode?: RoundingMode
}

export function toInterchange(
  proposals: readonly ExportableProposal[],
  options: ToInterchangeOptions = {},
): InterchangeDocument {
  return {
    format: INTERCHANGE_FORMAT,
    proposals: proposals.map((p) => exportProposal(p, options.roundingMode)),
  }
}

/** The export file text: indented for people, newline-terminated. */
export function stringifyInterchange(doc: InterchangeDocument): string {
  return `${JSON.stringify(doc, null, 2)}\n`
}

function exportProposal(p: ExportableProposal, roundingMode?: RoundingMode): ExportedProposal {
  const result = calculateTotals(calcInputFromProposal(p, roundingMode))
  const money = (minor: number) => minorToMajorString(minor, p.currency)
  const perLine = p.taxRounding === 'per-line'
  const client = p.client ?? {
    name: '',
    contactName: '',
    email: '',
    phone: '',
    address: '',
    taxId: '',
  }
  const lines = p.lines.map((l, i): ExportedLine => {
    const computed = result.lines[i]
    const only = l.taxes.length === 1 ? l.taxes[0] : undefined
    const taxPart =
      only && only.name === ''
        ? { taxRate: only.rate }
        : { taxes: l.taxes.map((t) => ({ name: t.name, rate: t.rate })) }
    return {
      description: l.description,
      quantity: l.quantity,
      unit: l.unit,
      unitPrice: l.unitPrice,
      discountPercent: l.discountPercent,
      ...taxPart,
      optional: l.optional,
      net: money(computed?.net ?? 0),
      ...(perLine ? { tax: money(computed?.tax ?? 0) } : {}),
    }
  })
  const t = result.totals
  return {
    id: p.id,
    ...(p.number ? { number: p.number } : {}),
    title: p.title,
    status: p.status,
    currency: p.currency,
    ...(p.issueDate ? { issueDate: p.issueDate } : {}),
    ...(p.validUntil ? { validUntil: p.validUntil } : {}),
    taxRounding: p.taxRounding,
    pricesIncludeTax: p.pricesIncludeTax,
    client: {
      name: client.name,
      contactName: client.contactName,
      email: client.email,
      phone: client.phone,
      address: client.address,
      taxId: client.taxId,
    },
    sections: p.sections.map((s) => ({ title: s.title, body: s.body })),
    lines,
    documentDiscountPercent: p.documentDiscountPercent,
    terms: p.terms,
    notes: p.notes,
    totals: {
      net: money(t.net),
      tax: money(t.tax),
      gross: money(t.gross),
      taxes: t.taxes.map((g) => ({
        name: g.name,
        rate: g.rate,
        base: money(g.base),
        tax: money(g.tax),
      })),
    },
  }
}
