import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import type {
  CalcInput,
  CalcLineInput,
  RoundingMode,
  TaxInput,
  TaxRounding,
} from './money.types.ts'
import { calculateTotals, calcInputFromProposal, proposalTotals } from './totals.ts'

const VAT = (rate: string): TaxInput[] => [{ name: '', rate }]

function line(
  unitPrice: string,
  taxes: TaxInput[],
  extra: Partial<CalcLineInput> = {},
): CalcLineInput {
  return { quantity: '1', unitPrice, discountPercent: '0', taxes, optional: false, ...extra }
}

function input(lines: CalcLineInput[], extra: Partial<CalcInput> = {}): CalcInput {
  return {
    currency: 'EUR',
    lines,
    documentDiscountPercent: '0',
    taxRounding: 'per-document',
    pricesIncludeTax: false,
    ...extra,
  }
}

describe('calculateTotals: exact values', () => {
  const threeLines = [
    line('299.33', VAT('20')),
    line('179.33', VAT('20')),
    line('99.34', VAT('20')),
  ]

  it('rounds the tax once per group per-document (115.60) and per line per-line (115.61)', () => {
    const doc = calculateTotals(input(threeLines))
    expect(doc.totals.net).toBe(57800)
    expect(doc.totals.tax).toBe(11560)
    expect(doc.totals.gross).toBe(69360)
    expect(doc.totals.taxes).toEqual([{ name: '', rate: '20', base: 57800, tax: 11560 }])

    const perLine = calculateTotals(input(threeLines, { taxRounding: 'per-line' }))
    expect(perLine.totals.tax).toBe(11561)
    expect(perLine.lines.map((l) => l.tax)).toEqual([5987, 3587, 1987])
    expect(perLine.totals.taxes).toEqual([{ name: '', rate: '20', base: 57800, tax: 11561 }])
  })

  it('computes 138.66 at 19 % as tax 26.35 and gross 165.01', () => {
    const r = calculateTotals(input([line('138.66', VAT('19'))]))
    expect(r.totals).toMatchObject({ net: 13866, tax: 2635, gross: 16501 })
    expect(r.lines[0]).toMatchObject({ net: 13866, tax: 2635, gross: 16501, discountedNet: 13866 })
  })

  it('takes a 10 % line discount off before 20 % tax: gross 108.00', () => {
    const r = calculateTotals(input([line('100.00', VAT('20'), { discountPercent: '10' })]))
    expect(r.lines[0]?.net).toBe(9000)
    expect(r.totals).toMatchObject({ linesNet: 9000, documentDiscount: 0, net: 9000, tax: 1800 })
    expect(r.totals.gross).toBe(10800)
  })

  it('takes a 10 % document discount off before 20 % tax: gross 108.00', () => {
    for (const taxRounding of ['per-document', 'per-line'] as const) {
      const r = calculateTotals(
        input([line('100.00', VAT('20'))], { documentDiscountPercent: '10', taxRounding }),
      )
      expect(r.lines[0]).toMatchObject({ net: 10000, discountedNet: 9000, tax: 1800 })
      expect(r.totals).toMatchObject({ linesNet: 10000, documentDiscount: 1000, net: 9000 })
      expect(r.totals.tax).toBe(1800)
      expect(r.totals.gross).toBe(10800)
      expect(r.totals.taxes).toEqual([{ name: '', rate: '20', base: 9000, tax: 1800 }])
    }
  })

  it('computes 55.55 + 11.11 at 23 % as 15.33 per-document and 15.34 per-line', () => {
    const lines = [line('55.55', VAT('23')), line('11.11', VAT('23'))]
    expect(calculateTotals(input(lines)).totals.tax).toBe(1533)
    expect(calculateTotals(input(lines, { taxRounding: 'per-line' })).totals.tax).toBe(1534)
  })

  it('computes GST 5 % and QST 9.975 % each on the net, never compounded (Quebec)', () => {
    const taxes = [
      { name: 'GST', rate: '5' },
      { name: 'QST', rate: '9.975' },
    ]
    const r = calculateTotals(input([line('249.99', taxes)], { currency: 'CAD' }))
    // GST 12.4995 → 12.50; QST 24.9365025 → 24.94 (on the net, not on net + GST)
    expect(r.totals.taxes).toEqual([
      { name: 'GST', rate: '5', base: 24999, tax: 1250 },
      { name: 'QST', rate: '9.975', base: 24999, tax: 2494 },
    ])
    expect(r.totals).toMatchObject({ net: 24999, tax: 3744, gross: 28743 })
  })

  it('uses 0 minor digits for JPY', () => {
    const r = calculateTotals(
      input([line('1234', VAT('10'), { quantity: '3' }), line('0.4', [], { quantity: '1' })], {
        currency: 'JPY',
      }),
    )
    expect(r.minorDigits).toBe(0)
    expect(r.lines.map((l) => l.net)).toEqual([3702, 0])
    expect(r.totals).toMatchObject({ net: 3702, tax: 370, gross: 4072 })
  })

  it('uses 3 minor digits for KWD, rounding half away from zero or half-even', () => {
    const lines = [line('1.2345', VAT('5'))]
    const away = calculateTotals(input(lines, { currency: 'KWD' }))
    expect(away.minorDigits).toBe(3)
    expect(away.totals).toMatchObject({ net: 1235, tax: 62, gross: 1297 })
    const even = calculateTotals(input(lines, { currency: 'KWD', roundingMode: 'half-even' }))
    expect(even.totals).toMatchObject({ net: 1234, tax: 62, gross: 1296 })
  })

  it('rounds ties half-even when chosen and half away from zero by default', () => {
    const lines = [line('0.125', []), line('-0.125', [])]
    expect(calculateTotals(input(lines)).lines.map((l) => l.net)).toEqual([13, -13])
    const even = calculateTotals(input(lines, { roundingMode: 'half-even' }))
    expect(even.lines.map((l) => l.net)).toEqual([12, -12])
  })

  it('handles negative quantities symmetrically (credit lines)', () => {
    const r = calculateTotals(input([line('138.66', VAT('19'), { quantity: '-1' })]))
    expect(r.totals).toMatchObject({ net: -13866, tax: -2635, gross: -16501 })
    const mixed = calculateTotals(
      input([
        line('100', VAT('20'), { quantity: '2' }),
        line('100', VAT('20'), { quantity: '-0.5' }),
      ]),
    )
    expect(mixed.totals).toMatchObject({ net: 15000, tax: 3000, gross: 18000 })
  })

  it('derives net 100.00 and tax 19.00 from a tax-inclusive 119.00 at 19 %', () => {
    for (const taxRounding of ['per-document', 'per-line'] as const) {
      const r = calculateTotals(
        input([line('119.00', VAT('19'))], { pricesIncludeTax: true, taxRounding }),
      )
      expect(r.totals).toMatchObject({ net: 10000, tax: 1900, gross: 11900 })
      expect(r.lines[0]).toMatchObject({ net: 10000, tax: 1900, gross: 11900 })
    }
  })

  it('keeps the quoted gross when no net reproduces it (1.03 at 19 %)', () => {
    // 0.86 + round(0.1634) = 1.02 and 0.87 + round(0.1653) = 1.04: 1.03 is unreachable forward.
    const r = calculateTotals(input([line('1.03', VAT('19'))], { pricesIncludeTax: true }))
    expect(r.totals).toMatchObject({ net: 87, tax: 16, gross: 103 })
  })

  it('derives tax-inclusive nets per tax group with several lines', () => {
    const r = calculateTotals(
      input([line('59.50', VAT('19')), line('59.50', VAT('19')), line('10.70', VAT('7'))], {
        pricesIncludeTax: true,
      }),
    )
    expect(r.totals).toMatchObject({ net: 11000, tax: 1970, gross: 12970 })
    expect(r.totals.taxes).toEqual([
      { name: '', rate: '19', base: 10000, tax: 1900 },
      { name: '', rate: '7', base: 1000, tax: 70 },
    ])
    expect(r.lines.map((l) => l.net)).toEqual([5000, 5000, 1000])
  })

  it('shows optional lines without totalling them', () => {
    const r = calculateTotals(
      input([line('100', VAT('20')), line('50', VAT('20'), { optional: true })]),
    )
    expect(r.lines[1]).toMatchObject({ net: 5000, tax: 1000, gross: 6000, optional: true })
    expect(r.totals).toMatchObject({ net: 10000, tax: 2000, gross: 12000, optionalNet: 5000 })
    expect(r.totals.taxes).toEqual([{ name: '', rate: '20', base: 10000, tax: 2000 }])
  })

  it('lists an explicit 0 % tax but not lines without any tax', () => {
    const r = calculateTotals(
      input([line('10', VAT('0')), line('5', []), line('20', VAT('19.00'))]),
    )
    expect(r.totals.taxes).toEqual([
      { name: '', rate: '19', base: 2000, tax: 380 },
      { name: '', rate: '0', base: 1000, tax: 0 },
    ])
    expect(r.totals.net).toBe(3500)
  })

  it('splits a document discount over tax groups so the bases sum to the discounted net', () => {
    const r = calculateTotals(
      input([line('10.01', VAT('19')), line('10.01', VAT('7')), line('10.01', VAT('0'))], {
        documentDiscountPercent: '33.3',
      }),
    )
    // 30.03 × 33.3 % = 10.0000 → discount 10.00, net 20.03 split 6.68 + 6.68 + 6.67 (largest remainder)
    expect(r.totals).toMatchObject({ linesNet: 3003, documentDiscount: 1000, net: 2003 })
    const bases = r.totals.taxes.map((t) => t.base)
    expect(bases.reduce((a, b) => a + b, 0)).toBe(2003)
    expect([...bases].sort()).toEqual([667, 668, 668])
  })

  it('rejects amounts beyond the safe integer range with a clear error', () => {
    expect(() => calculateTotals(input([line('99999999999999999', [])]))).toThrow(/out of range/)
  })

  it('rejects an unknown currency and malformed decimals', () => {
    expect(() => calculateTotals(input([], { currency: 'XXX' }))).toThrow(/Unknown currency/)
    expect(() => calculateTotals(input([line('1e3', [])]))).toThrow(/Not a decimal/)
  })

  it('maps a proposal-like object with defaults', () => {
    const p = {
      currency: 'EUR',
      lines: [{ quantity: '2', unitPrice: '10', taxes: VAT('10') }],
    }
    expect(calcInputFromProposal(p)).toEqual({
      currency: 'EUR',
      lines: [
        { quantity: '2', unitPrice: '10', discountPercent: '0', taxes: VAT('10'), optional: false },
      ],
      documentDiscountPercent: '0',
      taxRounding: 'per-document',
      pricesIncludeTax: false,
    })
    expect(proposalTotals(p).totals.gross).toBe(2200)
  })
})

// ---------------------------------------------------------------------------------------------
// Property tests

const TAX_CHOICES: TaxInput[] = [
  { name: '', rate: '19' },
  { name: '', rate: '7' },
  { name: '', rate: '20' },
  { name: '', rate: '0' },
  { name: 'GST', rate: '5' },
  { name: 'QST', rate: '9.975' },
  { name: 'VAT', rate: '23' },
]

const decimalArb = (maxInt: number, maxScale: number, allowNegative: boolean) =>
  fc
    .tuple(
      fc.integer({ min: allowNegative ? -maxInt : 0, max: maxInt }),
      fc.integer({ min: 0, max: maxScale }),
    )
    .map(([n, scale]) => {
      const negative = n < 0
      const digits = String(Math.abs(n)).padStart(scale + 1, '0')
      const body = scale === 0 ? digits : `${digits.slice(0, -scale)}.${digits.slice(-scale)}`
      return negative ? `-${body}` : body
    })

const percentArb = fc
  .tuple(fc.integer({ min: 0, max: 100 }), fc.integer({ min: 0, max: 99 }))
  .map(([i, f]) => (i === 100 ? '100' : `${i}.${String(f).padStart(2, '0')}`))

const lineArb = (taxesArb: fc.Arbitrary<TaxInput[]>): fc.Arbitrary<CalcLineInput> =>
  fc.record({
    quantity: decimalArb(100_000, 3, true),
    unitPrice: decimalArb(10_000_000, 4, false),
    discountPercent: fc.oneof(fc.constant('0'), percentArb),
    taxes: taxesArb,
    optional: fc.boolean(),
  })

const anyTaxes = fc.subarray(TAX_CHOICES, { maxLength: 3 })
const oneTax = fc.constantFrom(...TAX_CHOICES).map((t) => [t])

const inputArb = (taxesArb: fc.Arbitrary<TaxInput[]>, inclusive?: boolean) =>
  fc.record({
    currency: fc.constantFrom('EUR', 'JPY', 'KWD'),
    lines: fc.array(lineArb(taxesArb), { maxLength: 8 }),
    documentDiscountPercent: fc.oneof(fc.constant('0'), percentArb),
    taxRounding: fc.constantFrom<TaxRounding>('per-document', 'per-line'),
    pricesIncludeTax: inclusive === undefined ? fc.boolean() : fc.constant(inclusive),
    roundingMode: fc.constantFrom<RoundingMode>('half-away-from-zero', 'half-even'),
  })

const negateDecimal = (s: string): string =>
  s.startsWith('-') ? s.slice(1) : /^[0.]+$/.test(s) ? s : `-${s}`

describe('calculateTotals: properties', () => {
  it('does not depend on line order', () => {
    fc.assert(
      fc.property(
        inputArb(anyTaxes).chain((inp) =>
          fc.shuffledSubarray(inp.lines, { minLength: inp.lines.length }).map((shuffled) => ({
            inp,
            shuffled,
          })),
        ),
        ({ inp, shuffled }) => {
          const a = calculateTotals(inp)
          const b = calculateTotals({ ...inp, lines: shuffled })
          expect(b.totals).toEqual(a.totals)
        },
      ),
      { numRuns: 300 },
    )
  })

  it('negates every total when every quantity is negated', () => {
    fc.assert(
      fc.property(inputArb(anyTaxes), (inp) => {
        const a = calculateTotals(inp)
        const b = calculateTotals({
          ...inp,
          lines: inp.lines.map((l) => ({ ...l, quantity: negateDecimal(l.quantity) })),
        })
        const neg = (n: number) => (n === 0 ? 0 : -n)
        expect(b.totals).toEqual({
          linesNet: neg(a.totals.linesNet),
          documentDiscount: neg(a.totals.documentDiscount),
          net: neg(a.totals.net),
          tax: neg(a.totals.tax),
          gross: neg(a.totals.gross),
          optionalNet: neg(a.totals.optionalNet),
          taxes: a.totals.taxes.map((t) => ({ ...t, base: neg(t.base), tax: neg(t.tax) })),
        })
        expect(b.lines).toEqual(
          a.lines.map((l) => ({
            net: neg(l.net),
            tax: neg(l.tax),
            gross: neg(l.gross),
            discountedNet: neg(l.discountedNet),
            optional: l.optional,
          })),
        )
      }),
      { numRuns: 300 },
    )
  })

  it('always has net + tax = gross, and the tax breakdown sums to the tax', () => {
    fc.assert(
      fc.property(inputArb(anyTaxes), (inp) => {
        const { totals, lines } = calculateTotals(inp)
        expect(totals.net + totals.tax).toBe(totals.gross)
        expect(totals.linesNet - totals.documentDiscount).toBe(totals.net)
        expect(totals.taxes.reduce((s, t) => s + t.tax, 0)).toBe(totals.tax)
        for (const l of lines) expect(l.net + l.tax).toBe(l.gross)
        const counted = lines.filter((l) => !l.optional)
        expect(counted.reduce((s, l) => s + l.discountedNet, 0)).toBe(totals.net)
      }),
      { numRuns: 300 },
    )
  })

  it('has tax breakdown bases summing to the net when each line has one tax', () => {
    fc.assert(
      fc.property(inputArb(oneTax), (inp) => {
        const { totals } = calculateTotals(inp)
        expect(totals.taxes.reduce((s, t) => s + t.base, 0)).toBe(totals.net)
      }),
      { numRuns: 300 },
    )
  })

  it('keeps the quoted gross exactly with tax-inclusive prices', () => {
    fc.assert(
      fc.property(inputArb(anyTaxes, true), (inp) => {
        const noDiscount = { ...inp, documentDiscountPercent: '0' }
        const inclusive = calculateTotals(noDiscount)
        // Same lines without taxes: the net then equals the quoted gross.
        const quoted = calculateTotals({
          ...noDiscount,
          pricesIncludeTax: false,
          lines: inp.lines.map((l) => ({ ...l, taxes: [] })),
        })
        expect(inclusive.totals.gross).toBe(quoted.totals.net)
      }),
      { numRuns: 300 },
    )
  })

  it('differs between per-document and per-line by at most one minor unit per line and tax', () => {
    fc.assert(
      fc.property(inputArb(anyTaxes, false), (inp) => {
        const doc = calculateTotals({ ...inp, taxRounding: 'per-document' })
        const perLine = calculateTotals({ ...inp, taxRounding: 'per-line' })
        const pairs = inp.lines.length * TAX_CHOICES.length
        const linePairs = inp.lines
          .filter((l) => !l.optional)
          .reduce((s, l) => s + l.taxes.length, 0)
        expect(linePairs).toBeLessThanOrEqual(pairs)
        expect(Math.abs(doc.totals.tax - perLine.totals.tax)).toBeLessThanOrEqual(linePairs)
        expect(perLine.totals.net).toBe(doc.totals.net)
      }),
      { numRuns: 300 },
    )
  })
})
