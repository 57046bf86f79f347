import { addDays } from '../../../../src-shared/domain/calendar-date.ts'
import { isKnownCurrency } from '../../../../src-shared/domain/currency.ts'
import type { TaxInput, TaxRounding } from '../../../../src-shared/domain/money.types.ts'
import type {
  CompanySettings,
  Product,
  Proposal,
} from '../../../../src-shared/domain/proposal.types.ts'
import { proposalTotals, type ProposalMoneyFields } from '../../../../src-shared/domain/totals.ts'
import type { CalcResult } from '../../../../src-shared/domain/money.types.ts'
import {
  lineInputSchema,
  percentString,
  type ProposalFields,
} from '../../../../src-shared/ipc/schemas.ts'
import { todayLocal } from '../../../lib/format.ts'

/** A line as the editor holds it: every number is the text the user typed. */
export interface LineDraft {
  /** Stable React key, also for lines not saved yet. */
  key: string
  id?: string
  productId: string | null
  sku: string
  description: string
  quantity: string
  unit: string
  unitPrice: string
  discountPercent: string
  taxes: TaxInput[]
  optional: boolean
}

export interface SectionDraft {
  key: string
  id?: string
  title: string
  body: string
}

export interface ProposalDraft {
  title: string
  clientId: string | null
  currency: string
  issueDate: string | null
  validUntil: string | null
  taxRounding: TaxRounding
  pricesIncludeTax: boolean
  documentDiscountPercent: string
  terms: string
  notes: string
  sections: SectionDraft[]
  lines: LineDraft[]
}

let seq = 0
export function newKey(): string {
  seq += 1
  return `k${seq}`
}

export function draftFromProposal(p: Proposal): ProposalDraft {
  return {
    title: p.title,
    clientId: p.clientId,
    currency: p.currency,
    issueDate: p.issueDate,
    validUntil: p.validUntil,
    taxRounding: p.taxRounding,
    pricesIncludeTax: p.pricesIncludeTax,
    documentDiscountPercent: p.documentDiscountPercent,
    terms: p.terms,
    notes: p.notes,
    sections: p.sections.map((s) => ({ key: newKey(), id: s.id, title: s.title, body: s.body })),
    lines: p.lines.map((l) => ({
      key: newKey(),
      id: l.id,
      productId: l.productId,
      sku: l.sku,
      description: l.description,
      quantity: l.quantity,
      unit: l.unit,
      unitPrice: l.unitPrice,
      discountPercent: l.discountPercent,
      taxes: l.taxes.map((t) => ({ name: t.name, rate: t.rate })),
      optional: l.optional,
    })),
  }
}

export function newDraft(settings: CompanySettings): ProposalDraft {
  const today = todayLocal()
  return {
    title: '',
    clientId: null,
    currency: settings.defaultCurrency,
    issueDate: today,
    validUntil: settings.validityDays > 0 ? addDays(today, settings.validityDays) : null,
    taxRounding: settings.taxRounding,
    pricesIncludeTax: settings.pricesIncludeTax,
    documentDiscountPercent: '0',
    terms: settings.defaultTerms,
    notes: '',
    sections: [],
    lines: [],
  }
}

export function defaultTaxes(settings: CompanySettings | undefined): TaxInput[] {
  if (!settings || /^0+(\.0+)?$/.test(settings.defaultTaxRate)) return []
  return [{ name: '', rate: settings.defaultTaxRate }]
}

export function blankLine(settings: CompanySettings | undefined): LineDraft {
  return {
    key: newKey(),
    productId: null,
    sku: '',
    description: '',
    quantity: '1',
    unit: '',
    unitPrice: '',
    discountPercent: '0',
    taxes: defaultTaxes(settings),
    optional: false,
  }
}

export function lineFromProduct(p: Product): LineDraft {
  return {
    key: newKey(),
    productId: p.id,
    sku: p.sku,
    description: p.description ? `${p.name}\n${p.description}` : p.name,
    quantity: '1',
    unit: p.unit,
    unitPrice: p.unitPrice,
    discountPercent: '0',
    taxes: p.taxes.map((t) => ({ name: t.name, rate: t.rate })),
    optional: false,
  }
}

/** The payload `proposals.create` / `proposals.update` take (numbers trimmed, keys dropped). */
export function draftToFields(d: ProposalDraft): ProposalFields {
  return {
    title: d.title,
    clientId: d.clientId,
    currency: d.currency,
    issueDate: d.issueDate || null,
    validUntil: d.validUntil || null,
    taxRounding: d.taxRounding,
    pricesIncludeTax: d.pricesIncludeTax,
    documentDiscountPercent: d.documentDiscountPercent.trim(),
    terms: d.terms,
    notes: d.notes,
    sections: d.sections.map((s) => ({
      ...(s.id ? { id: s.id } : {}),
      title: s.title,
      body: s.body,
    })),
    lines: d.lines.map((l) => ({
      ...(l.id ? { id: l.id } : {}),
      productId: l.productId,
      sku: l.sku,
      description: l.description,
      quantity: l.quantity.trim(),
      unit: l.unit,
      unitPrice: l.unitPrice.trim(),
      discountPercent: l.discountPercent.trim() || '0',
      taxes: l.taxes,
      optional: l.optional,
    })),
  }
}

export interface LiveTotals {
  result: CalcResult | null
  /** Calculator line index for each draft line (null = left out because its numbers are invalid). */
  lineIndex: (number | null)[]
  excluded: number
  error: string | null
}

/**
 * Totals of what is on screen, from the one shared calculator. Lines whose numbers do not parse
 * are left out (and counted) rather than blanking the whole panel while the user types.
 */
export function liveTotals(d: ProposalDraft): LiveTotals {
  const lineIndex: (number | null)[] = []
  const lines: ProposalMoneyFields['lines'][number][] = []
  for (const l of d.lines) {
    const parsed = lineInputSchema
      .pick({ quantity: true, unitPrice: true, discountPercent: true, taxes: true })
      .safeParse({
        quantity: l.quantity,
        unitPrice: l.unitPrice,
        discountPercent: l.discountPercent.trim() || '0',
        taxes: l.taxes,
      })
    if (!parsed.success) {
      lineIndex.push(null)
      continue
    }
    lineIndex.push(lines.length)
    lines.push({ ...parsed.data, optional: l.optional })
  }
  const excluded = lineIndex.filter((i) => i === null).length
  if (!isKnownCurrency(d.currency))
    return { result: null, lineIndex, excluded, error: 'Unknown currency' }
  const discount = percentString.safeParse(d.documentDiscountPercent.trim() || '0')
  try {
    const result = proposalTotals({
      currency: d.currency,
      lines,
      documentDiscountPercent: discount.success ? discount.data : '0',
      taxRounding: d.taxRounding,
      pricesIncludeTax: d.pricesIncludeTax,
    })
    return { result, lineIndex, excluded, error: null }
  } catch (err) {
    return {
      result: null,
      lineIndex,
      excluded,
      error: err instanceof Error ? err.message : String(err),
    }
  }
}

export function moveItem<T>(list: readonly T[], from: number, to: number): T[] {
  if (to < 0 || to >= list.length) return [...list]
  const next = [...list]
  const [item] = next.splice(from, 1)
  if (item !== undefined) next.splice(to, 0, item)
  return next
}
