import { describe, expect, it } from 'vitest'
import { fixtureLine, fixtureProposal, fixtureSettings } from './pdf-fixtures.ts'
import { toPdfModel } from './pdf-model.ts'
import {
  buildProposalDocument,
  CONTENT_WIDTH,
  footerFor,
  MARGINS,
  pricingColumns,
} from './proposal-document.ts'

const model = toPdfModel(fixtureProposal(), fixtureSettings, null)

describe('buildProposalDocument', () => {
  it('builds the same JSON definition for the small fixture (snapshot)', () => {
    const doc = buildProposalDocument(model)
    const footer =
      typeof doc.footer === 'function'
        ? doc.footer(1, 2, { width: 0, height: 0, orientation: 'portrait' })
        : null
    expect(JSON.parse(JSON.stringify({ ...doc, footerPage1of2: footer }))).toMatchSnapshot()
  })

  it('is pure: the same model gives equal definitions and the model is not mutated', () => {
    const before = JSON.stringify(model)
    expect(JSON.stringify(buildProposalDocument(model))).toBe(
      JSON.stringify(buildProposalDocument(model)),
    )
    expect(JSON.stringify(model)).toBe(before)
  })

  it('repeats a header row and never uses dontBreakRows', () => {
    const json = JSON.stringify(buildProposalDocument(model))
    expect(json).not.toContain('dontBreakRows')
    const doc = buildProposalDocument(model)
    const table = (doc.content as unknown[]).find(
      (c) => typeof c === 'object' && c !== null && 'layout' in c && c.layout === 'pricingLayout',
    ) as { table: { headerRows: number; widths: unknown[] } }
    expect(table.table.headerRows).toBe(1)
    // Fixed numeric widths only: an unbreakable token cannot widen a column past the page.
    expect(table.table.widths.every((w) => typeof w === 'number')).toBe(true)
  })

  it('fills exactly the content width with fixed pricing columns', () => {
    for (const lines of [
      model.lines,
      toPdfModel(
        fixtureProposal({ lines: [fixtureLine({ discountPercent: '10', taxes: [] })] }),
        fixtureSettings,
        null,
      ).lines,
    ]) {
      const cols = pricingColumns(lines)
      const total = cols.reduce((s, c) => s + c.width + 8, 0)
      expect(total).toBeLessThanOrEqual(CONTENT_WIDTH)
      expect(total).toBeGreaterThan(CONTENT_WIDTH - 1)
    }
  })

  it('keeps the footer one line inside the bottom margin with "Page X of Y"', () => {
    const footer = footerFor(model)(3, 7, { width: 0, height: 0, orientation: 'portrait' }) as {
      columns: { text: unknown }[]
      margin: number[]
    }
    expect(JSON.stringify(footer)).toContain('Page 3 of 7')
    expect((footer.margin[1] ?? 0) + 2 * 8 * 1.25).toBeLessThan(MARGINS.bottom)
  })

  it('marks optional lines and keeps them out of the totals', () => {
    const m = toPdfModel(
      fixtureProposal({
        lines: [
          fixtureLine({ description: 'Base', unitPrice: '100' }),
          fixtureLine({ description: 'Extra', unitPrice: '50', optional: true }),
        ],
      }),
      fixtureSettings,
      null,
    )
    expect(m.totals.linesNet).toBe('€100.00')
    expect(m.totals.optionalNet).toBe('€50.00')
    const json = JSON.stringify(buildProposalDocument(m))
    expect(json).toContain('OPTIONAL')
    expect(json).toContain('Optional items (not included)')
  })
})
