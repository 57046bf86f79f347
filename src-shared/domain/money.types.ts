/**
 * Money and totals types shared by the editor, the PDF, the CLI, the database snapshot and sync.
 *
 * Representation rules (architecture.md "Data"):
 * - amounts that are *results* (line nets, taxes, totals) are integer minor units (`number`, always a
 *   safe integer) together with an ISO 4217 currency code;
 * - amounts that are *inputs* (quantity, unit price, percentages, tax rates) are decimal strings
 *   (`"2.25"`, `"-1"`, `"9.975"`, `"0.125"`) and never pass through a binary float.
 */

/** A decimal number written as a string: optional sign, digits, optional fraction. */
export type DecimalString = string

/** Integer amount in the currency's minor unit (cents for EUR, yen for JPY, fils for KWD). */
export type MinorUnits = number

export type TaxRounding = 'per-document' | 'per-line'

/** Rounding mode used for every rounding step. Default: half away from zero (symmetric). */
export type RoundingMode = 'half-away-from-zero' | 'half-even'

export interface TaxInput {
  /** Empty string for a plain `taxRate`. */
  name: string
  /** Percent as a decimal string, e.g. "19" or "9.975". */
  rate: DecimalString
}

export interface CalcLineInput {
  quantity: DecimalString
  /** Major units, up to 6 decimal places. Net or gross depending on `pricesIncludeTax`. */
  unitPrice: DecimalString
  /** 0–100. */
  discountPercent: DecimalString
  taxes: TaxInput[]
  /** Optional lines are shown but not totalled. */
  optional: boolean
}

export interface CalcInput {
  currency: string
  lines: CalcLineInput[]
  documentDiscountPercent: DecimalString
  taxRounding: TaxRounding
  pricesIncludeTax: boolean
  roundingMode?: RoundingMode
}

export interface CalcLineResult {
  /** quantity × unit price less the line discount, rounded to the minor unit (net of tax). */
  net: MinorUnits
  /** The line's tax rounded (meaningful for per-line rounding; for per-document it is the line's
   * unrounded share rounded for display only and is NOT summed into totals). */
  tax: MinorUnits
  /** net + tax for display. */
  gross: MinorUnits
  /** The line's share of the net after the document discount (equals `net` without one). The line's
   * `tax` is computed on this amount. Optional lines never get a document discount. */
  discountedNet: MinorUnits
  optional: boolean
}

export interface TaxBreakdownEntry {
  name: string
  rate: DecimalString
  /** Taxable base after the document discount. */
  base: MinorUnits
  tax: MinorUnits
}

export interface CalcTotals {
  /** Sum of non-optional line nets, before the document discount. */
  linesNet: MinorUnits
  /** Document discount amount (positive number reduces the net). */
  documentDiscount: MinorUnits
  /** linesNet − documentDiscount. */
  net: MinorUnits
  tax: MinorUnits
  /** net + tax. */
  gross: MinorUnits
  taxes: TaxBreakdownEntry[]
  /** Sum of optional lines' nets (shown, not totalled). */
  optionalNet: MinorUnits
}

export interface CalcResult {
  currency: string
  /** Minor-unit digits of the currency (0, 2 or 3). */
  minorDigits: number
  lines: CalcLineResult[]
  totals: CalcTotals
}
