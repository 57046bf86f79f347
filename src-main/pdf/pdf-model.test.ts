import { describe, expect, it } from 'vitest'
import { fixtureLine, fixtureProposal, fixtureSettings } from './pdf-fixtures.ts'
import {
  formatCalendarDate,
  pdfCacheKey,
  revisionLabel,
  toPdfModel,
  userStrings,
} from './pdf-model.ts'

const fonts = { fontsHash: 'f'.repeat(64) }

describe('toPdfModel', () => {
  it('formats the calculator results: 138.66 at 19 % gives tax 26.35 and gross 165.01', () => {
    const m = toPdfModel(fixtureProposal(), fixtureSettings, null)
    expect(m.totals.net).toBe('€138.66')
    expect(m.totals.tax).toBe('€26.35')
    expect(m.totals.gross).toBe('€165.01')
    expect(m.totals.taxes).toEqual([{ label: 'VAT 19 %', base: '€138.66', amount: '€26.35' }])
    expect(m.lines[0]).toMatchObject({
      description: 'Consulting day',
      unitPrice: '138.66',
      amount: '€138.66',
    })
  })

  it('formats amounts and dates in the company locale, dates as calendar dates', () => {
    const m = toPdfModel(
      fixtureProposal({ lines: [fixtureLine({ unitPrice: '1234.5', quantity: '2.5' })] }),
      { ...fixtureSettings, locale: 'de-DE' },
      null,
    )
    expect(m.lines[0]?.quantity).toBe('2,5')
    expect(m.lines[0]?.unitPrice).toBe('1.234,50')
    expect(m.totals.linesNet).toBe('3.086,25\u00a0€')
    expect(formatCalendarDate('2026-12-31', 'en-US')).toBe('Dec 31, 2026')
    expect(formatCalendarDate('2026-01-01', 'de-DE')).toBe('01.01.2026')
  })

  it('shows the document discount and the net after it', () => {
    const m = toPdfModel(
      fixtureProposal({
        documentDiscountPercent: '10',
        lines: [fixtureLine({ unitPrice: '100.00', taxes: [{ name: 'VAT', rate: '20' }] })],
      }),
      fixtureSettings,
      null,
    )
    expect(m.totals.documentDiscount).toEqual({ label: 'Discount 10 %', amount: '-€10.00' })
    expect(m.totals.net).toBe('€90.00')
    expect(m.totals.gross).toBe('€108.00')
  })

  it('shows gross line amounts for tax-inclusive prices, with net and tax in the totals', () => {
    const m = toPdfModel(
      fixtureProposal({
        pricesIncludeTax: true,
        lines: [fixtureLine({ unitPrice: '119.00', taxes: [{ name: 'VAT', rate: '19' }] })],
      }),
      fixtureSettings,
      null,
    )
    expect(m.lines[0]?.amount).toBe('€119.00')
    expect(m.totals).toMatchObject({ net: '€100.00', tax: '€19.00', gross: '€119.00' })
  })

  it('takes the creation date from the issue date, never from the clock or the last edit', () => {
    const m = toPdfModel(fixtureProposal(), fixtureSettings, null)
    expect(m.creationDate).toBe(`${fixtureProposal().issueDate}T00:00:00.000Z`)
    // A status change moves updatedAt; the PDF the client received must not change with it.
    const later = toPdfModel(
      fixtureProposal({ updatedAt: '2027-01-05T09:00:00.000Z', status: 'sent' }),
      fixtureSettings,
      null,
    )
    expect(later).toEqual(m)
  })

  it('labels revisions A, B, … Z, AA', () => {
    expect([0, 1, 25, 26].map(revisionLabel)).toEqual(['A', 'B', 'Z', 'AA'])
  })

  it('lists every user string for the glyph check', () => {
    const m = toPdfModel(fixtureProposal(), fixtureSettings, null)
    const strings = userStrings(m)
    expect(strings).toContain('Acme Widgets Ltd')
    expect(strings).toContain('Consulting day')
    expect(strings).toContain('Website relaunch')
  })
})

describe('pdfCacheKey', () => {
  const base = toPdfModel(fixtureProposal(), fixtureSettings, null)

  it('is stable for equal content and independent of key order', () => {
    const reordered = JSON.parse(JSON.stringify(base)) as typeof base
    const shuffled = Object.fromEntries(Object.entries(reordered).reverse()) as typeof base
    expect(pdfCacheKey(shuffled, fonts)).toBe(pdfCacheKey(base, fonts))
    expect(pdfCacheKey(base, fonts)).toMatch(/^[0-9a-f]{64}$/)
  })

  it('changes with a line, the logo, the fonts and the renderer versions', () => {
    const key = pdfCacheKey(base, fonts)
    const changedLine = toPdfModel(
      fixtureProposal({
        lines: [fixtureLine({ description: 'Consulting day!', unitPrice: '138.66' })],
      }),
      fixtureSettings,
      null,
    )
    expect(pdfCacheKey(changedLine, fonts)).not.toBe(key)
    const withLogo = {
      ...base,
      logo: { kind: 'svg' as const, svg: '<svg/>', width: 10, height: 10 },
    }
    expect(pdfCacheKey(withLogo, fonts)).not.toBe(key)
    expect(pdfCacheKey(base, { fontsHash: 'e'.repeat(64) })).not.toBe(key)
    expect(
      pdfCacheKey(base, { ...fonts, renderer: { pdfmake: '0.3.11', pdfkit: '0.19.1', zlib: 'x' } }),
    ).not.toBe(key)
  })
})

describe('moneyFormatter', () => {
  it('formats exactly like the domain formatMoney', async () => {
    const { formatMoney } = await import('../../src-shared/domain/decimal.ts')
    const { moneyFormatter } = await import('./pdf-model.ts')
    for (const [currency, locale] of [
      ['EUR', 'en-US'],
      ['EUR', 'de-DE'],
      ['JPY', 'ja-JP'],
      ['KWD', 'ar-KW'],
      ['CHF', 'fr-CH'],
      ['EUR', 'not a locale!'],
    ] as const) {
      const f = moneyFormatter(currency, locale)
      for (const minor of [0, 1, -1, 99, 100, 12345, -987654321, 9007199254740991]) {
        expect(f(minor)).toBe(formatMoney(minor, currency, locale))
      }
    }
  })
})
