import { describe, expect, it } from 'vitest'
import blns from './fixtures/blns.json' with { type: 'json' }
import type { TaxInput } from '../domain/money.types.ts'
import { isDecimalString } from '../domain/decimal.ts'
import {
  formatInterchangeErrors,
  interchangeToProposalInput,
  parseInterchange,
  parseInterchangeText,
  toInterchange,
  type ExportableProposal,
  type InterchangeParseResult,
} from './interchange.ts'
import type { InterchangeProposal } from './interchange.schema.ts'

const hostile: string[] = blns

type Line = ExportableProposal['lines'][number]

function line(unitPrice: string, taxes: TaxInput[], extra: Partial<Line> = {}): Line {
  return {
    description: 'Work',
    quantity: '1',
    unit: 'h',
    unitPrice,
    discountPercent: '0',
    taxes,
    optional: false,
    ...extra,
  }
}

function proposal(extra: Partial<ExportableProposal> = {}): ExportableProposal {
  return {
    id: '01938a7e-5b1c-7c3d-8e4f-123456789abc',
    number: 'PR-2026-0007',
    title: 'Website relaunch',
    status: 'sent',
    currency: 'EUR',
    issueDate: '2026-03-09',
    validUntil: '2026-04-08',
    taxRounding: 'per-document',
    pricesIncludeTax: false,
    client: {
      name: 'Müller GmbH',
      contactName: 'Anna Müller',
      email: 'anna@example.com',
      phone: '+49 30 1234',
      address: 'Hauptstr. 1\n10115 Berlin',
      taxId: 'DE123456789',
    },
    documentDiscountPercent: '0',
    terms: 'Net 30',
    notes: '',
    sections: [{ title: 'Scope', body: '# Scope\n\n- design\n- build' }],
    lines: [
      line('299.33', [{ name: '', rate: '20' }]),
      line('179.33', [{ name: '', rate: '20' }]),
      line('99.34', [{ name: '', rate: '20' }]),
    ],
    ...extra,
  }
}

function ok(r: InterchangeParseResult): InterchangeProposal[] {
  if (!r.ok) throw new Error(formatInterchangeErrors(r.errors))
  return r.proposals
}

describe('toInterchange', () => {
  it('writes per-document totals as decimal strings with the currency digits', () => {
    const doc = toInterchange([proposal()])
    expect(doc.format).toBe('proposaldesk/v1')
    const p = doc.proposals[0]
    expect(p?.lines.map((l) => [l.net, l.tax, l.taxRate, l.taxes])).toEqual([
      ['299.33', undefined, '20', undefined],
      ['179.33', undefined, '20', undefined],
      ['99.34', undefined, '20', undefined],
    ])
    expect(p?.totals).toEqual({
      net: '578.00',
      tax: '115.60',
      gross: '693.60',
      taxes: [{ name: '', rate: '20', base: '578.00', tax: '115.60' }],
    })
  })

  it('writes line taxes with per-line rounding', () => {
    const p = toInterchange([proposal({ taxRounding: 'per-line' })]).proposals[0]
    expect(p?.lines.map((l) => l.tax)).toEqual(['59.87', '35.87', '19.87'])
    expect(p?.totals.tax).toBe('115.61')
  })

  it('writes taxes for named or several taxes, and JPY/KWD digits', () => {
    const quebec = [
      { name: 'GST', rate: '5' },
      { name: 'QST', rate: '9.975' },
    ]
    const [cad, jpy, kwd] = toInterchange([
      proposal({ currency: 'CAD', lines: [line('249.99', quebec), line('10', [])] }),
      proposal({ currency: 'JPY', lines: [line('1000', [{ name: '', rate: '10' }])] }),
      proposal({ currency: 'KWD', lines: [line('1.2345', [{ name: 'VAT', rate: '5' }])] }),
    ]).proposals
    expect(cad?.lines[0]?.taxes).toEqual(quebec)
    expect(cad?.lines[1]?.taxes).toEqual([])
    expect(cad?.totals).toMatchObject({ net: '259.99', tax: '37.44', gross: '297.43' })
    expect(jpy?.totals).toMatchObject({ net: '1000', tax: '100', gross: '1100' })
    expect(kwd?.lines[0]?.net).toBe('1.235')
    expect(kwd?.totals).toEqual({
      net: '1.235',
      tax: '0.062',
      gross: '1.297',
      taxes: [{ name: 'VAT', rate: '5', base: '1.235', tax: '0.062' }],
    })
  })

  it('omits absent dates and number, and writes an empty client for none', () => {
    const p = toInterchange([
      proposal({ issueDate: null, validUntil: null, number: '', client: null }),
    ]).proposals[0]
    expect(p).not.toHaveProperty('issueDate')
    expect(p).not.toHaveProperty('number')
    expect(p?.client.name).toBe('')
    const back = interchangeToProposalInput(ok(parseInterchange(JSON.stringify({ ...p })))[0]!)
    expect(back.client).toBeNull()
    expect(back.issueDate).toBeNull()
  })
})

describe('round trip', () => {
  it('toInterchange → text → parseInterchange gives back the same values', () => {
    const originals = [
      proposal(),
      proposal({
        id: '01938a7e-5b1c-7c3d-8e4f-000000000002',
        currency: 'CAD',
        taxRounding: 'per-line',
        pricesIncludeTax: true,
        documentDiscountPercent: '12.5',
        status: 'draft',
        lines: [
          line('114.975', [
            { name: 'GST', rate: '5' },
            { name: 'QST', rate: '9.975' },
          ]),
          line('0.125', [], { quantity: '-2.25', discountPercent: '3.5', optional: true }),
          line('64.22', [{ name: '', rate: '0' }], { unit: '' }),
        ],
        sections: [],
      }),
    ]
    const exported = toInterchange(originals)
    const parsed = ok(parseInterchangeText(JSON.stringify(exported, null, 2)))
    expect(parsed).toHaveLength(2)
    parsed.forEach((p, i) => {
      const o = originals[i]!
      const input = interchangeToProposalInput(p)
      expect(input).toEqual({
        id: o.id,
        number: o.number,
        title: o.title,
        status: o.status,
        currency: o.currency,
        issueDate: o.issueDate,
        validUntil: o.validUntil,
        taxRounding: o.taxRounding,
        pricesIncludeTax: o.pricesIncludeTax,
        client: o.client,
        sections: o.sections,
        lines: o.lines,
        documentDiscountPercent: o.documentDiscountPercent,
        terms: o.terms,
        notes: o.notes,
      })
    })
    // Re-exporting what was imported gives the identical document, totals included.
    const again = toInterchange(
      parsed.map((p, i) => ({
        ...interchangeToProposalInput(p),
        id: originals[i]!.id,
        number: originals[i]!.number,
      })),
    )
    expect(again).toEqual(exported)
  })

  it('keeps every hostile string (BLNS) unchanged', () => {
    const strings = hostile
    const p = proposal({
      title: 'Hostile',
      lines: strings.map((s) =>
        line('1', [{ name: s, rate: '1' }], { description: s, unit: s, optional: true }),
      ),
      sections: strings.map((s) => ({ title: s, body: s })),
      notes: strings.join('\n'),
      terms: strings.join(''),
      client: {
        name: strings.join(' '),
        contactName: strings[100] ?? '',
        email: strings[200] ?? '',
        phone: strings[300] ?? '',
        address: strings[400] ?? '',
        taxId: strings[500] ?? '',
      },
    })
    const text = JSON.stringify(toInterchange([p]))
    const [parsed] = ok(parseInterchangeText(text))
    expect(parsed?.lines.map((l) => l.description)).toEqual(strings)
    expect(parsed?.lines.map((l) => l.unit)).toEqual(strings)
    expect(parsed?.lines.map((l) => l.taxes?.[0]?.name ?? '')).toEqual(strings)
    expect(parsed?.sections).toEqual(strings.map((s) => ({ title: s, body: s })))
    expect(parsed?.notes).toBe(p.notes)
    expect(parsed?.terms).toBe(p.terms)
    expect(parsed?.client).toEqual(p.client)
    // Non-blank hostile strings are fine titles too.
    for (const s of strings.filter((x) => x.trim() !== '')) {
      const r = parseInterchange({ title: s, currency: 'EUR', client: { name: s } })
      expect(ok(r)[0]?.title).toBe(s)
    }
  })

  it('accepts a hostile string as a quantity only when it is a plain decimal', () => {
    for (const s of hostile) {
      const r = parseInterchange({
        title: 'x',
        currency: 'EUR',
        client: { name: 'c' },
        lines: [{ description: 'd', quantity: s, unitPrice: '1' }],
      })
      if (!isDecimalString(s)) {
        expect(r).toEqual({
          ok: false,
          errors: [{ path: 'lines[0].quantity', message: 'not a decimal number' }],
        })
      } else if (!r.ok) {
        // A valid but astronomically large quantity is refused on the field itself.
        expect(r.errors).toMatchObject([
          { path: 'lines[0].quantity', message: 'too large (at most 12 digits before the point)' },
        ])
        expect(s.replace(/^[-+]/, '').split('.')[0]!.length).toBeGreaterThan(12)
      }
    }
  })
})

describe('parseInterchange', () => {
  it('accepts a single proposal and applies the spec defaults', () => {
    const [p] = ok(
      parseInterchange({
        title: 'Minimal',
        currency: 'EUR',
        client: { name: 'ACME' },
        lines: [{ description: 'Consulting', quantity: '2.25', unitPrice: '64.22' }],
      }),
    )
    expect(p).toEqual({
      id: undefined,
      number: undefined,
      title: 'Minimal',
      status: 'draft',
      currency: 'EUR',
      issueDate: undefined,
      validUntil: undefined,
      taxRounding: 'per-document',
      pricesIncludeTax: false,
      client: { name: 'ACME', contactName: '', email: '', phone: '', address: '', taxId: '' },
      sections: [],
      lines: [
        {
          description: 'Consulting',
          quantity: '2.25',
          unit: '',
          unitPrice: '64.22',
          discountPercent: '0',
          taxRate: undefined,
          taxes: undefined,
          optional: false,
        },
      ],
      documentDiscountPercent: '0',
      terms: '',
      notes: '',
    })
    expect(interchangeToProposalInput(p!).lines[0]?.taxes).toEqual([])
  })

  it('converts JSON numbers exactly from their source text', () => {
    const text = `{"format":"proposaldesk/v1","proposals":[{"title":"N","currency":"EUR",
      "client":{"name":"c"},"documentDiscountPercent":2.50,
      "lines":[{"description":"d","quantity":123456789012.5,"unitPrice":0.000001,
                "taxRate":19.0},
               {"description":"e","quantity":1e2,"unitPrice":64.22,"taxes":[{"name":"QST","rate":9.975}]}]}]}`
    const [p] = ok(parseInterchangeText(text))
    expect(p?.documentDiscountPercent).toBe('2.50')
    expect(p?.lines[0]).toMatchObject({
      quantity: '123456789012.5',
      unitPrice: '0.000001',
      taxRate: '19.0',
    })
    expect(p?.lines[1]).toMatchObject({ quantity: '100', unitPrice: '64.22' })
    expect(p?.lines[1]?.taxes).toEqual([{ name: 'QST', rate: '9.975' }])
    expect(interchangeToProposalInput(p!).lines[0]?.taxes).toEqual([{ name: '', rate: '19' }])
    // The same document already parsed by JSON.parse: numbers converted from String(n).
    const [q] = ok(parseInterchange(JSON.parse(text) as unknown))
    expect(q?.lines[1]).toMatchObject({ quantity: '100', unitPrice: '64.22' })
  })

  it('reports every error in the document with its path', () => {
    const r = parseInterchange({
      format: 'proposaldesk/v1',
      proposals: [
        {
          title: 'Fine',
          currency: 'EUR',
          client: { name: 'c' },
          lines: [{ description: 'ok', quantity: '1', unitPrice: '1' }],
        },
        {
          title: '  ',
          status: 'open',
          currency: 'eur',
          issueDate: '2026-02-30',
          validUntil: '2026-3-1',
          taxRounding: 'per-group',
          pricesIncludeTax: 'yes',
          id: 'not-a-uuid',
          client: { name: 5 },
          sections: [{ title: 1, body: 'b' }],
          documentDiscountPercent: '-5',
          lines: [
            { description: 'a', quantity: 'two', unitPrice: '1.1234567', discountPercent: '101' },
            {
              description: 'b',
              quantity: '1',
              unitPrice: '1',
              taxRate: '19',
              taxes: [{ name: 'X', rate: 'abc' }],
            },
            { quantity: '1', unitPrice: 10, taxRate: '-1', optional: 'no' },
            'not an object',
          ],
        },
        { title: 'No client', currency: 'USD' },
        7,
      ],
    })
    expect(r.ok).toBe(false)
    if (r.ok) return
    expect(r.errors).toEqual([
      { path: 'proposals[1].id', message: 'not a UUID' },
      { path: 'proposals[1].title', message: 'required' },
      {
        path: 'proposals[1].status',
        message: 'must be one of draft, sent, accepted, declined, expired, cancelled',
      },
      { path: 'proposals[1].currency', message: 'not a known ISO 4217 currency code' },
      { path: 'proposals[1].issueDate', message: 'not a valid date (YYYY-MM-DD)' },
      { path: 'proposals[1].validUntil', message: 'not a valid date (YYYY-MM-DD)' },
      { path: 'proposals[1].taxRounding', message: 'must be one of per-document, per-line' },
      { path: 'proposals[1].pricesIncludeTax', message: 'must be true or false' },
      { path: 'proposals[1].client.name', message: 'must be a string' },
      { path: 'proposals[1].sections[0].title', message: 'must be a string' },
      { path: 'proposals[1].documentDiscountPercent', message: 'must be between 0 and 100' },
      { path: 'proposals[1].lines[0].quantity', message: 'not a decimal number' },
      { path: 'proposals[1].lines[0].unitPrice', message: 'at most 6 decimal places' },
      { path: 'proposals[1].lines[0].discountPercent', message: 'must be between 0 and 100' },
      { path: 'proposals[1].lines[1].taxes[0].rate', message: 'not a decimal number' },
      { path: 'proposals[1].lines[1].taxes', message: 'give either taxRate or taxes, not both' },
      { path: 'proposals[1].lines[2].description', message: 'required' },
      { path: 'proposals[1].lines[2].taxRate', message: 'must be between 0 and 1000' },
      { path: 'proposals[1].lines[2].optional', message: 'must be true or false' },
      { path: 'proposals[1].lines[3]', message: 'must be an object' },
      { path: 'proposals[2].client', message: 'required' },
      { path: 'proposals[3]', message: 'must be an object' },
    ])
    expect(formatInterchangeErrors(r.errors).split('\n')[11]).toBe(
      'proposals[1].lines[0].quantity: not a decimal number',
    )
  })

  it('reports document-level problems', () => {
    expect(parseInterchange({ format: 'other/v9', proposals: [] })).toEqual({
      ok: false,
      errors: [
        { path: 'format', message: 'unsupported format "other/v9" (expected "proposaldesk/v1")' },
      ],
    })
    expect(parseInterchange({ format: 'proposaldesk/v1' })).toEqual({
      ok: false,
      errors: [{ path: 'proposals', message: 'required' }],
    })
    expect(parseInterchange([])).toMatchObject({ ok: false, errors: [{ path: '' }] })
    const bad = parseInterchangeText('{"format": "proposaldesk/v1", "proposals": [}')
    expect(bad.ok).toBe(false)
    if (!bad.ok)
      expect(bad.errors[0]?.message).toMatch(/^not valid JSON: unexpected character at position 44/)
    expect(parseInterchangeText('{"format":"proposaldesk/v1","proposals":[]}')).toEqual({
      ok: true,
      proposals: [],
    })
  })

  it('rejects amounts too large to total exactly', () => {
    const r = parseInterchange({
      title: 'Huge',
      currency: 'EUR',
      client: { name: 'c' },
      lines: [{ description: 'd', quantity: '99999999999', unitPrice: '99999999' }],
    })
    expect(r).toMatchObject({
      ok: false,
      errors: [{ path: 'lines', message: /amounts too large/ }],
    })
  })

  it('ignores exported computed fields and unknown keys on import', () => {
    const exported = toInterchange([proposal()])
    const tampered = JSON.parse(JSON.stringify(exported)) as {
      proposals: Record<string, unknown>[]
    }
    tampered.proposals[0]!.totals = { net: '1.00', tax: '0.00', gross: '1.00', taxes: [] }
    tampered.proposals[0]!.futureField = { anything: true }
    const [p] = ok(parseInterchange(tampered))
    expect(p).not.toHaveProperty('totals')
    expect(
      toInterchange([{ ...interchangeToProposalInput(p!), id: 'x', number: '' }]).proposals[0]
        ?.totals.tax,
    ).toBe('115.60')
  })
})
