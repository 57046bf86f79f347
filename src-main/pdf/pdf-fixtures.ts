/** Hand-made proposals for PDF tests and the benchmark (no database needed). */
import type { CompanySettings, LineItem, Proposal } from '../../src-shared/domain/proposal.types.ts'
import { proposalTotals } from '../../src-shared/domain/totals.ts'

export const fixtureSettings: CompanySettings = {
  companyName: 'Northwind Consulting GmbH',
  address: 'Hafenstraße 12, 20457 Hamburg, Germany',
  email: 'sales@northwind.example',
  phone: '+49 40 1234 5678',
  website: 'https://northwind.example',
  taxId: 'DE123456789',
  paymentDetails:
    'Bank: Hamburger Sparkasse\nIBAN: DE89370400440532013000\nBIC: HASPDEHHXXX\nPayment within 14 days of invoice.',
  hasLogo: false,
  logoMime: null,
  defaultCurrency: 'EUR',
  defaultTaxRate: '19',
  validityDays: 30,
  numberingSeries: 'PR-{YYYY}-{SEQ:4}',
  defaultTerms: '',
  taxRounding: 'per-document',
  pricesIncludeTax: false,
  locale: 'en-US',
}

let seq = 0
export function fixtureLine(overrides: Partial<LineItem> = {}): LineItem {
  seq++
  return {
    id: `line-${seq}`,
    productId: null,
    sku: '',
    description: `Line ${seq}`,
    quantity: '1',
    unit: 'pcs',
    unitPrice: '100.00',
    discountPercent: '0',
    taxes: [{ name: 'VAT', rate: '19' }],
    optional: false,
    ...overrides,
  }
}

const WORDS =
  'discovery workshop implementation migration support training licence integration review design audit rollout'.split(
    ' ',
  )

/** Deterministic line items with varied descriptions, quantities and prices. */
export function manyLines(count: number): LineItem[] {
  const out: LineItem[] = []
  for (let i = 0; i < count; i++) {
    const w1 = WORDS[i % WORDS.length] ?? 'item'
    const w2 = WORDS[(i * 7 + 3) % WORDS.length] ?? 'item'
    out.push({
      id: `bulk-${i}`,
      productId: null,
      sku: `SKU-${String(1000 + i)}`,
      description: `Item ${i + 1}: ${w1} and ${w2}${i % 5 === 0 ? ' including on-site coordination, documentation and a follow-up review call' : ''}`,
      quantity: String((i % 9) + 1),
      unit: i % 3 === 0 ? 'h' : 'pcs',
      unitPrice: `${(i % 17) * 13 + 25}.${String((i * 37) % 100).padStart(2, '0')}`,
      discountPercent: i % 11 === 0 ? '5' : '0',
      taxes: [{ name: 'VAT', rate: i % 4 === 0 ? '7' : '19' }],
      optional: i % 23 === 22,
    })
  }
  return out
}

export function fixtureProposal(overrides: Partial<Proposal> = {}): Proposal {
  const base: Proposal = {
    id: '0190a5b0-0000-7000-8000-000000000001',
    createdAt: '2026-11-30T09:00:00.000Z',
    updatedAt: '2026-12-01T10:15:30.000Z',
    deletedAt: null,
    number: 'PR-2026-0042',
    revision: 0,
    revisionOf: null,
    title: 'Website relaunch',
    status: 'draft',
    clientId: 'client-1',
    client: {
      name: 'Acme Widgets Ltd',
      contactName: 'Jane Doe',
      email: 'jane@acme.example',
      phone: '+44 20 7946 0000',
      address: '1 Market Street, London EC1A 1AA',
      taxId: 'GB123456789',
    },
    currency: 'EUR',
    issueDate: '2026-12-01',
    validUntil: '2026-12-31',
    taxRounding: 'per-document',
    pricesIncludeTax: false,
    documentDiscountPercent: '0',
    terms: 'Prices are valid until the date above.\n\n- 50 % on order\n- 50 % on delivery',
    notes: '',
    sections: [
      {
        id: 's1',
        title: 'Scope',
        body: 'We will **redesign** the public website and migrate the existing content.\n\n- New design system\n- Content migration',
      },
    ],
    lines: [
      fixtureLine({
        id: 'l1',
        description: 'Consulting day',
        quantity: '1',
        unit: 'day',
        unitPrice: '138.66',
      }),
    ],
    totals: {
      linesNet: 0,
      documentDiscount: 0,
      net: 0,
      tax: 0,
      gross: 0,
      taxes: [],
      optionalNet: 0,
    },
    lineTotals: [],
    isSample: false,
    ...overrides,
  }
  const calc = proposalTotals(base)
  return {
    ...base,
    totals: calc.totals,
    lineTotals: calc.lines.map((l) => ({ net: l.net, tax: l.tax, gross: l.gross })),
  }
}
