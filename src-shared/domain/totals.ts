/**
 * THE totals calculator. The editor, the PDF, the CLI, the database snapshot and sync all call
 * `calculateTotals`, so the screen and the printed proposal can never disagree.
 *
 * Rules (spec/interchange.md "Totals", research/reliability.md §A4):
 * - Discounts come off before tax (EU VAT Directive Art. 79): the line discount inside the line net,
 *   the document discount on the sum of line nets.
 * - `per-document` (default, EN 16931 BR-CO-17): round each line net, group the nets by tax
 *   (name, rate), compute and round the tax once per group.
 * - `per-line`: round each line's tax (per tax) and sum them.
 * - Several taxes on one line are each computed on the line net, never on another tax.
 * - Optional lines are computed for display but never totalled.
 * - Every rounding is to the currency's minor unit with one named, symmetric mode
 *   (half away from zero by default, or half-even), so negating every quantity negates every total.
 *
 * Document discount allocation: the discount (rounded once on the sum of line nets) is split over
 * the lines' *tax classes* (lines sharing the same set of taxes) in proportion to their nets, with a
 * largest-remainder split so the parts sum exactly to the discounted net; each class's part is then
 * split over its lines the same way. A tax group's base is the sum of the discounted parts of the
 * classes carrying that tax. Because per-line rounding uses the same split, per-line and
 * per-document can differ only by rounding (at most one minor unit per line and tax).
 *
 * Tax-inclusive prices (`pricesIncludeTax`): the amount the customer was quoted is gross. Each line's
 * gross is round(quantity × price × (1 − discount)); the document discount is taken off the gross.
 * For each unit of rounding (a tax class for `per-document`, a line for `per-line`) the net N is the
 * unique integer with N + Σ round(N × rate) = gross, i.e. the forward calculation reproduces the
 * quoted gross exactly. When no such integer exists (the forward function skips a value, e.g. at
 * 19 % some grosses are unreachable), N = round(gross / (1 + Σ rates)) and the one-unit difference
 * is put on the largest tax, so net + tax always equals the quoted gross.
 * Limitation: with inclusive prices and `per-document`, a tax shared by lines whose tax *sets* differ
 * (e.g. VAT alone on one line, VAT + levy on another) is rounded once per set, not once per tax.
 *
 * Zero-rate choice: lines without any tax entry do not appear in `totals.taxes`; a line with an
 * explicit tax of rate "0" does (a 0 % group with its base), as EN 16931 expects for exempt lines.
 * A tax listed twice (same name and rate) on one line counts once.
 */
import type {
  CalcInput,
  CalcLineInput,
  CalcLineResult,
  CalcResult,
  DecimalString,
  MinorUnits,
  RoundingMode,
  TaxBreakdownEntry,
  TaxInput,
  TaxRounding,
} from './money.types.ts'
import { minorDigits } from './currency.ts'
import { addMinor, canonicalDecimal, Dec, parseDecimal, roundToInteger } from './decimal.ts'

interface PreparedTax {
  key: string
  name: string
  /** Canonical decimal string ("19", "9.975"). */
  rate: DecimalString
  /** rate / 100 */
  fraction: Dec
}

interface PreparedLine {
  index: number
  optional: boolean
  taxes: PreparedTax[]
  classKey: string
  /** Sum of tax fractions. */
  totalFraction: Dec
  /** Exclusive prices: the line net. Inclusive prices: the line gross. Minor units. */
  amount: MinorUnits
}

interface TaxClass {
  key: string
  taxes: PreparedTax[]
  totalFraction: Dec
  lines: PreparedLine[]
  amount: MinorUnits
}

interface GroupAccumulator {
  tax: PreparedTax
  base: MinorUnits
  /** Per-line or inclusive: summed rounded taxes. Per-document exclusive: computed from `base`. */
  taxSum: MinorUnits
}

const ZERO = new Dec(0)
const ONE = new Dec(1)
const HUNDRED = new Dec(100)

function prepareTaxes(taxes: TaxInput[]): PreparedTax[] {
  const byKey = new Map<string, PreparedTax>()
  for (const t of taxes) {
    const rate = canonicalDecimal(t.rate)
    const key = JSON.stringify([t.name, rate])
    if (!byKey.has(key)) {
      byKey.set(key, { key, name: t.name, rate, fraction: parseDecimal(rate).div(HUNDRED) })
    }
  }
  return [...byKey.values()].sort((a, b) => compareStrings(a.key, b.key))
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

function lineAmount(line: CalcLineInput, scale: Dec, mode: RoundingMode): MinorUnits {
  const quantity = parseDecimal(line.quantity)
  const price = parseDecimal(line.unitPrice)
  const discount = parseDecimal(line.discountPercent)
  const raw = quantity
    .times(price)
    .times(ONE.minus(discount.div(HUNDRED)))
    .times(scale)
  return roundToInteger(raw, mode)
}

function sum(values: Iterable<MinorUnits>): MinorUnits {
  let total = 0
  for (const v of values) total = addMinor(total, v)
  return total
}

/**
 * Splits `total` into integers close to the `exact` shares, summing exactly to `total`.
 * Each share is rounded to nearest first; the leftover units go to the shares that were rounded
 * the furthest in the opposite direction (largest remainder). Symmetric about zero, so negating the
 * total and the shares negates the result; ties are broken by size and then `tieKeys`, never by sign.
 */
export function allocateLargestRemainder(
  total: MinorUnits,
  exact: Dec[],
  tieKeys: string[],
): MinorUnits[] {
  const rounded = exact.map((e) => roundToInteger(e))
  let leftover = total - sum(rounded)
  if (leftover === 0 || exact.length === 0) return rounded
  const residual = exact.map((e, i) => e.minus(rounded[i] ?? 0))
  const step = leftover > 0 ? 1 : -1
  const order = exact
    .map((_, i) => i)
    .sort((a, b) => {
      const ra = residual[a] ?? ZERO
      const rb = residual[b] ?? ZERO
      // leftover > 0: give units to the most under-rounded shares (largest residual) first.
      const byResidual = step > 0 ? rb.comparedTo(ra) : ra.comparedTo(rb)
      if (byResidual !== 0) return byResidual
      const bySize = (exact[b] ?? ZERO).abs().comparedTo((exact[a] ?? ZERO).abs())
      if (bySize !== 0) return bySize
      return compareStrings(tieKeys[a] ?? '', tieKeys[b] ?? '')
    })
  const result = [...rounded]
  for (let k = 0; leftover !== 0; k = (k + 1) % order.length) {
    const i = order[k] ?? 0
    result[i] = (result[i] ?? 0) + step
    leftover -= step
  }
  return result.map((v) => (v === 0 ? 0 : v))
}

interface Solved {
  net: MinorUnits
  /** In the order of the taxes passed in. */
  taxes: MinorUnits[]
}

/**
 * Tax-inclusive: finds the net whose forward-computed taxes add up to exactly `gross`.
 * Solved on |gross| and negated, so credit lines mirror debit lines exactly.
 */
function solveInclusive(
  gross: MinorUnits,
  taxes: PreparedTax[],
  totalFraction: Dec,
  mode: RoundingMode,
): Solved {
  if (gross < 0) {
    const s = solveInclusive(-gross, taxes, totalFraction, mode)
    return { net: negate(s.net), taxes: s.taxes.map(negate) }
  }
  if (taxes.length === 0) return { net: gross, taxes: [] }
  const forward = (net: number): MinorUnits[] =>
    taxes.map((t) => roundToInteger(new Dec(net).times(t.fraction), mode))
  const estimate = roundToInteger(new Dec(gross).div(ONE.plus(totalFraction)), mode)
  // f(n) = n + Σ round(n × rate) is strictly increasing and within ±taxes/2 of n × (1 + Σ rates),
  // so any solution lies within taxes.length + 1 of the estimate.
  const reach = taxes.length + 1
  for (let d = 0; d <= reach; d++) {
    for (const candidate of d === 0 ? [estimate] : [estimate - d, estimate + d]) {
      const t = forward(candidate)
      if (candidate + sum(t) === gross) return { net: candidate, taxes: t }
    }
  }
  const t = forward(estimate)
  const diff = gross - estimate - sum(t)
  let largest = 0
  taxes.forEach((tax, i) => {
    const current = taxes[largest]
    if (current && tax.fraction.greaterThan(current.fraction)) largest = i
  })
  t[largest] = (t[largest] ?? 0) + diff
  return { net: estimate, taxes: t }
}

function negate(n: number): number {
  return n === 0 ? 0 : -n
}

function roundedTaxes(net: MinorUnits, taxes: PreparedTax[], mode: RoundingMode): MinorUnits[] {
  return taxes.map((t) => roundToInteger(new Dec(net).times(t.fraction), mode))
}

function unroundedTaxTotal(net: MinorUnits, totalFraction: Dec, mode: RoundingMode): MinorUnits {
  return roundToInteger(new Dec(net).times(totalFraction), mode)
}

export function calculateTotals(input: CalcInput): CalcResult {
  const mode: RoundingMode = input.roundingMode ?? 'half-away-from-zero'
  const digits = minorDigits(input.currency)
  const scale = new Dec(10).pow(digits)
  const documentDiscountPercent = parseDecimal(input.documentDiscountPercent)
  const inclusive = input.pricesIncludeTax
  const perLine: boolean = input.taxRounding === 'per-line'

  const prepared: PreparedLine[] = input.lines.map((line, index) => {
    const taxes = prepareTaxes(line.taxes)
    return {
      index,
      optional: line.optional,
      taxes,
      classKey: JSON.stringify(taxes.map((t) => t.key)),
      totalFraction: taxes.reduce((acc, t) => acc.plus(t.fraction), ZERO),
      amount: lineAmount(line, scale, mode),
    }
  })
  const counted = prepared.filter((l) => !l.optional)

  // Document discount, rounded once on the sum, then split over classes and lines.
  const linesAmount = sum(counted.map((l) => l.amount))
  const discount = roundToInteger(
    new Dec(linesAmount).times(documentDiscountPercent).div(HUNDRED),
    mode,
  )
  const classes = new Map<string, TaxClass>()
  for (const line of counted) {
    let c = classes.get(line.classKey)
    if (!c) {
      c = {
        key: line.classKey,
        taxes: line.taxes,
        totalFraction: line.totalFraction,
        lines: [],
        amount: 0,
      }
      classes.set(line.classKey, c)
    }
    c.lines.push(line)
    c.amount = addMinor(c.amount, line.amount)
  }
  const classList = [...classes.values()].sort((a, b) => compareStrings(a.key, b.key))
  const exactShare = (amount: MinorUnits): Dec =>
    linesAmount === 0 ? ZERO : new Dec(discount).times(amount).div(linesAmount)
  const classDiscounts = allocateLargestRemainder(
    discount,
    classList.map((c) => exactShare(c.amount)),
    classList.map((c) => c.key),
  )
  /** Discounted amount per line index (net, or gross for inclusive prices). */
  const discountedAmount = new Map<number, MinorUnits>()
  const classDiscounted = new Map<string, MinorUnits>()
  classList.forEach((c, ci) => {
    const classDiscount = classDiscounts[ci] ?? 0
    classDiscounted.set(c.key, c.amount - classDiscount)
    const parts = allocateLargestRemainder(
      classDiscount,
      c.lines.map((l) => exactShare(l.amount)),
      c.lines.map((l) => String(l.index).padStart(12, '0')),
    )
    c.lines.forEach((l, li) => discountedAmount.set(l.index, l.amount - (parts[li] ?? 0)))
  })

  const groups = new Map<string, GroupAccumulator>()
  const addToGroup = (tax: PreparedTax, base: MinorUnits, taxAmount: MinorUnits): void => {
    let g = groups.get(tax.key)
    if (!g) {
      g = { tax, base: 0, taxSum: 0 }
      groups.set(tax.key, g)
    }
    g.base = addMinor(g.base, base)
    g.taxSum = addMinor(g.taxSum, taxAmount)
  }

  const lineResults: CalcLineResult[] = new Array<CalcLineResult>(prepared.length)
  const setLine = (
    l: PreparedLine,
    net: MinorUnits,
    discountedNet: MinorUnits,
    tax: MinorUnits,
  ): void => {
    lineResults[l.index] = {
      net,
      tax,
      gross: addMinor(net, tax),
      discountedNet,
      optional: l.optional,
    }
  }

  // Optional lines: shown with their own amounts, no document discount, never totalled.
  for (const l of prepared) {
    if (!l.optional) continue
    if (inclusive) {
      const s = solveInclusive(l.amount, l.taxes, l.totalFraction, mode)
      setLine(l, s.net, s.net, sum(s.taxes))
    } else {
      const tax = perLine
        ? sum(roundedTaxes(l.amount, l.taxes, mode))
        : unroundedTaxTotal(l.amount, l.totalFraction, mode)
      setLine(l, l.amount, l.amount, tax)
    }
  }

  let linesNet: MinorUnits
  let net: MinorUnits
  if (!inclusive) {
    linesNet = linesAmount
    net = linesAmount - discount
    for (const l of counted) {
      const discountedNet = discountedAmount.get(l.index) ?? l.amount
      if (perLine) {
        const taxes = roundedTaxes(discountedNet, l.taxes, mode)
        l.taxes.forEach((t, i) => addToGroup(t, discountedNet, taxes[i] ?? 0))
        setLine(l, l.amount, discountedNet, sum(taxes))
      } else {
        // Display only: per-document totals never sum line taxes.
        setLine(l, l.amount, discountedNet, unroundedTaxTotal(discountedNet, l.totalFraction, mode))
      }
    }
    if (!perLine) {
      for (const c of classList) {
        const base = classDiscounted.get(c.key) ?? c.amount
        for (const t of c.taxes) addToGroup(t, base, 0)
      }
      for (const g of groups.values()) {
        g.taxSum = roundToInteger(new Dec(g.base).times(g.tax.fraction), mode)
      }
    }
  } else if (perLine) {
    linesNet = 0
    net = 0
    for (const l of counted) {
      const undiscounted = solveInclusive(l.amount, l.taxes, l.totalFraction, mode)
      const grossAfterDiscount = discountedAmount.get(l.index) ?? l.amount
      const s = solveInclusive(grossAfterDiscount, l.taxes, l.totalFraction, mode)
      l.taxes.forEach((t, i) => addToGroup(t, s.net, s.taxes[i] ?? 0))
      setLine(l, undiscounted.net, s.net, sum(s.taxes))
      linesNet = addMinor(linesNet, undiscounted.net)
      net = addMinor(net, s.net)
    }
  } else {
    linesNet = 0
    net = 0
    for (const c of classList) {
      const grossAfterDiscount = classDiscounted.get(c.key) ?? c.amount
      const undiscounted = solveInclusive(c.amount, c.taxes, c.totalFraction, mode)
      const s = solveInclusive(grossAfterDiscount, c.taxes, c.totalFraction, mode)
      c.taxes.forEach((t, i) => addToGroup(t, s.net, s.taxes[i] ?? 0))
      linesNet = addMinor(linesNet, undiscounted.net)
      net = addMinor(net, s.net)
      // Split the class nets over its lines in proportion to their gross.
      const divisor = ONE.plus(c.totalFraction)
      const keys = c.lines.map((l) => String(l.index).padStart(12, '0'))
      const lineNets = allocateLargestRemainder(
        undiscounted.net,
        c.lines.map((l) => new Dec(l.amount).div(divisor)),
        keys,
      )
      const lineGrossAfter = c.lines.map((l) => discountedAmount.get(l.index) ?? l.amount)
      const lineNetsAfter = allocateLargestRemainder(
        s.net,
        lineGrossAfter.map((g) => new Dec(g).div(divisor)),
        keys,
      )
      c.lines.forEach((l, li) => {
        const discountedNet = lineNetsAfter[li] ?? 0
        setLine(l, lineNets[li] ?? 0, discountedNet, (lineGrossAfter[li] ?? 0) - discountedNet)
      })
    }
  }

  const taxes: TaxBreakdownEntry[] = [...groups.values()]
    .sort((a, b) => {
      const byName = compareStrings(a.tax.name, b.tax.name)
      if (byName !== 0) return byName
      // Higher rates first, as invoices usually list them.
      return b.tax.fraction.comparedTo(a.tax.fraction)
    })
    .map((g) => ({ name: g.tax.name, rate: g.tax.rate, base: g.base, tax: g.taxSum }))
  const tax = sum(taxes.map((t) => t.tax))
  const optionalNet = sum(
    prepared.filter((l) => l.optional).map((l) => lineResults[l.index]?.net ?? 0),
  )

  return {
    currency: input.currency,
    minorDigits: digits,
    lines: lineResults,
    totals: {
      linesNet,
      documentDiscount: linesNet - net,
      net,
      tax,
      gross: addMinor(net, tax),
      taxes,
      optionalNet,
    },
  }
}

/** The subset of a proposal (or a proposal being edited) that decides its totals. */
export interface ProposalMoneyFields {
  currency: string
  lines: readonly {
    quantity: DecimalString
    unitPrice: DecimalString
    discountPercent?: DecimalString | undefined
    taxes: readonly TaxInput[]
    optional?: boolean | undefined
  }[]
  documentDiscountPercent?: DecimalString | undefined
  taxRounding?: TaxRounding | undefined
  pricesIncludeTax?: boolean | undefined
}

export function calcInputFromProposal(
  p: ProposalMoneyFields,
  roundingMode?: RoundingMode,
): CalcInput {
  return {
    currency: p.currency,
    lines: p.lines.map((l) => ({
      quantity: l.quantity,
      unitPrice: l.unitPrice,
      discountPercent: l.discountPercent ?? '0',
      taxes: l.taxes.map((t) => ({ name: t.name, rate: t.rate })),
      optional: l.optional ?? false,
    })),
    documentDiscountPercent: p.documentDiscountPercent ?? '0',
    taxRounding: p.taxRounding ?? 'per-document',
    pricesIncludeTax: p.pricesIncludeTax ?? false,
    ...(roundingMode ? { roundingMode } : {}),
  }
}

export function proposalTotals(p: ProposalMoneyFields, roundingMode?: RoundingMode): CalcResult {
  return calculateTotals(calcInputFromProposal(p, roundingMode))
}
