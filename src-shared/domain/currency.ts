/**
 * ISO 4217 currencies and their minor-unit digits. The minor unit decides how every amount is
 * rounded and stored (integer minor units), so this table is the single source for it.
 *
 * Deliberately not taken from `Intl.NumberFormat#resolvedOptions()`: CLDR disagrees with ISO 4217
 * for some codes (e.g. IQD has 3 ISO digits but 0 in CLDR), and stored amounts must follow ISO.
 */

const ZERO_DIGIT = [
  'BIF',
  'CLP',
  'DJF',
  'GNF',
  'ISK',
  'JPY',
  'KMF',
  'KRW',
  'PYG',
  'RWF',
  'UGX',
  'VND',
  'VUV',
  'XAF',
  'XOF',
  'XPF',
] as const

const THREE_DIGIT = ['BHD', 'IQD', 'JOD', 'KWD', 'LYD', 'OMR', 'TND'] as const

/** Active ISO 4217 codes with a 2-digit minor unit. */
// prettier-ignore
const TWO_DIGIT = [
  'AED', 'AFN', 'ALL', 'AMD', 'ANG', 'AOA', 'ARS', 'AUD', 'AWG', 'AZN', 'BAM', 'BBD', 'BDT', 'BGN',
  'BMD', 'BND', 'BOB', 'BRL', 'BSD', 'BTN', 'BWP', 'BYN', 'BZD', 'CAD', 'CDF', 'CHF', 'CNY', 'COP',
  'CRC', 'CUP', 'CVE', 'CZK', 'DKK', 'DOP', 'DZD', 'EGP', 'ERN', 'ETB', 'EUR', 'FJD', 'FKP', 'GBP',
  'GEL', 'GHS', 'GIP', 'GMD', 'GTQ', 'GYD', 'HKD', 'HNL', 'HTG', 'HUF', 'IDR', 'ILS', 'INR', 'IRR',
  'JMD', 'KES', 'KGS', 'KHR', 'KPW', 'KYD', 'KZT', 'LAK', 'LBP', 'LKR', 'LRD', 'LSL', 'MAD', 'MDL',
  'MGA', 'MKD', 'MMK', 'MNT', 'MOP', 'MRU', 'MUR', 'MVR', 'MWK', 'MXN', 'MYR', 'MZN', 'NAD', 'NGN',
  'NIO', 'NOK', 'NPR', 'NZD', 'PAB', 'PEN', 'PGK', 'PHP', 'PKR', 'PLN', 'QAR', 'RON', 'RSD', 'RUB',
  'SAR', 'SBD', 'SCR', 'SDG', 'SEK', 'SGD', 'SHP', 'SLE', 'SOS', 'SRD', 'SSP', 'STN', 'SVC', 'SYP',
  'SZL', 'THB', 'TJS', 'TMT', 'TOP', 'TRY', 'TTD', 'TWD', 'TZS', 'UAH', 'USD', 'UYU', 'UZS', 'VES',
  'WST', 'XCD', 'XCG', 'YER', 'ZAR', 'ZMW', 'ZWG',
] as const

const DIGITS: ReadonlyMap<string, number> = new Map<string, number>([
  ...ZERO_DIGIT.map((c) => [c, 0] as const),
  ...TWO_DIGIT.map((c) => [c, 2] as const),
  ...THREE_DIGIT.map((c) => [c, 3] as const),
])

/** Every known code, sorted, for pickers. */
export const CURRENCY_CODES: readonly string[] = [...DIGITS.keys()].sort()

/** Shown first in pickers. */
export const COMMON_CURRENCY_CODES: readonly string[] = [
  'EUR',
  'USD',
  'GBP',
  'CHF',
  'CAD',
  'AUD',
  'JPY',
  'CNY',
  'SEK',
  'NOK',
  'DKK',
  'PLN',
  'CZK',
  'INR',
  'BRL',
  'MXN',
]

export function isKnownCurrency(code: string): boolean {
  return DIGITS.has(code)
}

/** Minor-unit digits (0, 2 or 3). Throws for an unknown code: guessing would mis-store amounts. */
export function minorDigits(code: string): number {
  const digits = DIGITS.get(code)
  if (digits === undefined) throw new RangeError(`Unknown currency code: ${JSON.stringify(code)}`)
  return digits
}

export interface CurrencyOption {
  code: string
  /** Localised name when the runtime knows it, else the code. */
  name: string
  minorDigits: number
}

/** Picker entries: the common currencies first, then every other code alphabetically. */
export function currencyOptions(locale = 'en'): CurrencyOption[] {
  let names: Intl.DisplayNames | null = null
  try {
    names = new Intl.DisplayNames([locale], { type: 'currency' })
  } catch {
    names = null
  }
  const rest = CURRENCY_CODES.filter((c) => !COMMON_CURRENCY_CODES.includes(c))
  return [...COMMON_CURRENCY_CODES, ...rest].map((code) => ({
    code,
    name: names?.of(code) ?? code,
    minorDigits: minorDigits(code),
  }))
}
