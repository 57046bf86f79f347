import { afterEach, beforeEach, describe, expect, test } from 'vitest'
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

describe('products channels', () => {
  test('create stores canonical decimal strings and records one outbox insert', async () => {
    const before = lastMutationId(host)
    const p = unwrap(
      await host.invoke('products.create', {
        sku: 'CONS-H',
        name: 'Consulting hour',
        unit: 'h',
        unitPrice: '+120.500',
        currency: 'EUR',
        taxes: [{ name: 'VAT', rate: '19.0' }],
      }),
    )
    expect(p).toMatchObject({
      sku: 'CONS-H',
      name: 'Consulting hour',
      unitPrice: '120.5',
      currency: 'EUR',
      taxes: [{ name: 'VAT', rate: '19' }],
      active: true,
    })
    expect(column(host, 'SELECT unit_price FROM products WHERE id = ?', p.id)).toBe('120.5')
    expect(column(host, 'SELECT typeof(unit_price) FROM products WHERE id = ?', p.id)).toBe('text')
    const outbox = outboxSince(host, before)
    expect(outbox.map((o) => [o.entity, o.op, o.row_id])).toEqual([['product', 'insert', p.id]])
    expect(outbox[0]?.fields).toMatchObject({
      unit_price: '120.5',
      taxes: '[{"name":"VAT","rate":"19"}]',
    })
  })

  test('list hides inactive products unless asked and searches name, sku and description', async () => {
    const a = unwrap(
      await host.invoke('products.create', { name: 'Audit', unitPrice: '10', currency: 'EUR' }),
    )
    unwrap(
      await host.invoke('products.create', {
        name: 'Workshop',
        sku: 'AUD-2',
        unitPrice: '10',
        currency: 'EUR',
      }),
    )
    unwrap(await host.invoke('products.update', { id: a.id, patch: { active: false } }))
    expect(unwrap(await host.invoke('products.list', {})).map((p) => p.name)).toEqual(['Workshop'])
    expect(
      unwrap(await host.invoke('products.list', { includeInactive: true })).map((p) => p.name),
    ).toEqual(['Audit', 'Workshop'])
    expect(
      unwrap(await host.invoke('products.list', { search: 'aud', includeInactive: true })).map(
        (p) => p.name,
      ),
    ).toEqual(['Audit', 'Workshop'])
  })

  test('get, update (only changed columns) and soft delete', async () => {
    const p = unwrap(
      await host.invoke('products.create', {
        name: 'Licence',
        unitPrice: '99',
        currency: 'USD',
        taxes: [{ name: 'Sales tax', rate: '8.875' }],
      }),
    )
    expect(unwrap(await host.invoke('products.get', { id: p.id })).unitPrice).toBe('99')
    const before = lastMutationId(host)
    const u = unwrap(
      await host.invoke('products.update', { id: p.id, patch: { unitPrice: '89.990' } }),
    )
    // A patch keeps the fields it leaves out (taxes, active).
    expect(u).toMatchObject({
      unitPrice: '89.99',
      taxes: [{ name: 'Sales tax', rate: '8.875' }],
      active: true,
    })
    const patch = outboxSince(host, before)
    expect(patch).toHaveLength(1)
    expect(Object.keys(patch[0]?.fields ?? {}).sort()).toEqual([
      'unit_price',
      'updated_at',
      'updated_by',
    ])

    unwrap(await host.invoke('products.delete', { id: p.id }))
    expect((await host.invoke('products.get', { id: p.id })).ok).toBe(false)
    expect(column(host, 'SELECT count(*) FROM products WHERE id = ?', p.id)).toBe(1)
    expect(outboxSince(host, before).map((o) => o.op)).toEqual(['patch', 'delete'])
  })

  test('invalid input returns a validation error naming the field and writes nothing', async () => {
    const p = unwrap(
      await host.invoke('products.create', { name: 'Kept', unitPrice: '1', currency: 'EUR' }),
    )
    const counts = storeCounts(host)
    expectValidation(
      await host.invoke('products.create', { name: 'X', unitPrice: '1.1234567', currency: 'EUR' }),
      'unitPrice',
    )
    expectValidation(
      await host.invoke('products.create', { name: 'X', unitPrice: '1', currency: 'XXX' }),
      'currency',
    )
    expectValidation(
      await host.invoke('products.create', { name: 'X', unitPrice: 'ten', currency: 'EUR' }),
      'unitPrice',
    )
    expectValidation(
      await host.invoke('products.create', {
        name: 'X',
        unitPrice: '1',
        currency: 'EUR',
        taxes: [{ name: 'VAT', rate: '-5' }],
      }),
      'taxes[0].rate',
    )
    expectValidation(
      await host.invoke('products.update', { id: p.id, patch: { currency: 'ABC' } }),
      'currency',
    )
    expect(storeCounts(host)).toEqual(counts)
    expect(unwrap(await host.invoke('products.get', { id: p.id })).currency).toBe('EUR')
  })
})
