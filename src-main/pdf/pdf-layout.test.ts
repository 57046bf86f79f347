/**
 * Layout regressions rendered on the test thread (same builder and renderer the workers use) and
 * checked through poppler's text extraction: nothing a user typed may vanish from the PDF.
 */
import { describe, expect, it } from 'vitest'
import { fixtureLine, fixtureProposal, fixtureSettings, manyLines } from './pdf-fixtures.ts'
import { rendererVersions, toPdfModel } from './pdf-model.ts'
import { renderModel } from './pdf-render.ts'
import { MARGINS, PAGE, pricingColumns } from './proposal-document.ts'
import { normalizeLogo } from './typography.ts'
import {
  columnText,
  pageTexts,
  pdfPageCount,
  qdfText,
  qpdfCheck,
  squash,
  wordBoxes,
} from './pdf-test-utils.ts'

const render = (p = fixtureProposal(), s = fixtureSettings) => renderModel(toPdfModel(p, s, null))

function expectFooterOnEveryPage(pages: string[]): void {
  pages.forEach((text, i) => {
    expect(text, `page ${i + 1}`).toContain(`Page ${i + 1} of ${pages.length}`)
  })
}

function expectNoBlankPages(pages: string[]): void {
  for (const [i, text] of pages.entries()) {
    const body = text
      .split('\n')
      .filter((l) => l.trim() && !/Page \d+ of \d+/.test(l) && !l.includes('PR-2026-0042 rev.'))
    expect(body.length, `page ${i + 1} has content besides header/footer`).toBeGreaterThan(1)
  }
}

describe('proposal PDF content', () => {
  it('contains the client, every line, the totals and "Page N of N"; qpdf --check is clean', async () => {
    const { bytes, pages } = await render()
    const texts = pageTexts(bytes)
    const all = texts.join('\n')
    expect(all).toContain('Acme Widgets Ltd')
    expect(all).toContain('Consulting day')
    expect(all).toContain('26.35')
    expect(all).toContain('165.01')
    expect(all).toContain('VAT 19 %')
    expect(all).toContain('Northwind Consulting GmbH')
    expect(texts.length).toBe(pages)
    expect(pdfPageCount(bytes)).toBe(pages)
    expect(texts[texts.length - 1]).toContain(`Page ${pages} of ${pages}`)
    expectFooterOnEveryPage(texts)
    expect(qpdfCheck(bytes).status).toBe(0)
  })

  it('puts every one of 300 lines in the PDF with the table header on every table page', async () => {
    const lines = manyLines(300)
    const { bytes } = await render(fixtureProposal({ lines }))
    const texts = pageTexts(bytes)
    // Rows may split across pages, so read the description column top to bottom, page after page.
    const cols = pricingColumns(toPdfModel(fixtureProposal({ lines }), fixtureSettings, null).lines)
    const before = cols.slice(0, 1).reduce((s, c) => s + c.width + 8, 0)
    const desc = cols[1]!
    const column = squash(
      columnText(wordBoxes(bytes), {
        xMin: MARGINS.left + before,
        xMax: MARGINS.left + before + desc.width + 8,
        top: MARGINS.top,
        bottom: MARGINS.bottom,
      }),
    ).replaceAll('Description', '') // the repeated header cell
    let from = 0
    for (const line of lines) {
      const at = column.indexOf(squash(line.description), from)
      expect(at, line.description).toBeGreaterThanOrEqual(0)
      from = at
    }
    const tablePages = texts.filter((t) => /Item \d+:/.test(t))
    expect(tablePages.length).toBeGreaterThan(5)
    for (const t of tablePages) {
      expect(t).toContain('Description')
      expect(t).toContain('Unit price')
      expect(t).toContain('Amount')
    }
    expectFooterOnEveryPage(texts)
    expectNoBlankPages(texts)
    expect(qpdfCheck(bytes).status).toBe(0)
  })

  it('splits a row taller than a page instead of dropping it', async () => {
    const tall = Array.from(
      { length: 150 },
      (_, i) => `Paragraph marker ${i + 1} of the tall row.`,
    ).join('\n')
    const { bytes, pages } = await render(
      fixtureProposal({
        lines: [
          fixtureLine({ description: 'Before the tall row' }),
          fixtureLine({ description: tall }),
          fixtureLine({ description: 'After the tall row' }),
        ],
      }),
    )
    const texts = pageTexts(bytes)
    const all = texts.join('\n')
    for (let i = 1; i <= 150; i++) expect(all).toContain(`Paragraph marker ${i} of the tall row.`)
    expect(all).toContain('Before the tall row')
    expect(all).toContain('After the tall row')
    expect(pages).toBeGreaterThanOrEqual(3)
    expectFooterOnEveryPage(texts)
    expectNoBlankPages(texts)
  })

  it('wraps a 200-character URL and an IBAN inside the page', async () => {
    const url = `https://example.com/${'a1b2c3d4e5'.repeat(18)}`
    expect(url.length).toBeGreaterThanOrEqual(200)
    const iban = 'DE89370400440532013000DE89370400440532013000'
    const { bytes } = await render(
      fixtureProposal({
        lines: [
          fixtureLine({ description: url, sku: iban, unit: 'licence-subscription-per-seat' }),
          fixtureLine({ description: `IBAN ${iban}` }),
        ],
        sections: [{ id: 's', title: url, body: `See ${url} and pay to ${iban}${iban}` }],
        client: { ...fixtureProposal().client!, name: `Client ${iban}${iban}`, address: url },
      }),
      { ...fixtureSettings, website: url, paymentDetails: `IBAN ${iban}${iban}${iban}` },
    )
    const words = wordBoxes(bytes)
    expect(words.length).toBeGreaterThan(20)
    for (const w of words) {
      expect(w.xMin, w.text).toBeGreaterThanOrEqual(MARGINS.left - 1)
      expect(w.xMax, w.text).toBeLessThanOrEqual(PAGE.width - MARGINS.right + 1)
    }
    const all = squash(pageTexts(bytes).join('\n'))
    expect(all).toContain(url)
    expect(all).toContain(iban)
    expect(qpdfCheck(bytes).status).toBe(0)
  })

  it('gives byte-identical PDFs for equal models', async () => {
    const a = await render()
    const b = await render()
    expect(Buffer.compare(a.bytes, b.bytes)).toBe(0)
    const other = await render(fixtureProposal({ issueDate: '2026-12-02' }))
    expect(Buffer.compare(a.bytes, other.bytes)).not.toBe(0)
  })

  it('renders empty proposals (no lines, no client, no sections) without blank pages', async () => {
    const { bytes } = await render(
      fixtureProposal({ lines: [], sections: [], client: null, terms: '', notes: '' }),
      { ...fixtureSettings, paymentDetails: '' },
    )
    const texts = pageTexts(bytes)
    expect(texts.length).toBe(1)
    expect(texts[0]).toContain('No line items.')
    expect(texts[0]).toContain('Page 1 of 1')
  })

  it('writes a valid ToUnicode map for a font using more than 256 glyphs (pdfkit >= 0.18)', async () => {
    const [major, minor] = rendererVersions().pdfkit.split('.').map(Number)
    expect((major ?? 0) > 0 || (minor ?? 0) >= 18).toBe(true)
    let cjk = ''
    for (let cp = 0x4e00; [...cjk].length < 300; cp += 7) cjk += String.fromCodePoint(cp)
    const { bytes } = await render(fixtureProposal({ lines: [fixtureLine({ description: cjk })] }))
    const blocks = [...qdfText(bytes).matchAll(/(\d+) beginbfrange\n([\s\S]*?)endbfrange/g)]
    expect(blocks.length).toBeGreaterThan(0)
    for (const b of blocks) {
      expect(b[2]!.trim().split('\n').length).toBe(Number(b[1]))
    }
    const text = squash(pageTexts(bytes).join(''))
    for (const ch of cjk) expect(text).toContain(ch)
  })
})

describe('logos', () => {
  it('draws a transparent PNG and an SVG logo, deterministically', async () => {
    const { PNG } = await import('pngjs')
    const png = new PNG({ width: 120, height: 40 })
    for (let i = 0; i < png.data.length; i += 4) {
      png.data[i] = 31
      png.data[i + 1] = 78
      png.data[i + 2] = 121
      png.data[i + 3] = (i / 4) % 120 < 60 ? 255 : 0 // right half transparent
    }
    const pngBytes = PNG.sync.write(png)
    const svgBytes = Buffer.from(
      '<svg xmlns="http://www.w3.org/2000/svg" width="120" height="40"><rect width="40" height="40" fill="#1f4e79"/></svg>',
    )
    for (const logo of [
      normalizeLogo(pngBytes, 'image/png'),
      normalizeLogo(svgBytes, 'image/svg+xml'),
    ]) {
      const model = toPdfModel(fixtureProposal(), fixtureSettings, logo)
      const a = await renderModel(model)
      const b = await renderModel(model)
      expect(Buffer.compare(a.bytes, b.bytes)).toBe(0)
      expect(qpdfCheck(a.bytes).status).toBe(0)
      // With a logo the company name is still printed in the details block.
      expect(pageTexts(a.bytes).join('\n')).toContain('Northwind Consulting GmbH')
    }
  })
})
