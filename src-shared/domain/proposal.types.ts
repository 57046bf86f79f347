import type { CalcTotals, DecimalString, MinorUnits, TaxInput, TaxRounding } from './money.types.ts'

/** ISO 8601 UTC timestamp with milliseconds, e.g. "2026-12-03T16:01:45.123Z". */
export type IsoTimestamp = string
/** Calendar date "YYYY-MM-DD" — never shifted by time zones. */
export type CalendarDate = string

/** Stored statuses. `expired` is derived (sent + validUntil passed) but is accepted on import. */
export const PROPOSAL_STATUSES = [
  'draft',
  'sent',
  'accepted',
  'declined',
  'expired',
  'cancelled',
] as const
export type ProposalStatus = (typeof PROPOSAL_STATUSES)[number]

/** Columns every synced row carries. */
export interface RowMeta {
  id: string
  createdAt: IsoTimestamp
  updatedAt: IsoTimestamp
  deletedAt: IsoTimestamp | null
}

export interface Client extends RowMeta {
  name: string
  contactName: string
  email: string
  phone: string
  address: string
  taxId: string
  notes: string
}

export interface Product extends RowMeta {
  sku: string
  name: string
  description: string
  unit: string
  /** Major units, decimal string, up to 6 decimals. */
  unitPrice: DecimalString
  currency: string
  taxes: TaxInput[]
  active: boolean
}

export interface ProposalSection {
  id: string
  title: string
  /** Plain text or Markdown. */
  body: string
}

export interface LineItem {
  id: string
  /** Catalog product this line was filled from (snapshot values below; later catalog changes do not apply). */
  productId: string | null
  sku: string
  description: string
  quantity: DecimalString
  unit: string
  unitPrice: DecimalString
  discountPercent: DecimalString
  taxes: TaxInput[]
  optional: boolean
}

/** The client as printed on the proposal (interchange `client`). */
export interface ClientSnapshot {
  name: string
  contactName: string
  email: string
  phone: string
  address: string
  taxId: string
}

export interface Proposal extends RowMeta {
  number: string
  /** 0 = first version (A), 1 = B, … */
  revision: number
  revisionOf: string | null
  title: string
  status: ProposalStatus
  clientId: string | null
  client: ClientSnapshot | null
  currency: string
  issueDate: CalendarDate | null
  validUntil: CalendarDate | null
  taxRounding: TaxRounding
  pricesIncludeTax: boolean
  documentDiscountPercent: DecimalString
  terms: string
  notes: string
  sections: ProposalSection[]
  lines: LineItem[]
  /** Computed by the one calculator (src-shared/domain/totals.ts) — never authored. */
  totals: CalcTotals
  /** Per-line computed nets/taxes in line order. */
  lineTotals: { net: MinorUnits; tax: MinorUnits; gross: MinorUnits }[]
  isSample: boolean
}

export interface ProposalSummary {
  id: string
  number: string
  revision: number
  title: string
  status: ProposalStatus
  clientId: string | null
  clientName: string
  currency: string
  issueDate: CalendarDate | null
  validUntil: CalendarDate | null
  net: MinorUnits
  gross: MinorUnits
  isSample: boolean
  createdAt: IsoTimestamp
  updatedAt: IsoTimestamp
}

export interface CompanySettings {
  companyName: string
  address: string
  email: string
  phone: string
  website: string
  taxId: string
  /** Bank details / payment info printed in the footer. */
  paymentDetails: string
  /** Has a logo been uploaded (bytes are never sent to the renderer except as a data URL preview). */
  hasLogo: boolean
  logoMime: string | null
  defaultCurrency: string
  /** Decimal string percent. */
  defaultTaxRate: DecimalString
  validityDays: number
  /** e.g. "PR-{YYYY}-{SEQ:4}" */
  numberingSeries: string
  defaultTerms: string
  taxRounding: TaxRounding
  pricesIncludeTax: boolean
  /** BCP 47 locale used to format amounts and dates in the PDF. */
  locale: string
}
