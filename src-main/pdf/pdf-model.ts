import { createHash } from 'node:crypto'
import { createRequire } from 'node:module'
import path from 'node:path'
import { stringify } from 'safe-stable-stringify'
import { isCalendarDate, parseCalendarDate } from '../../src-shared/domain/calendar-date.ts'
import { minorDigits } from '../../src-shared/domain/currency.ts'
import {
  canonicalDecimal,
  decimalPlaces,
  formatMoney,
  minorToMajorString,
} from '../../src-shared/domain/decimal.ts'
import type { DecimalString, TaxInput } from '../../src-shared/domain/money.types.ts'
import type { CompanySettings, Proposal } from '../../src-shared/domain/proposal.types.ts'
import { proposalTotals } from '../../src-shared/domain/totals.ts'
import type { NormalizedLogo } from './typography.ts'

/**
 * Bump whenever the builder's output changes for the same model (layout, styles, labels): the
 * version is part of the cache key, so old cached PDFs stop matching.
 */
export const TEMPLATE_VERSION = 'proposal/3'

export interface PdfLine {
  /** 1-based position as printed. */
  position: number
  sku: string
  description: string
  quantity: string
  unit: string
  unitPrice: string
  /** "10 %" or "" when there is no line discount. */
  discount: string
  /** "19 %", "5 % + 9.975 %" or "". */
  taxes: string
  amount: string
  optional: boolean
}

export interface PdfTaxRow {
  /** e.g. "VAT 19 %" */
  label: string
  base: string
  amount: string
}

export interface PdfTotals {
  /** Sum of the (non-optional) lines. */
  linesNet: string
  /** Present only when the proposal has a document discount. */
  documentDiscount: { label: string; amount: string } | null
  net: string
  taxes: PdfTaxRow[]
  tax: string
  gross: string
  /** Sum of optional lines, shown but not totalled; null when there are none. */
  optionalNet: string | null
  pricesIncludeTax: boolean
}

/**
 * Everything the builder needs, already formatted: plain, serialisable (it crosses postMessage)
 * and deterministic, so it can be hashed into the cache key.
 */
export interface PdfModel {
  templateVersion: string
  locale: string
  /**
   * ISO timestamp stamped into the PDF's info dictionary: the proposal's issue date (else its
   * creation time) — never "now", and never a timestamp that moves when only the status changes,
   * so marking a proposal sent (or emailing it) keeps the very bytes the client received.
   */
  creationDate: string
  company: {
    name: string
    address: string
    email: string
    phone: string
    website: string
    taxId: string
    paymentDetails: string
  }
  logo: NormalizedLogo | null
  proposal: {
    number: string
    revision: string
    title: string
    currency: string
    issueDate: string
    validUntil: string
  }
  client: {
    name: string
    contactName: string
    email: string
    phone: string
    address: string
    taxId: string
  } | null
  sections: { title: string; body: string }[]
  lines: PdfLine[]
  totals: PdfTotals
  terms: string
  notes: string
}

/** 0 → "A", 25 → "Z", 26 → "AA" (spreadsheet-style, the way revisions are spoken about). */
export function revisionLabel(revision: number): string {
  let n = Math.max(0, Math.trunc(revision))
  let out = ''
  do {
    out = String.fromCharCode(65 + (n % 26)) + out
    n = Math.floor(n / 26) - 1
  } while (n >= 0)
  return out
}

/** A calendar date in the company locale, computed in UTC so no time zone can move the day. */
export function formatCalendarDate(date: string | null, locale: string): string {
  if (date === null || !isCalendarDate(date)) return ''
  const { year, month, day } = parseCalendarDate(date)
  let format: Intl.DateTimeFormat
  try {
    format = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' })
  } catch {
    format = new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeZone: 'UTC' })
  }
  return format.format(new Date(Date.UTC(year, month - 1, day)))
}

// Building an Intl.NumberFormat costs far more than using one; a 1,000-line model needs thousands.
const numberFormats = new Map<string, Intl.NumberFormat>()
function decimalFormat(locale: string, min: number, max: number): Intl.NumberFormat {
  const key = `${locale}|${min}|${max}`
  let f = numberFormats.get(key)
  if (!f) {
    const options = { minimumFractionDigits: min, maximumFractionDigits: max }
    try {
      f = new Intl.NumberFormat(locale, options)
    } catch {
      f = new Intl.NumberFormat('en', options)
    }
    if (numberFormats.size > 200) numberFormats.clear()
    numberFormats.set(key, f)
  }
  return f
}

/** A decimal string in the locale's notation, keeping every written digit (never through a float). */
export function formatDecimal(value: DecimalString, locale: string, minFraction = 0): string {
  const canonical = canonicalDecimal(value)
  const places = Math.min(20, Math.max(minFraction, decimalPlaces(canonical)))
  return decimalFormat(locale, Math.min(minFraction, places), places).format(
    canonical as `${number}`,
  )
}

const moneyFormats = new Map<string, Intl.NumberFormat | null>()
/**
 * `formatMoney` (the domain's formatter) with its Intl.NumberFormat built once per currency and
 * locale. Same options, same output (tested); falls back to formatMoney for anything unusual.
 */
export function moneyFormatter(currency: string, locale: string): (minor: number) => string {
  const key = `${locale}|${currency}`
  let f = moneyFormats.get(key)
  if (f === undefined) {
    const digits = minorDigits(currency)
    try {
      f = new Intl.NumberFormat(locale, {
        style: 'currency',
        currency,
        minimumFractionDigits: digits,
        maximumFractionDigits: digits,
      })
    } catch {
      f = null
    }
    moneyFormats.set(key, f)
  }
  const format = f
  return format === null
    ? (minor) => formatMoney(minor, currency, locale)
    : (minor) => format.format(minorToMajorString(minor, currency) as `${number}`)
}

export function formatPercent(rate: DecimalString, locale: string): string {
  return `${formatDecimal(rate, locale)} %`
}

function taxLabel(t: TaxInput, locale: string): string {
  const pct = formatPercent(t.rate, locale)
  return t.name.trim() ? `${t.name.trim()} ${pct}` : pct
}

function isZero(value: DecimalString): boolean {
  try {
    return canonicalDecimal(value) === '0'
  } catch {
    return value.trim() === ''
  }
}

/** Builds the print model from a proposal; amounts come from the one calculator. */
export function toPdfModel(
  proposal: Proposal,
  settings: CompanySettings,
  logo: NormalizedLogo | null,
): PdfModel {
  const locale = settings.locale || 'en'
  const currency = proposal.currency
  const digits = minorDigits(currency)
  const calc = proposalTotals(proposal)
  const money = moneyFormatter(currency, locale)

  const lines: PdfLine[] = proposal.lines.map((line, i) => {
    const result = calc.lines[i]
    const amount = result ? (proposal.pricesIncludeTax ? result.gross : result.net) : 0
    return {
      position: i + 1,
      sku: line.sku,
      description: line.description,
      quantity: formatDecimal(line.quantity, locale),
      unit: line.unit,
      unitPrice: formatDecimal(line.unitPrice, locale, digits),
      discount: isZero(line.discountPercent) ? '' : formatPercent(line.discountPercent, locale),
      taxes: line.taxes.map((t) => formatPercent(t.rate, locale)).join(' + '),
      amount: money(amount),
      optional: line.optional,
    }
  })

  const t = calc.totals
  const totals: PdfTotals = {
    linesNet: money(t.linesNet),
    documentDiscount:
      t.documentDiscount !== 0
        ? {
            label: `Discount ${formatPercent(proposal.documentDiscountPercent, locale)}`,
            amount: money(-t.documentDiscount),
          }
        : null,
    net: money(t.net),
    taxes: t.taxes.map((entry) => ({
      label: taxLabel({ name: entry.name, rate: entry.rate }, locale),
      base: money(entry.base),
      amount: money(entry.tax),
    })),
    tax: money(t.tax),
    gross: money(t.gross),
    optionalNet: proposal.lines.some((l) => l.optional) ? money(t.optionalNet) : null,
    pricesIncludeTax: proposal.pricesIncludeTax,
  }

  return {
    templateVersion: TEMPLATE_VERSION,
    locale,
    creationDate: proposal.issueDate ? `${proposal.issueDate}T00:00:00.000Z` : proposal.createdAt,
    company: {
      name: settings.companyName,
      address: settings.address,
      email: settings.email,
      phone: settings.phone,
      website: settings.website,
      taxId: settings.taxId,
      paymentDetails: settings.paymentDetails,
    },
    logo,
    proposal: {
      number: proposal.number,
      revision: revisionLabel(proposal.revision),
      title: proposal.title,
      currency,
      issueDate: formatCalendarDate(proposal.issueDate, locale),
      validUntil: formatCalendarDate(proposal.validUntil, locale),
    },
    client: proposal.client
      ? {
          name: proposal.client.name,
          contactName: proposal.client.contactName,
          email: proposal.client.email,
          phone: proposal.client.phone,
          address: proposal.client.address,
          taxId: proposal.client.taxId,
        }
      : null,
    sections: proposal.sections.map((s) => ({ title: s.title, body: s.body })),
    lines,
    totals,
    terms: proposal.terms,
    notes: proposal.notes,
  }
}

/** Every string a user typed that ends up in the PDF (for the missing-glyph report). */
export function userStrings(model: PdfModel): string[] {
  const out: string[] = [
    ...Object.values(model.company),
    model.proposal.number,
    model.proposal.title,
    model.terms,
    model.notes,
  ]
  if (model.client) out.push(...Object.values(model.client))
  for (const s of model.sections) out.push(s.title, s.body)
  for (const l of model.lines) out.push(l.sku, l.description, l.unit)
  return out.filter((s) => s !== '')
}

export interface RendererIdentity {
  pdfmake: string
  pdfkit: string
  zlib: string
}

let rendererIdentity: RendererIdentity | null = null
/** Versions that can change the bytes of the same document (deflate output depends on zlib). */
export function rendererVersions(): RendererIdentity {
  if (rendererIdentity === null) {
    const require = createRequire(import.meta.url)
    const pdfmakePkg = require.resolve('pdfmake/package.json')
    const fromPdfmake = createRequire(pdfmakePkg)
    const version = (req: NodeJS.Require, id: string): string => {
      const v = (req(id) as { version?: unknown }).version
      return typeof v === 'string' ? v : 'unknown'
    }
    rendererIdentity = {
      pdfmake: version(require, 'pdfmake/package.json'),
      pdfkit: version(fromPdfmake, path.posix.join('pdfkit', 'package.json')),
      zlib: process.versions.zlib ?? 'unknown',
    }
  }
  return rendererIdentity
}

export function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex')
}

export function logoHash(logo: NormalizedLogo | null): string | null {
  if (logo === null) return null
  return sha256Hex(logo.kind === 'svg' ? `svg:${logo.svg}` : `img:${logo.dataUrl}`)
}

export interface CacheKeyInputs {
  fontsHash: string
  renderer?: RendererIdentity
}

/**
 * Content address of the PDF: SHA-256 over a canonical serialisation of everything that shapes
 * it. The logo enters as its hash so a large image does not have to be serialised twice.
 */
export function pdfCacheKey(model: PdfModel, inputs: CacheKeyInputs): string {
  const canonical = stringify({
    template: TEMPLATE_VERSION,
    model: { ...model, logo: logoHash(model.logo) },
    fonts: inputs.fontsHash,
    renderer: inputs.renderer ?? rendererVersions(),
  })
  if (canonical === undefined) throw new Error('PDF model is not serialisable')
  return sha256Hex(canonical)
}
