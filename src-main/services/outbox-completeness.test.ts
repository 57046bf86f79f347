import { afterEach, beforeEach, expect, test } from 'vitest'
import { startInProcessHost, type InProcessHost } from '../hosts/in-process.ts'
import {
  expectValidation,
  outboxSince,
  storeCounts,
  unwrap,
} from '../handlers/channel-test-support.ts'
import { SYNCED_TABLES } from '../sync/outbox.ts'

let host: InProcessHost
beforeEach(async () => {
  host = await startInProcessHost()
})
afterEach(async () => {
  await host.close()
})

// Columns a device never sends as an edit: stamps the server sets, derived totals.
const NOT_REPLAYED = new Set([
  'row_version',
  'updated_at',
  'updated_by',
  'net_minor',
  'tax_minor',
  'gross_minor',
])

/** Rebuilds every synced row from the outbox alone (insert = row, patch/delete = merge). */
function replayOutbox(h: InProcessHost): Map<string, Record<string, unknown>> {
  const rows = new Map<string, Record<string, unknown>>()
  for (const m of outboxSince(h, 0)) {
    const key = `${m.entity}/${m.row_id}`
    const fields = Object.fromEntries(
      Object.entries(m.fields)
        .filter(([k]) => !NOT_REPLAYED.has(k))
        .map(([k, v]) => [
          k,
          v !== null && typeof v === 'object' && '$base64' in v ? `b64:${String(v.$base64)}` : v,
        ]),
    )
    if (m.op === 'insert') {
      expect(rows.has(key), `second insert of ${key}`).toBe(false)
      rows.set(key, { ...fields })
    } else {
      const row = rows.get(key)
      expect(row, `${m.op} before insert of ${key}`).toBeDefined()
      Object.assign(row ?? {}, fields)
    }
  }
  return rows
}

function storedRows(h: InProcessHost): Map<string, Record<string, unknown>> {
  const out = new Map<string, Record<string, unknown>>()
  for (const [entity, table] of Object.entries(SYNCED_TABLES)) {
    const rows = h.app.db.sqlite.prepare(`SELECT * FROM ${table}`).all() as Record<
      string,
      unknown
    >[]
    for (const r of rows) {
      const clean: Record<string, unknown> = {}
      for (const [k, v] of Object.entries(r)) {
        if (NOT_REPLAYED.has(k)) continue
        clean[k] = Buffer.isBuffer(v) ? `b64:${v.toString('base64')}` : v
      }
      out.set(`${entity}/${String(r.id)}`, clean)
    }
  }
  return out
}

test('replaying the outbox alone reproduces every synced row after a mixed session', async () => {
  unwrap(await host.invoke('settings.update', { patch: { companyName: 'Replay Ltd' } }))
  unwrap(
    await host.invoke('settings.setLogo', {
      mime: 'image/svg+xml',
      dataBase64: Buffer.from(
        '<svg xmlns="http://www.w3.org/2000/svg" width="8" height="8"><rect width="8" height="8"/></svg>',
      ).toString('base64'),
    }),
  )
  const client = unwrap(await host.invoke('clients.create', { name: 'Client' }))
  unwrap(await host.invoke('clients.update', { id: client.id, patch: { phone: '+1 555' } }))
  const product = unwrap(
    await host.invoke('products.create', { name: 'Thing', unitPrice: '9.99', currency: 'EUR' }),
  )
  const p = unwrap(
    await host.invoke('proposals.create', {
      title: 'Replay',
      clientId: client.id,
      currency: 'EUR',
      sections: [{ title: 'A' }, { title: 'B' }],
      lines: [
        { description: 'one', quantity: '1', unitPrice: '9.99', productId: product.id },
        { description: 'two', quantity: '2', unitPrice: '5' },
        { description: 'three', quantity: '3', unitPrice: '1' },
      ],
    }),
  )
  const [l0, l1, l2] = p.lines
  if (!l0 || !l1 || !l2) throw new Error('lines missing')
  unwrap(
    await host.invoke('proposals.update', {
      id: p.id,
      patch: {
        currency: 'USD',
        sections: [{ ...p.sections[1], body: 'edited' }],
        lines: [
          l2,
          { ...l0, quantity: '4' },
          { description: 'four', quantity: '1', unitPrice: '2' },
        ],
      },
    }),
  )
  const copy = unwrap(await host.invoke('proposals.duplicate', { id: p.id }))
  unwrap(await host.invoke('proposals.setStatus', { id: p.id, status: 'sent' }))
  unwrap(await host.invoke('proposals.delete', { id: copy.id }))
  unwrap(await host.invoke('products.delete', { id: product.id }))
  unwrap(await host.invoke('settings.removeLogo', {}))

  expect(replayOutbox(host)).toEqual(storedRows(host))
})

test('a write that fails after its first statements rolls back the rows, the outbox and the counter', async () => {
  const other = unwrap(
    await host.invoke('proposals.create', {
      title: 'Other',
      currency: 'EUR',
      lines: [{ description: 'x', quantity: '1', unitPrice: '1' }],
    }),
  )
  const foreignLineId = other.lines[0]?.id ?? ''
  const counts = storeCounts(host)
  const counter = host.app.db.sqlite.prepare('SELECT * FROM number_counters').all()
  // The proposal row is inserted before the line ids are checked: the transaction must undo it.
  expectValidation(
    await host.invoke('proposals.create', {
      title: 'Steals a line',
      currency: 'EUR',
      lines: [{ id: foreignLineId, description: 'y', quantity: '1', unitPrice: '1' }],
    }),
    'lines[0].id',
  )
  expect(storeCounts(host)).toEqual(counts)
  expect(host.app.db.sqlite.prepare('SELECT * FROM number_counters').all()).toEqual(counter)
  const next = unwrap(await host.invoke('proposals.create', { title: 'Next', currency: 'EUR' }))
  expect(next.number.endsWith('0002')).toBe(true)
})
