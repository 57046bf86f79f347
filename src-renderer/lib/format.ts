import { formatMoney as formatMoneyShared } from '../../src-shared/domain/decimal.ts'
import { isKnownCurrency, minorDigits } from '../../src-shared/domain/currency.ts'

/** The UI's locale for amounts and dates (the shared formatter takes it explicitly). */
export const UI_LOCALE = 'en'

export function money(minor: number, currency: string): string {
  if (!isKnownCurrency(currency)) return `${minor} ${currency}`
  return formatMoneyShared(minor, currency, UI_LOCALE)
}

/** "2026-12-03" → "3 Dec 2026" without a time zone shift. */
export function formatDate(date: string | null | undefined): string {
  if (!date) return '—'
  const [y, m, d] = date.slice(0, 10).split('-').map(Number)
  if (!y || !m || !d) return date
  return new Intl.DateTimeFormat(UI_LOCALE, {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(new Date(Date.UTC(y, m - 1, d)))
}

export function formatTimestamp(iso: string): string {
  const d = new Date(iso)
  if (Number.isNaN(d.getTime())) return iso
  return new Intl.DateTimeFormat(UI_LOCALE, { dateStyle: 'medium', timeStyle: 'short' }).format(d)
}

/** Today as a calendar date in the user's time zone. */
export function todayLocal(): string {
  const now = new Date()
  const mm = String(now.getMonth() + 1).padStart(2, '0')
  const dd = String(now.getDate()).padStart(2, '0')
  return `${now.getFullYear()}-${mm}-${dd}`
}

/** "1 line", "3 lines": a count with its noun in the right number. */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`
}

export function formatTaxes(taxes: readonly { name: string; rate: string }[]): string {
  if (taxes.length === 0) return '—'
  return taxes.map((t) => (t.name ? `${t.name} ${t.rate}%` : `${t.rate}%`)).join(', ')
}

/**
 * A unit price (decimal string, up to 6 places) for display: at least the currency's minor digits,
 * more when the price has them ("49.9" EUR → "49.90", "0.125" → "0.125"). Intl formats the string
 * exactly, so no float rounding happens.
 */
export function formatUnitPrice(value: string, currency: string): string {
  const digits = isKnownCurrency(currency) ? minorDigits(currency) : 2
  try {
    return new Intl.NumberFormat(UI_LOCALE, {
      minimumFractionDigits: digits,
      maximumFractionDigits: 6,
    }).format(value as `${number}`)
  } catch {
    return value
  }
}
