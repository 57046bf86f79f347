import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { startInProcessHost, type InProcessHost } from '../hosts/in-process.ts'
import { unwrap } from '../handlers/channel-test-support.ts'

let host: InProcessHost
let now = new Date('2026-12-03T10:00:00.000Z')
beforeEach(async () => {
  now = new Date('2026-12-03T10:00:00.000Z')
  host = await startInProcessHost({ ports: { clock: { now: () => now } } })
})
afterEach(async () => {
  await host.close()
})

describe('templates', () => {
  test('a proposal saved as a template starts a new draft with its sections, lines, terms and validity', async () => {
    const product = unwrap(
      await host.invoke('products.create', {
        sku: 'AUD-1',
        name: 'Audit day',
        unitPrice: '800',
        currency: 'EUR',
        taxes: [{ name: 'VAT', rate: '20' }],
      }),
    )
    const source = unwrap(
      await host.invoke('proposals.create', {
        title: 'Security audit',
        currency: 'EUR',
        issueDate: '2026-12-01',
        validUntil: '2026-12-15',
        terms: 'Payment within 30 days.',
        notes: 'Internal: upsell pentest',
        documentDiscountPercent: '5',
        sections: [
          { title: 'Scope', body: 'Two web applications.' },
          { title: 'Method', body: 'OWASP ASVS level 2.' },
        ],
        lines: [
          {
            productId: product.id,
            sku: 'AUD-1',
            description: 'Audit day',
            quantity: '3',
            unitPrice: '800',
            taxes: [{ name: 'VAT', rate: '20' }],
          },
          { description: 'Report', quantity: '1', unitPrice: '450.50', optional: true },
        ],
      }),
    )
    const tpl = unwrap(
      await host.invoke('templates.createFromProposal', {
        proposalId: source.id,
        name: 'Audit package',
        description: 'Standard 3-day audit',
      }),
    )
    expect(tpl).toMatchObject({
      name: 'Audit package',
      sectionCount: 2,
      lineCount: 2,
      validityDays: 14,
      terms: 'Payment within 30 days.',
      documentDiscountPercent: '5',
      currency: 'EUR',
    })
    expect(unwrap(await host.invoke('templates.list', {})).map((t) => t.name)).toEqual([
      'Audit package',
    ])

    // Later changes to the source proposal do not reach the template (it holds copies).
    unwrap(
      await host.invoke('proposals.update', {
        id: source.id,
        patch: { sections: [{ title: 'Changed', body: '' }] },
      }),
    )

    now = new Date('2026-12-10T09:00:00.000Z')
    const client = unwrap(await host.invoke('clients.create', { name: 'Wayne Enterprises' }))
    const created = unwrap(
      await host.invoke('templates.createProposal', { templateId: tpl.id, clientId: client.id }),
    )
    expect(created.id).not.toBe(source.id)
    expect(created.number).not.toBe(source.number)
    expect(created).toMatchObject({
      status: 'draft',
      title: 'Security audit',
      clientId: client.id,
      issueDate: '2026-12-10',
      validUntil: '2026-12-24',
      terms: 'Payment within 30 days.',
      notes: 'Internal: upsell pentest',
      documentDiscountPercent: '5',
    })
    expect(created.sections.map((s) => s.title)).toEqual(['Scope', 'Method'])
    expect(created.lines.map((l) => [l.description, l.quantity, l.unitPrice, l.productId])).toEqual(
      [
        ['Audit day', '3', '800', product.id],
        ['Report', '1', '450.5', null],
      ],
    )
    // 3 × 800 = 2400, less 5 % = 2280 net, VAT 20 % = 456 → 2736.00 (the optional line is not totalled)
    expect(created.totals).toMatchObject({ net: 228000, tax: 45600, gross: 273600 })
    const timeline = unwrap(await host.invoke('activity.list', { proposalId: created.id }))
    expect(timeline.map((a) => a.kind)).toContain('template_applied')
  })

  test('a template line whose catalog product was deleted keeps its text but loses the link', async () => {
    const product = unwrap(
      await host.invoke('products.create', { name: 'Gone', unitPrice: '5', currency: 'EUR' }),
    )
    const source = unwrap(
      await host.invoke('proposals.create', {
        title: 'With product',
        lines: [{ productId: product.id, description: 'Gone', quantity: '2', unitPrice: '5' }],
      }),
    )
    const tpl = unwrap(
      await host.invoke('templates.createFromProposal', { proposalId: source.id, name: 'T' }),
    )
    unwrap(await host.invoke('products.delete', { id: product.id }))
    const created = unwrap(
      await host.invoke('templates.createProposal', { templateId: tpl.id, title: 'From T' }),
    )
    expect(created.title).toBe('From T')
    expect(created.lines.map((l) => [l.description, l.productId])).toEqual([['Gone', null]])
  })

  test('rename, then delete: a deleted template is gone from the list and cannot be used', async () => {
    const source = unwrap(await host.invoke('proposals.create', { title: 'Base' }))
    const tpl = unwrap(
      await host.invoke('templates.createFromProposal', { proposalId: source.id, name: 'Old' }),
    )
    const renamed = unwrap(
      await host.invoke('templates.update', { id: tpl.id, patch: { name: 'New name' } }),
    )
    expect(renamed.name).toBe('New name')
    unwrap(await host.invoke('templates.delete', { id: tpl.id }))
    expect(unwrap(await host.invoke('templates.list', {}))).toEqual([])
    const r = await host.invoke('templates.createProposal', { templateId: tpl.id })
    expect(r.ok ? null : r.error.code).toBe('not_found')
  })
})

describe('catalog snapshot on lines', () => {
  test('a line filled from a product keeps its values when the catalog price changes later', async () => {
    const product = unwrap(
      await host.invoke('products.create', {
        sku: 'LIC-1',
        name: 'Licence',
        description: 'Annual licence',
        unit: 'pcs',
        unitPrice: '120',
        currency: 'EUR',
        taxes: [{ name: 'VAT', rate: '20' }],
      }),
    )
    const p = unwrap(
      await host.invoke('proposals.create', {
        title: 'Licences',
        lines: [
          {
            productId: product.id,
            sku: product.sku,
            description: product.description,
            quantity: '5',
            unit: product.unit,
            unitPrice: product.unitPrice,
            taxes: product.taxes,
          },
        ],
      }),
    )
    unwrap(
      await host.invoke('products.update', {
        id: product.id,
        patch: { unitPrice: '150', description: 'Annual licence 2027' },
      }),
    )
    const reread = unwrap(await host.invoke('proposals.get', { id: p.id }))
    expect(reread.lines[0]).toMatchObject({
      productId: product.id,
      sku: 'LIC-1',
      description: 'Annual licence',
      unitPrice: '120',
    })
    // 5 × 120 = 600.00 net + 20 % = 720.00, as quoted
    expect(reread.totals).toMatchObject({ net: 60000, gross: 72000 })
  })
})
