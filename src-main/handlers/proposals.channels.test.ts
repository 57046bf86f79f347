import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest'
import type { LineInput } from '../../src-shared/ipc/schemas.ts'
import { startInProcessHost, type InProcessHost } from '../hosts/in-process.ts'
import {
  column,
  expectValidation,
  lastMutationId,
  outboxSince,
  storeCounts,
  unwrap,
} from './channel-test-support.ts'

let host: InProcessHost
beforeEach(async () => {
  host = await startInProcessHost()
})
afterEach(async () => {
  await host.close()
})

const vat = (rate: string) => [{ name: 'VAT', rate }]
const line = (
  description: string,
  quantity: string,
  unitPrice: string,
  extra: Partial<LineInput> = {},
) => ({
  description,
  quantity,
  unitPrice,
  taxes: vat('20'),
  ...extra,
})

async function newClient(name = 'Acme Ltd') {
  return unwrap(await host.invoke('clients.create', { name }))
}

describe('proposals.create', () => {
  test('138.66 at 19 % returns gross 165.01 and stores the same snapshot', async () => {
    const client = await newClient()
    const p = unwrap(
      await host.invoke('proposals.create', {
        title: 'One line',
        clientId: client.id,
        currency: 'EUR',
        lines: [line('Service', '1', '138.66', { taxes: vat('19') })],
      }),
    )
    expect(p.totals).toMatchObject({ net: 13866, tax: 2635, gross: 16501 })
    expect(p.totals.taxes).toEqual([{ name: 'VAT', rate: '19', base: 13866, tax: 2635 }])
    expect(p.lineTotals).toEqual([{ net: 13866, tax: 2635, gross: 16501 }])
    expect(column(host, 'SELECT gross_minor FROM proposals WHERE id = ?', p.id)).toBe(16501)
    expect(column(host, 'SELECT tax_minor FROM proposals WHERE id = ?', p.id)).toBe(2635)
    expect(column(host, 'SELECT net_minor FROM line_items WHERE proposal_id = ?', p.id)).toBe(13866)
    expect(p.client).toEqual({
      name: 'Acme Ltd',
      contactName: '',
      email: '',
      phone: '',
      address: '',
      taxId: '',
    })
  })

  test('three lines at 20 %: per-document tax 115.60, per-line 115.61', async () => {
    const lines = [line('A', '1', '299.33'), line('B', '1', '179.33'), line('C', '1', '99.34')]
    const doc = unwrap(
      await host.invoke('proposals.create', { title: 'Doc', currency: 'EUR', lines }),
    )
    const perLine = unwrap(
      await host.invoke('proposals.create', {
        title: 'Line',
        currency: 'EUR',
        taxRounding: 'per-line',
        lines,
      }),
    )
    expect(doc.totals.tax).toBe(11560)
    expect(perLine.totals.tax).toBe(11561)
    expect(column(host, 'SELECT tax_minor FROM proposals WHERE id = ?', perLine.id)).toBe(11561)
  })

  test('defaults come from the company settings', async () => {
    unwrap(
      await host.invoke('settings.update', {
        patch: {
          defaultCurrency: 'CHF',
          validityDays: 14,
          defaultTerms: 'Payable within 30 days.',
          taxRounding: 'per-line',
          pricesIncludeTax: true,
        },
      }),
    )
    const today = new Date().toISOString().slice(0, 10)
    const p = unwrap(await host.invoke('proposals.create', {}))
    expect(p).toMatchObject({
      title: 'Untitled proposal',
      status: 'draft',
      currency: 'CHF',
      issueDate: today,
      terms: 'Payable within 30 days.',
      taxRounding: 'per-line',
      pricesIncludeTax: true,
      documentDiscountPercent: '0',
      clientId: null,
      client: null,
      sections: [],
      lines: [],
      isSample: false,
    })
    const expected = new Date(Date.parse(`${today}T00:00:00Z`) + 14 * 86_400_000)
    expect(p.validUntil).toBe(expected.toISOString().slice(0, 10))
    const explicit = unwrap(
      await host.invoke('proposals.create', { issueDate: '2026-02-20', currency: 'JPY' }),
    )
    expect(explicit).toMatchObject({
      issueDate: '2026-02-20',
      validUntil: '2026-03-06',
      currency: 'JPY',
    })
  })

  test('writes the proposal, its sections and lines with one outbox insert each, in order', async () => {
    unwrap(await host.invoke('settings.get', {}))
    const before = lastMutationId(host)
    const p = unwrap(
      await host.invoke('proposals.create', {
        title: 'Outbox',
        currency: 'EUR',
        sections: [{ title: 'Intro', body: 'Hello' }, { title: 'Scope' }],
        lines: [
          line('A', '2', '10'),
          line('B', '1', '5'),
          line('C', '3', '1.5', { optional: true }),
        ],
      }),
    )
    const outbox = outboxSince(host, before)
    expect(outbox.map((o) => [o.entity, o.op, o.row_id])).toEqual([
      ['proposal', 'insert', p.id],
      ['proposal_section', 'insert', p.sections[0]?.id],
      ['proposal_section', 'insert', p.sections[1]?.id],
      ['line_item', 'insert', p.lines[0]?.id],
      ['line_item', 'insert', p.lines[1]?.id],
      ['line_item', 'insert', p.lines[2]?.id],
    ])
    // Derived totals never travel as authored fields.
    expect(outbox[0]?.fields).toMatchObject({ number: p.number, title: 'Outbox', currency: 'EUR' })
    expect(outbox[0]?.fields).not.toHaveProperty('gross_minor')
    expect(outbox[3]?.fields).toMatchObject({ description: 'A', quantity: '2', unit_price: '10' })
    expect(outbox[3]?.fields).not.toHaveProperty('net_minor')
    // Positions are fractional-index keys in list order.
    const positions = outbox.slice(3).map((o) => o.fields.position as string)
    expect([...positions].sort()).toEqual(positions)
    expect(p.totals).toMatchObject({ net: 2500, tax: 500, gross: 3000, optionalNet: 450 })
  })

  test('decimal inputs are stored canonically, never as floats', async () => {
    const p = unwrap(
      await host.invoke('proposals.create', {
        title: 'Decimals',
        currency: 'EUR',
        documentDiscountPercent: '5.50',
        lines: [line('A', '+2.50', '0.125000', { discountPercent: '10.0', taxes: vat('9.9750') })],
      }),
    )
    expect(p.lines[0]).toMatchObject({
      quantity: '2.5',
      unitPrice: '0.125',
      discountPercent: '10',
      taxes: [{ name: 'VAT', rate: '9.975' }],
    })
    expect(p.documentDiscountPercent).toBe('5.5')
    const types = host.app.db.sqlite
      .prepare(
        'SELECT typeof(quantity) AS q, typeof(unit_price) AS u FROM line_items WHERE proposal_id = ?',
      )
      .get(p.id)
    expect(types).toEqual({ q: 'text', u: 'text' })
  })

  test('invalid input is rejected with the field path and writes nothing', async () => {
    const client = await newClient()
    unwrap(await host.invoke('settings.get', {}))
    const product = unwrap(
      await host.invoke('products.create', { name: 'P', unitPrice: '1', currency: 'EUR' }),
    )
    unwrap(await host.invoke('products.delete', { id: product.id }))
    const counts = storeCounts(host)
    const base = { title: 'Bad', clientId: client.id, currency: 'EUR' }
    expectValidation(
      await host.invoke('proposals.create', { ...base, lines: [line('A', 'abc', '1')] }),
      'lines[0].quantity',
    )
    expectValidation(
      await host.invoke('proposals.create', {
        ...base,
        lines: [line('A', '1', '1'), line('B', '1', '1.1234567')],
      }),
      'lines[1].unitPrice',
    )
    expectValidation(
      await host.invoke('proposals.create', { ...base, currency: 'XYZ' }),
      'currency',
    )
    expectValidation(
      await host.invoke('proposals.create', { ...base, clientId: 'no-such-client' }),
      'clientId',
    )
    expectValidation(
      await host.invoke('proposals.create', {
        ...base,
        lines: [line('A', '1', '1', { productId: product.id })],
      }),
      'lines[0].productId',
    )
    expectValidation(
      await host.invoke('proposals.create', {
        ...base,
        lines: [line('Huge', '99999999999999999999', '1')],
      }),
      'lines[0].quantity',
    )
    expectValidation(
      await host.invoke('proposals.create', {
        ...base,
        lines: [line('Huge', '1', '999999999999999999999')],
      }),
      'lines[0].unitPrice',
    )
    // Each line fits, their sum does not.
    expectValidation(
      await host.invoke('proposals.create', {
        ...base,
        lines: [
          line('A', '50', '999999999999', { taxes: [] }),
          line('B', '50', '999999999999', { taxes: [] }),
        ],
      }),
      'lines',
    )
    expectValidation(
      await host.invoke('proposals.create', {
        ...base,
        lines: [line('A', '1', '1', { discountPercent: '101' })],
      }),
      'lines[0].discountPercent',
    )
    expectValidation(
      await host.invoke('proposals.create', {
        ...base,
        issueDate: '2026-05-10',
        validUntil: '2026-05-01',
      }),
      'validUntil',
    )
    expectValidation(
      await host.invoke('proposals.create', { ...base, issueDate: '2026-02-30' }),
      'issueDate',
    )
    expect(storeCounts(host)).toEqual(counts)
  })
})

describe('proposals.update', () => {
  async function draftWithLines(n = 4) {
    return unwrap(
      await host.invoke('proposals.create', {
        title: 'Draft',
        currency: 'EUR',
        sections: [{ title: 'S1' }, { title: 'S2' }],
        lines: Array.from({ length: n }, (_, i) => line(`L${i}`, '1', String(10 * (i + 1)))),
      }),
    )
  }
  const positionsOf = (proposalId: string) =>
    Object.fromEntries(
      (
        host.app.db.sqlite
          .prepare(
            'SELECT id, position FROM line_items WHERE proposal_id = ? AND deleted_at IS NULL',
          )
          .all(proposalId) as { id: string; position: string }[]
      ).map((r) => [r.id, r.position]),
    )

  test('a changed line records one line patch with only that column plus the proposal stamp', async () => {
    const p = await draftWithLines(3)
    const before = lastMutationId(host)
    const lines = p.lines.map((l, i) => (i === 1 ? { ...l, quantity: '3' } : l))
    const u = unwrap(
      await host.invoke('proposals.update', {
        id: p.id,
        patch: { lines },
        expectedUpdatedAt: p.updatedAt,
      }),
    )
    expect(u.lines[1]?.quantity).toBe('3')
    expect(u.totals.net).toBe(1000 + 6000 + 3000)
    expect(column(host, 'SELECT net_minor FROM proposals WHERE id = ?', p.id)).toBe(10000)
    expect(column(host, 'SELECT gross_minor FROM proposals WHERE id = ?', p.id)).toBe(12000)
    expect(column(host, 'SELECT net_minor FROM line_items WHERE id = ?', p.lines[1]?.id)).toBe(6000)
    const outbox = outboxSince(host, before)
    expect(outbox.map((o) => [o.entity, o.op, o.row_id])).toEqual([
      ['line_item', 'patch', p.lines[1]?.id],
      ['proposal', 'patch', p.id],
    ])
    expect(Object.keys(outbox[0]?.fields ?? {}).sort()).toEqual([
      'quantity',
      'updated_at',
      'updated_by',
    ])
    expect(Object.keys(outbox[1]?.fields ?? {}).sort()).toEqual(['updated_at', 'updated_by'])
    expect(u.updatedAt > p.updatedAt).toBe(true)
  })

  test('moving one line changes only that line’s position', async () => {
    const p = await draftWithLines(4)
    const before = positionsOf(p.id)
    const moved = p.lines[3]
    if (!moved) throw new Error('no line')
    const reordered = [p.lines[0], moved, p.lines[1], p.lines[2]].flatMap((l) => (l ? [l] : []))
    const mark = lastMutationId(host)
    const u = unwrap(
      await host.invoke('proposals.update', { id: p.id, patch: { lines: reordered } }),
    )
    expect(u.lines.map((l) => l.description)).toEqual(['L0', 'L3', 'L1', 'L2'])
    const after = positionsOf(p.id)
    const changed = Object.keys(after).filter((id) => after[id] !== before[id])
    expect(changed).toEqual([moved.id])
    const outbox = outboxSince(host, mark)
    expect(outbox.map((o) => [o.entity, o.row_id])).toEqual([
      ['line_item', moved.id],
      ['proposal', p.id],
    ])
    expect(Object.keys(outbox[0]?.fields ?? {}).sort()).toEqual([
      'position',
      'updated_at',
      'updated_by',
    ])
    // Totals do not depend on order.
    expect(u.totals).toEqual(p.totals)
  })

  test('missing lines are soft-deleted, new ones inserted, sections diffed by id', async () => {
    const p = await draftWithLines(3)
    const mark = lastMutationId(host)
    const u = unwrap(
      await host.invoke('proposals.update', {
        id: p.id,
        patch: {
          title: 'Renamed',
          sections: [{ ...p.sections[1], title: 'S2 edited' }],
          lines: [p.lines[0], line('New', '1', '7'), p.lines[2]].flatMap((l) => (l ? [l] : [])),
        },
      }),
    )
    expect(u.title).toBe('Renamed')
    expect(u.sections.map((s) => s.title)).toEqual(['S2 edited'])
    expect(u.lines.map((l) => l.description)).toEqual(['L0', 'New', 'L2'])
    expect(column(host, 'SELECT deleted_at FROM line_items WHERE id = ?', p.lines[1]?.id)).toMatch(
      /Z$/,
    )
    const ops = outboxSince(host, mark).map((o) => `${o.entity}:${o.op}`)
    expect(ops.sort()).toEqual(
      [
        'proposal_section:patch',
        'proposal_section:delete',
        'line_item:insert',
        'line_item:delete',
        'proposal:patch',
      ].sort(),
    )
  })

  test('a stale expectedUpdatedAt is a conflict and writes nothing', async () => {
    const p = await draftWithLines(1)
    unwrap(await host.invoke('proposals.update', { id: p.id, patch: { title: 'First' } }))
    const counts = storeCounts(host)
    const mark = lastMutationId(host)
    const r = await host.invoke('proposals.update', {
      id: p.id,
      patch: { title: 'Second' },
      expectedUpdatedAt: p.updatedAt,
    })
    expect(r).toMatchObject({ ok: false, error: { code: 'conflict' } })
    expect(storeCounts(host)).toEqual(counts)
    expect(outboxSince(host, mark)).toEqual([])
    expect(unwrap(await host.invoke('proposals.get', { id: p.id })).title).toBe('First')
  })

  test('invalid lines in an update name the field and change nothing', async () => {
    const p = await draftWithLines(2)
    const counts = storeCounts(host)
    const mark = lastMutationId(host)
    const bad = [p.lines[0], { ...p.lines[1], quantity: '1.5.2' }]
    const zodError = await host.invoke('proposals.update', {
      id: p.id,
      patch: { lines: bad as never },
    })
    expectValidation(zodError, 'lines[1].quantity')
    const twice = await host.invoke('proposals.update', {
      id: p.id,
      patch: { lines: [p.lines[0], p.lines[0]].flatMap((l) => (l ? [l] : [])) },
    })
    expectValidation(twice, 'lines[1].id')
    expect(storeCounts(host)).toEqual(counts)
    expect(outboxSince(host, mark)).toEqual([])
    expect(unwrap(await host.invoke('proposals.get', { id: p.id })).lines[1]?.quantity).toBe('1')
  })

  test('only drafts are edited in place: editing a sent proposal creates its next revision', async () => {
    const client = await newClient()
    const p = unwrap(
      await host.invoke('proposals.create', {
        title: 'Sent',
        clientId: client.id,
        currency: 'EUR',
      }),
    )
    const sent = unwrap(await host.invoke('proposals.setStatus', { id: p.id, status: 'sent' }))
    const r = unwrap(await host.invoke('proposals.update', { id: p.id, patch: { title: 'Edit' } }))
    expect(r).toMatchObject({ number: p.number, revision: 1, revisionOf: p.id, status: 'draft' })
    expect(r.id).not.toBe(p.id)
    // The sent one is untouched (issue 4: revisions; see revision.service.test.ts).
    expect(unwrap(await host.invoke('proposals.get', { id: p.id }))).toEqual(sent)
  })

  test('an unknown id is not_found', async () => {
    expect(await host.invoke('proposals.update', { id: 'missing', patch: {} })).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    })
  })
})

describe('proposals.list', () => {
  test('searches number, title and client name; filters by status; sorts and pages', async () => {
    const acme = await newClient('Acme Ltd')
    const zen = await newClient('Zen Studio')
    const a = unwrap(
      await host.invoke('proposals.create', {
        title: 'Website',
        clientId: acme.id,
        currency: 'EUR',
        validUntil: '2027-03-01',
        lines: [line('x', '1', '300')],
      }),
    )
    const b = unwrap(
      await host.invoke('proposals.create', {
        title: 'Branding',
        clientId: zen.id,
        currency: 'EUR',
        validUntil: '2027-01-01',
        lines: [line('x', '1', '100')],
      }),
    )
    const c = unwrap(
      await host.invoke('proposals.create', {
        title: 'Hosting',
        currency: 'EUR',
        validUntil: '2027-02-01',
        lines: [line('x', '1', '200')],
      }),
    )
    unwrap(await host.invoke('proposals.setStatus', { id: b.id, status: 'sent' }))

    const all = unwrap(await host.invoke('proposals.list', {}))
    expect(all.total).toBe(3)
    expect(all.items[0]?.id).toBe(b.id) // most recently updated first
    const byClient = unwrap(await host.invoke('proposals.list', { search: 'zen' }))
    expect(byClient.items.map((i) => [i.title, i.clientName])).toEqual([['Branding', 'Zen Studio']])
    const byNumber = unwrap(await host.invoke('proposals.list', { search: c.number }))
    expect(byNumber.items.map((i) => i.id)).toEqual([c.id])
    const byTitle = unwrap(await host.invoke('proposals.list', { search: 'WEB' }))
    expect(byTitle.items.map((i) => i.id)).toEqual([a.id])
    const sent = unwrap(await host.invoke('proposals.list', { status: 'sent' }))
    expect(sent.items.map((i) => i.id)).toEqual([b.id])

    const byTotal = unwrap(await host.invoke('proposals.list', { sort: 'total', direction: 'asc' }))
    expect(byTotal.items.map((i) => i.gross)).toEqual([12000, 24000, 36000])
    const byClientName = unwrap(
      await host.invoke('proposals.list', { sort: 'client', direction: 'asc' }),
    )
    expect(byClientName.items.map((i) => i.clientName)).toEqual(['', 'Acme Ltd', 'Zen Studio'])
    const byValid = unwrap(
      await host.invoke('proposals.list', { sort: 'validUntil', direction: 'desc' }),
    )
    expect(byValid.items.map((i) => i.title)).toEqual(['Website', 'Hosting', 'Branding'])
    const byNumberAsc = unwrap(
      await host.invoke('proposals.list', { sort: 'number', direction: 'asc' }),
    )
    expect(byNumberAsc.items.map((i) => i.id)).toEqual([a.id, b.id, c.id])
    const byTitleAsc = unwrap(
      await host.invoke('proposals.list', { sort: 'title', direction: 'asc' }),
    )
    expect(byTitleAsc.items.map((i) => i.title)).toEqual(['Branding', 'Hosting', 'Website'])

    const page = unwrap(
      await host.invoke('proposals.list', {
        sort: 'created',
        direction: 'asc',
        limit: 2,
        offset: 1,
      }),
    )
    expect(page.total).toBe(3)
    expect(page.items.map((i) => i.id)).toEqual([b.id, c.id])
    expect(page.items[0]).toMatchObject({
      number: b.number,
      status: 'sent',
      net: 10000,
      gross: 12000,
    })
  })

  test('the client name of a sent proposal is the frozen one', async () => {
    const client = await newClient('Old Name')
    const p = unwrap(
      await host.invoke('proposals.create', { title: 'T', clientId: client.id, currency: 'EUR' }),
    )
    unwrap(await host.invoke('proposals.setStatus', { id: p.id, status: 'sent' }))
    unwrap(await host.invoke('clients.update', { id: client.id, patch: { name: 'New Name' } }))
    const list = unwrap(await host.invoke('proposals.list', { search: 'old name' }))
    expect(list.items.map((i) => i.clientName)).toEqual(['Old Name'])
  })
})

describe('proposals get / resolve / duplicate / delete', () => {
  test('get and resolve by id or number', async () => {
    const p = unwrap(await host.invoke('proposals.create', { title: 'Find me', currency: 'EUR' }))
    expect(unwrap(await host.invoke('proposals.get', { id: p.id })).title).toBe('Find me')
    expect(host.app.services.proposals.resolve(p.number).id).toBe(p.id)
    expect(host.app.services.proposals.resolve(p.id).number).toBe(p.number)
    expect(() => host.app.services.proposals.resolve('PR-1999-9999')).toThrow(
      /No proposal has the id or number/,
    )
    expect(await host.invoke('proposals.get', { id: 'x' })).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    })
  })

  test('duplicate makes a new draft with a new number and new section/line ids', async () => {
    const client = await newClient()
    const p = unwrap(
      await host.invoke('proposals.create', {
        title: 'Original',
        clientId: client.id,
        currency: 'EUR',
        sections: [{ title: 'Intro', body: 'Body' }],
        lines: [line('A', '2', '10'), line('B', '1', '5', { optional: true })],
      }),
    )
    unwrap(await host.invoke('proposals.setStatus', { id: p.id, status: 'sent' }))
    const mark = lastMutationId(host)
    const d = unwrap(await host.invoke('proposals.duplicate', { id: p.id }))
    expect(d.id).not.toBe(p.id)
    expect(d.number).not.toBe(p.number)
    expect(d).toMatchObject({ title: 'Original (copy)', status: 'draft', clientId: client.id })
    expect(d.sections.map((s) => [s.title, s.body])).toEqual([['Intro', 'Body']])
    expect(d.lines.map((l) => [l.description, l.quantity, l.optional])).toEqual([
      ['A', '2', false],
      ['B', '1', true],
    ])
    expect(d.sections[0]?.id).not.toBe(p.sections[0]?.id)
    expect(d.lines.map((l) => l.id).some((id) => p.lines.some((o) => o.id === id))).toBe(false)
    expect(d.totals).toEqual(p.totals)
    expect(outboxSince(host, mark).map((o) => `${o.entity}:${o.op}`)).toEqual([
      'proposal:insert',
      'proposal_section:insert',
      'line_item:insert',
      'line_item:insert',
    ])
    // The original is untouched.
    expect(unwrap(await host.invoke('proposals.get', { id: p.id })).status).toBe('sent')
  })

  test('delete is soft and the number is never reused', async () => {
    const p = unwrap(await host.invoke('proposals.create', { title: 'Gone', currency: 'EUR' }))
    const mark = lastMutationId(host)
    expect(unwrap(await host.invoke('proposals.delete', { id: p.id }))).toEqual({ id: p.id })
    expect(outboxSince(host, mark).map((o) => [o.entity, o.op, Object.keys(o.fields)])).toEqual([
      ['proposal', 'delete', ['deleted_at']],
    ])
    expect(unwrap(await host.invoke('proposals.list', {})).total).toBe(0)
    expect((await host.invoke('proposals.get', { id: p.id })).ok).toBe(false)
    expect(column(host, 'SELECT count(*) FROM proposals WHERE id = ?', p.id)).toBe(1)
    const next = unwrap(await host.invoke('proposals.create', { title: 'Next', currency: 'EUR' }))
    expect(next.number).not.toBe(p.number)
  })
})

describe('proposals.setStatus', () => {
  test('sent stores sent_at, freezes the client and commits with synchronous=FULL', async () => {
    const client = unwrap(
      await host.invoke('clients.create', { name: 'Frozen AG', address: 'Bahnhofstr. 1' }),
    )
    const p = unwrap(
      await host.invoke('proposals.create', {
        title: 'Send me',
        clientId: client.id,
        currency: 'EUR',
      }),
    )
    const pragma = vi.spyOn(host.app.db.sqlite, 'pragma')
    const mark = lastMutationId(host)
    const sent = unwrap(await host.invoke('proposals.setStatus', { id: p.id, status: 'sent' }))
    expect(pragma.mock.calls.map((c) => c[0])).toEqual([
      'synchronous = FULL',
      'synchronous = NORMAL',
    ])
    pragma.mockRestore()
    expect(sent.status).toBe('sent')
    expect(column(host, 'SELECT sent_at FROM proposals WHERE id = ?', p.id)).toMatch(/Z$/)
    const outbox = outboxSince(host, mark)
    expect(outbox).toHaveLength(1)
    expect(Object.keys(outbox[0]?.fields ?? {}).sort()).toEqual([
      'client_snapshot',
      'sent_at',
      'status',
      'updated_at',
      'updated_by',
    ])
    unwrap(await host.invoke('clients.update', { id: client.id, patch: { name: 'Renamed AG' } }))
    const reread = unwrap(await host.invoke('proposals.get', { id: p.id }))
    expect(reread.client).toMatchObject({ name: 'Frozen AG', address: 'Bahnhofstr. 1' })
  })

  test('allowed transitions: draft→sent→accepted; final states and sent→draft are invalid_state', async () => {
    const client = await newClient()
    const create = async () =>
      unwrap(
        await host.invoke('proposals.create', { title: 'S', clientId: client.id, currency: 'EUR' }),
      )
    const p = await create()
    const bad = async (
      id: string,
      status: 'draft' | 'sent' | 'accepted' | 'declined' | 'cancelled',
    ) =>
      expect(await host.invoke('proposals.setStatus', { id, status })).toMatchObject({
        ok: false,
        error: { code: 'invalid_state' },
      })
    await bad(p.id, 'accepted')
    unwrap(await host.invoke('proposals.setStatus', { id: p.id, status: 'sent' }))
    await bad(p.id, 'draft')
    const accepted = unwrap(
      await host.invoke('proposals.setStatus', { id: p.id, status: 'accepted' }),
    )
    expect(accepted.status).toBe('accepted')
    await bad(p.id, 'cancelled')
    await bad(p.id, 'declined')

    const q = await create()
    expect(
      unwrap(await host.invoke('proposals.setStatus', { id: q.id, status: 'cancelled' })).status,
    ).toBe('cancelled')
    await bad(q.id, 'sent')

    const noClient = unwrap(await host.invoke('proposals.create', { title: 'N', currency: 'EUR' }))
    await bad(noClient.id, 'sent')
  })

  test('marking sent inside a caller’s transaction (CLI import) works and commits with it', async () => {
    const client = await newClient()
    const p = unwrap(
      await host.invoke('proposals.create', {
        title: 'Batch',
        clientId: client.id,
        currency: 'EUR',
      }),
    )
    const { db, services } = host.app
    db.transaction(() => services.proposals.setStatus(p.id, 'sent'))
    expect(unwrap(await host.invoke('proposals.get', { id: p.id })).status).toBe('sent')
    expect(db.sqlite.pragma('synchronous', { simple: true })).toBe(1) // NORMAL again
  })

  test('setting the current status again writes nothing', async () => {
    const p = unwrap(await host.invoke('proposals.create', { title: 'S', currency: 'EUR' }))
    const mark = lastMutationId(host)
    unwrap(await host.invoke('proposals.setStatus', { id: p.id, status: 'draft' }))
    expect(outboxSince(host, mark)).toEqual([])
  })
})
