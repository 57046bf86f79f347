/**
 * PdfModel → pdfmake document definition. Pure: no I/O, no clock, no randomness; the same model
 * always gives the same definition (and, with the fixed creation date, the same bytes).
 *
 * Layout rules that keep content from vanishing (research/pdf.md §2):
 * - every table and column width is a fixed number, so an unbreakable token (URL, IBAN) is
 *   hard-wrapped inside its cell instead of widening the column off the page;
 * - no `dontBreakRows`: a row taller than a page splits across pages;
 * - the bottom margin is larger than the footer, so "Page X of Y" is always drawn;
 * - no forced page breaks, so no blank pages.
 */
import type {
  Content,
  ContentCanvas,
  ContentStack,
  ContentTable,
  CustomTableLayout,
  DynamicContent,
  TableCell,
  TDocumentDefinitions,
} from 'pdfmake/interfaces.js'
import { parseMarkdown, type Block, type Span } from './markdown.ts'
import type { PdfLine, PdfModel } from './pdf-model.ts'
import { DEFAULT_FONT, richText, type RichText } from './typography.ts'

export const PAGE = { width: 595.28, height: 841.89 } as const // A4 in points
export const MARGINS = { left: 48, top: 44, right: 48, bottom: 60 } as const
export const CONTENT_WIDTH = PAGE.width - MARGINS.left - MARGINS.right
const FOOTER_TOP = 24

const COLORS = {
  accent: '#1f4e79',
  accentSoft: '#e8eef5',
  text: '#1f2328',
  muted: '#5f6b76',
  rule: '#d5dbe1',
  zebra: '#f6f8fa',
  optional: '#8a6d1f',
} as const

const CELL_PAD_X = 4
const SKU = { fontSize: 7.5, color: COLORS.muted }
const OPTIONAL_TAG = { fontSize: 6.5, bold: true, color: COLORS.optional }

/** Text with font runs; bold/italic are styles on the wrapper so runs keep their font. */
function rt(text: string): RichText {
  return richText(text)
}

/**
 * Inline items for a styled span. pdfmake flattens a nested `text` array and drops the wrapper's
 * own style, so bold goes on every font run instead of on a wrapper.
 */
function styledInline(
  text: string,
  style: { bold?: boolean; fontSize?: number; color?: string },
): Content[] {
  const rich = rt(text)
  if (typeof rich === 'string') return [{ text: rich, ...style }]
  return rich.map((run) => ({ ...run, ...style }))
}

function spansToInline(spans: Span[]): Content[] {
  return spans.flatMap((s) => styledInline(s.text, s.bold ? { bold: true } : {}))
}

function markdownToContent(source: string, style = 'body'): Content[] {
  const out: Content[] = []
  for (const block of parseMarkdown(source)) out.push(blockToContent(block, style))
  return out
}

function blockToContent(block: Block, style: string): Content {
  switch (block.kind) {
    case 'heading':
      return { text: spansToInline(block.spans), style: 'subheading' }
    case 'paragraph': {
      const inline: Content[] = []
      block.lines.forEach((line, i) => {
        if (i > 0) inline.push({ text: '\n' })
        inline.push(...spansToInline(line))
      })
      return { text: inline, style }
    }
    case 'bullets':
      return {
        ul: block.items.map((item) => ({ text: spansToInline(item), style: 'listItem' })),
        style: 'list',
      }
    case 'numbered':
      return {
        ol: block.items.map((item) => ({ text: spansToInline(item), style: 'listItem' })),
        style: 'list',
      }
  }
}

/** Header and footer get one line each: longer user text is shortened (it is printed in full above). */
function clip(text: string, max: number): string {
  const chars = [...text]
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`
}

function nonEmpty(values: (string | undefined)[]): string[] {
  return values.filter((v): v is string => v !== undefined && v.trim() !== '')
}

function buildHeader(model: PdfModel): Content {
  const { company, logo } = model
  const leftWidth = 220
  const rightWidth = CONTENT_WIDTH - leftWidth - 20
  let brand: Content
  if (logo?.kind === 'image') brand = { image: logo.dataUrl, fit: [leftWidth, 64] }
  else if (logo?.kind === 'svg') brand = { svg: logo.svg, fit: [leftWidth, 64] }
  else brand = { text: rt(company.name || ' '), style: 'brand' }

  const details: Content[] = []
  if (company.name) details.push({ text: rt(company.name), style: 'companyName' })
  for (const line of nonEmpty([company.address])) details.push({ text: rt(line) })
  const contact = nonEmpty([company.email, company.phone, company.website])
  for (const line of contact) details.push({ text: rt(line) })
  if (company.taxId) details.push({ text: [{ text: 'Tax ID ' }, { text: rt(company.taxId) }] })

  return {
    columns: [
      { width: leftWidth, stack: [brand] },
      { width: rightWidth, stack: details, style: 'companyDetails' },
    ],
    columnGap: 20,
  }
}

function rule(color: string = COLORS.rule, width = 0.75): ContentCanvas {
  return {
    canvas: [
      { type: 'line', x1: 0, y1: 0, x2: CONTENT_WIDTH, y2: 0, lineWidth: width, lineColor: color },
    ],
  }
}

function buildTitle(model: PdfModel): Content {
  const p = model.proposal
  return {
    stack: [
      {
        text: [{ text: 'PROPOSAL  ' }, { text: rt(p.number) }],
        style: 'eyebrow',
      },
      { text: rt(p.title || p.number), style: 'title' },
    ],
    margin: [0, 14, 0, 12],
  }
}

function buildParties(model: PdfModel): Content {
  const leftWidth = 250
  const gap = 20
  const rightWidth = CONTENT_WIDTH - leftWidth - gap
  const c = model.client
  const client: Content[] = [{ text: 'PREPARED FOR', style: 'label' }]
  if (c) {
    client.push({ text: rt(c.name), style: 'clientName' })
    if (c.contactName) client.push({ text: [{ text: 'Attn. ' }, { text: rt(c.contactName) }] })
    for (const line of nonEmpty([c.address, c.email, c.phone])) client.push({ text: rt(line) })
    if (c.taxId) client.push({ text: [{ text: 'Tax ID ' }, { text: rt(c.taxId) }] })
  } else {
    client.push({ text: '—', style: 'clientName' })
  }

  const p = model.proposal
  const meta: [string, string][] = [
    ['Proposal no.', p.number],
    ['Revision', p.revision],
    ['Issue date', p.issueDate],
    ['Valid until', p.validUntil],
    ['Currency', p.currency],
  ]
  const labelWidth = 80
  const metaTable: ContentTable = {
    table: {
      widths: [labelWidth, rightWidth - labelWidth - 4 * CELL_PAD_X],
      body: meta
        .filter(([, v]) => v !== '')
        .map(([k, v]) => [
          { text: k, style: 'metaLabel' },
          { text: rt(v), style: 'metaValue' },
        ]),
    },
    layout: 'metaLayout',
  }

  return {
    columns: [
      { width: leftWidth, stack: client, style: 'party' },
      { width: rightWidth, stack: [metaTable] },
    ],
    columnGap: gap,
    margin: [0, 0, 0, 18],
  }
}

function buildSections(model: PdfModel): Content[] {
  const out: Content[] = []
  for (const section of model.sections) {
    if (section.title) out.push({ text: rt(section.title), style: 'h2' })
    out.push(...markdownToContent(section.body))
  }
  return out
}

interface Column {
  key:
    'position' | 'description' | 'quantity' | 'unit' | 'unitPrice' | 'discount' | 'taxes' | 'amount'
  header: string
  width: number
  align: 'left' | 'right' | 'center'
}

/** Fixed widths for every column; description takes the rest of the content width. */
export function pricingColumns(lines: PdfLine[], pricesIncludeTax = false): Column[] {
  const showDiscount = lines.some((l) => l.discount !== '')
  const showTaxes = lines.some((l) => l.taxes !== '')
  const fixed: Column[] = [
    { key: 'position', header: '#', width: 20, align: 'right' },
    { key: 'description', header: 'Description', width: 0, align: 'left' },
    { key: 'quantity', header: 'Qty', width: 38, align: 'right' },
    { key: 'unit', header: 'Unit', width: 34, align: 'left' },
    { key: 'unitPrice', header: 'Unit price', width: 60, align: 'right' },
  ]
  if (showDiscount) fixed.push({ key: 'discount', header: 'Disc.', width: 30, align: 'right' })
  if (showTaxes) fixed.push({ key: 'taxes', header: 'Tax', width: 40, align: 'right' })
  fixed.push({
    key: 'amount',
    // With tax-inclusive prices the line amounts are gross; say so where the reader looks.
    header: pricesIncludeTax ? 'Amount incl. tax' : 'Amount',
    width: 68,
    align: 'right',
  })
  const used = fixed.reduce((sum, c) => sum + c.width + 2 * CELL_PAD_X, 0)
  const description = fixed.find((c) => c.key === 'description')
  if (description) description.width = Math.floor((CONTENT_WIDTH - used) * 100) / 100
  return fixed
}

function lineCell(line: PdfLine, col: Column): TableCell {
  const muted = line.optional ? { color: COLORS.muted } : {}
  if (col.key === 'description') {
    // One text node per cell (not a stack): rows are the bulk of the layout work.
    const text: Content[] = []
    if (line.optional) text.push({ text: 'OPTIONAL\n', ...OPTIONAL_TAG })
    text.push(...styledInline(line.description, {}))
    if (line.sku) text.push({ text: '\n' }, ...styledInline(line.sku, SKU))
    return { text, ...muted }
  }
  if (col.key === 'position') return { text: String(line.position), alignment: col.align, ...muted }
  const value = line[col.key]
  return {
    text: rt(value),
    alignment: col.align,
    ...(col.key === 'amount' && line.optional ? { italics: true } : {}),
    ...muted,
  }
}

function buildPricingTable(model: PdfModel): Content {
  const cols = pricingColumns(model.lines, model.totals.pricesIncludeTax)
  const header: TableCell[] = cols.map((c) => ({
    text: c.header,
    style: 'tableHeader',
    alignment: c.align,
  }))
  const body: TableCell[][] = [header]
  for (const line of model.lines) body.push(cols.map((c) => lineCell(line, c)))
  if (model.lines.length === 0) {
    body.push(
      cols.map((c, i) =>
        i === 1 ? { text: 'No line items.', color: COLORS.muted, italics: true } : { text: '' },
      ),
    )
  }
  return {
    table: { headerRows: 1, widths: cols.map((c) => c.width), body },
    layout: 'pricingLayout',
    style: 'pricing',
    margin: [0, 6, 0, 10],
  }
}

function buildTotals(model: PdfModel): Content {
  const t = model.totals
  const rows: TableCell[][] = []
  const row = (label: RichText | string, amount: string, style = 'totalsRow'): TableCell[] => [
    { text: label, style },
    { text: amount, style, alignment: 'right' },
  ]
  rows.push(row(t.pricesIncludeTax ? 'Subtotal excl. tax' : 'Subtotal', t.linesNet))
  if (t.documentDiscount) rows.push(row(t.documentDiscount.label, t.documentDiscount.amount))
  if (t.documentDiscount) rows.push(row('Net', t.net))
  for (const tax of t.taxes) rows.push(row(`${tax.label} on ${tax.base}`, tax.amount))
  if (t.taxes.length > 1 || t.taxes.length === 0) rows.push(row('Total tax', t.tax))
  rows.push(row('Total', t.gross, 'grandTotal'))
  if (t.optionalNet !== null) {
    rows.push(row('Optional items (not included)', t.optionalNet, 'optionalTotal'))
  }
  const width = 270
  const amountWidth = 92
  return {
    columns: [
      { width: CONTENT_WIDTH - width, text: '' },
      {
        width,
        table: { widths: [width - amountWidth - 4 * CELL_PAD_X, amountWidth], body: rows },
        layout: 'totalsLayout',
      },
    ],
    columnGap: 0,
    // A short block: keep it together so the total never sits alone at the top of a page.
    unbreakable: rows.length <= 16,
    margin: [0, 0, 0, 16],
  }
}

function textBlock(title: string, body: string): Content[] {
  if (!body.trim()) return []
  return [{ text: title, style: 'h2' }, ...markdownToContent(body)]
}

function buildPayment(model: PdfModel): Content[] {
  const details = model.company.paymentDetails
  if (!details.trim()) return []
  return [
    {
      table: {
        widths: [CONTENT_WIDTH - 2 * 10],
        body: [
          [
            {
              stack: [
                { text: 'PAYMENT DETAILS', style: 'label' },
                ...details.split(/\r?\n/).map((line) => ({ text: rt(line || ' ') })),
              ],
              fillColor: COLORS.accentSoft,
            },
          ],
        ],
      },
      layout: 'boxLayout',
      // Bank details read as one unit; a long text may still split rather than vanish.
      unbreakable: details.length < 600,
      margin: [0, 12, 0, 0],
    },
  ]
}

function buildAcceptance(): Content {
  const half = (CONTENT_WIDTH - 30) / 2
  const line = (label: string): ContentStack => ({
    stack: [
      {
        canvas: [
          {
            type: 'line',
            x1: 0,
            y1: 24,
            x2: half,
            y2: 24,
            lineWidth: 0.5,
            lineColor: COLORS.muted,
          },
        ],
      },
      { text: label, style: 'signatureLabel' },
    ],
  })
  return {
    stack: [
      { text: 'ACCEPTED BY THE CLIENT', style: 'label' },
      {
        columns: [
          { width: half, ...line('Name and signature') },
          { width: half, ...line('Date') },
        ],
        columnGap: 30,
      },
    ],
    unbreakable: true,
    margin: [0, 16, 0, 0],
  }
}

export const TABLE_LAYOUTS: Record<string, CustomTableLayout> = {
  pricingLayout: {
    hLineWidth: (i, node) => (i === 0 || i === 1 || i === node.table.body.length ? 0.75 : 0.4),
    vLineWidth: () => 0,
    hLineColor: (i) => (i <= 1 ? COLORS.accent : COLORS.rule),
    fillColor: (row) => (row === 0 ? COLORS.accent : row % 2 === 0 ? COLORS.zebra : null),
    paddingLeft: () => CELL_PAD_X,
    paddingRight: () => CELL_PAD_X,
    paddingTop: (row) => (row === 0 ? 5 : 4),
    paddingBottom: (row) => (row === 0 ? 5 : 4),
  },
  totalsLayout: {
    hLineWidth: (i, node) => (i === node.table.body.length - 1 ? 1 : 0),
    vLineWidth: () => 0,
    hLineColor: () => COLORS.accent,
    paddingLeft: () => CELL_PAD_X,
    paddingRight: () => CELL_PAD_X,
    paddingTop: () => 3,
    paddingBottom: () => 3,
  },
  metaLayout: {
    hLineWidth: () => 0,
    vLineWidth: () => 0,
    paddingLeft: () => CELL_PAD_X,
    paddingRight: () => CELL_PAD_X,
    paddingTop: () => 1.5,
    paddingBottom: () => 1.5,
  },
  boxLayout: {
    hLineWidth: () => 0,
    vLineWidth: (i) => (i === 0 ? 2 : 0),
    vLineColor: () => COLORS.accent,
    paddingLeft: () => 10,
    paddingRight: () => 10,
    paddingTop: () => 8,
    paddingBottom: () => 8,
  },
}

/** "Page X of Y" plus the document identity; one line, well inside the bottom margin. */
export function footerFor(model: PdfModel): DynamicContent {
  const left = nonEmpty([
    model.company.name,
    `${model.proposal.number} rev. ${model.proposal.revision}`,
  ]).join('  ·  ')
  const leftText = clip(left, 80)
  return (currentPage: number, pageCount: number) => ({
    columns: [
      { width: CONTENT_WIDTH - 110, text: rt(leftText), style: 'footer' },
      {
        width: 110,
        text: `Page ${currentPage} of ${pageCount}`,
        style: 'footer',
        alignment: 'right',
      },
    ],
    margin: [MARGINS.left, FOOTER_TOP, MARGINS.right, 0],
  })
}

function headerFor(model: PdfModel): DynamicContent {
  const title = clip(nonEmpty([model.proposal.number, model.client?.name]).join('  ·  '), 90)
  return (currentPage: number) =>
    currentPage === 1
      ? null
      : {
          text: rt(title),
          style: 'runningHeader',
          margin: [MARGINS.left, 20, MARGINS.right, 0],
        }
}

export function buildProposalDocument(model: PdfModel): TDocumentDefinitions {
  const content: Content[] = [
    buildHeader(model),
    { ...rule(COLORS.accent, 1.5), margin: [0, 12, 0, 0] },
    buildTitle(model),
    buildParties(model),
    ...buildSections(model),
    { text: 'Pricing', style: 'h2' },
    buildPricingTable(model),
    buildTotals(model),
    ...textBlock('Terms', model.terms),
    ...textBlock('Notes', model.notes),
    ...buildPayment(model),
    buildAcceptance(),
  ]

  return {
    pageSize: 'A4',
    pageMargins: [MARGINS.left, MARGINS.top, MARGINS.right, MARGINS.bottom],
    info: {
      title: nonEmpty([model.proposal.number, model.proposal.title]).join(' – '),
      author: model.company.name,
      subject: 'Proposal',
      creator: 'ProposalDesk',
      producer: 'ProposalDesk',
      creationDate: new Date(model.creationDate),
    },
    language: model.locale,
    header: headerFor(model),
    footer: footerFor(model),
    content,
    defaultStyle: { font: DEFAULT_FONT, fontSize: 9, lineHeight: 1.25, color: COLORS.text },
    styles: {
      brand: { fontSize: 18, bold: true, color: COLORS.accent },
      companyName: { fontSize: 10, bold: true, color: COLORS.text, margin: [0, 0, 0, 2] },
      companyDetails: { alignment: 'right', fontSize: 8.5, color: COLORS.muted },
      eyebrow: { fontSize: 8.5, bold: true, color: COLORS.accent },
      title: { fontSize: 20, bold: true, color: COLORS.text, margin: [0, 2, 0, 0] },
      label: { fontSize: 7.5, bold: true, color: COLORS.muted, margin: [0, 0, 0, 3] },
      party: { fontSize: 9 },
      clientName: { fontSize: 11, bold: true, margin: [0, 0, 0, 2] },
      metaLabel: { fontSize: 8.5, color: COLORS.muted },
      metaValue: { fontSize: 8.5, bold: true, alignment: 'right' },
      h2: { fontSize: 12, bold: true, color: COLORS.accent, margin: [0, 10, 0, 4] },
      subheading: { fontSize: 10, bold: true, margin: [0, 6, 0, 3] },
      body: { fontSize: 9.5, margin: [0, 0, 0, 6] },
      list: { margin: [6, 0, 0, 6] },
      listItem: { fontSize: 9.5, margin: [0, 0, 0, 1.5] },
      pricing: { fontSize: 8.5 },
      tableHeader: { bold: true, color: '#ffffff', fontSize: 8.5 },
      totalsRow: { fontSize: 9 },
      grandTotal: { fontSize: 11, bold: true, color: COLORS.accent },
      optionalTotal: { fontSize: 8.5, italics: true, color: COLORS.muted },
      signatureLabel: { fontSize: 8, color: COLORS.muted, margin: [0, 3, 0, 0] },
      footer: { fontSize: 8, color: COLORS.muted },
      runningHeader: { fontSize: 8, color: COLORS.muted, alignment: 'right' },
    },
  }
}
