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

describe('clients channels', () => {
  test('create stores the client and records one outbox insert in the same commit', async () => {
    const events: unknown[] = []
    host.transport.subscribe('data.changed', (e) => events.push(e))
    const before = lastMutationId(host)
    const client = unwrap(
      await host.invoke('clients.create', {
        name: 'Acme GmbH',
        email: 'buyer@acme.example',
        address: 'Hauptstraße 1\n10115 Berlin',
      }),
    )
    expect(client).toMatchObject({
      name: 'Acme GmbH',
      email: 'buyer@acme.example',
      address: 'Hauptstraße 1\n10115 Berlin',
      contactName: '',
      deletedAt: null,
    })
    expect(client.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-/)
    expect(client.createdAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/)
    expect(column(host, 'SELECT name FROM clients WHERE id = ?', client.id)).toBe('Acme GmbH')
    const outbox = outboxSince(host, before)
    expect(outbox).toHaveLength(1)
    expect(outbox[0]).toMatchObject({
      entity: 'client',
      row_id: client.id,
      op: 'insert',
      base_version: 0,
    })
    expect(outbox[0]?.fields).toMatchObject({ name: 'Acme GmbH', email: 'buyer@acme.example' })
    expect(outbox[0]?.fields).not.toHaveProperty('row_version')
    expect(events).toEqual([{ entity: 'client', ids: [client.id] }])
  })

  test('list searches name, contact and email, sorted by name, without deleted clients', async () => {
    const zeta = unwrap(await host.invoke('clients.create', { name: 'Zeta Corp' }))
    unwrap(await host.invoke('clients.create', { name: 'acme ltd', contactName: 'Jo' }))
    unwrap(await host.invoke('clients.create', { name: 'Beta', email: 'ops@acme.example' }))
    const all = unwrap(await host.invoke('clients.list', {}))
    expect(all.map((c) => c.name)).toEqual(['acme ltd', 'Beta', 'Zeta Corp'])
    const acme = unwrap(await host.invoke('clients.list', { search: 'ACME' }))
    expect(acme.map((c) => c.name)).toEqual(['acme ltd', 'Beta'])
    // LIKE wildcards are literal.
    expect(unwrap(await host.invoke('clients.list', { search: '%' }))).toEqual([])
    unwrap(await host.invoke('clients.delete', { id: zeta.id }))
    expect(unwrap(await host.invoke('clients.list', {})).map((c) => c.name)).toEqual([
      'acme ltd',
      'Beta',
    ])
  })

  test('get returns the client; an unknown id is not_found', async () => {
    const c = unwrap(await host.invoke('clients.create', { name: 'Gamma' }))
    expect(unwrap(await host.invoke('clients.get', { id: c.id })).name).toBe('Gamma')
    const missing = await host.invoke('clients.get', { id: 'nope' })
    expect(missing).toMatchObject({ ok: false, error: { code: 'not_found' } })
  })

  test('update patches only the given fields and records only the changed columns', async () => {
    const c = unwrap(
      await host.invoke('clients.create', {
        name: 'Delta',
        email: 'a@delta.example',
        phone: '123',
      }),
    )
    const before = lastMutationId(host)
    const updated = unwrap(
      await host.invoke('clients.update', { id: c.id, patch: { email: 'b@delta.example' } }),
    )
    expect(updated).toMatchObject({ name: 'Delta', email: 'b@delta.example', phone: '123' })
    expect(updated.updatedAt > c.updatedAt).toBe(true)
    const outbox = outboxSince(host, before)
    expect(outbox).toHaveLength(1)
    expect(outbox[0]?.op).toBe('patch')
    expect(Object.keys(outbox[0]?.fields ?? {}).sort()).toEqual([
      'email',
      'updated_at',
      'updated_by',
    ])
    expect(outbox[0]?.fields.email).toBe('b@delta.example')

    // A patch that changes nothing writes nothing.
    const again = lastMutationId(host)
    unwrap(await host.invoke('clients.update', { id: c.id, patch: { email: 'b@delta.example' } }))
    expect(outboxSince(host, again)).toEqual([])
  })

  test('delete is soft: the row stays, list and get no longer show it, one outbox delete', async () => {
    const c = unwrap(await host.invoke('clients.create', { name: 'Epsilon' }))
    const before = lastMutationId(host)
    expect(unwrap(await host.invoke('clients.delete', { id: c.id }))).toEqual({ id: c.id })
    expect(column(host, 'SELECT deleted_at FROM clients WHERE id = ?', c.id)).toMatch(/Z$/)
    expect((await host.invoke('clients.get', { id: c.id })).ok).toBe(false)
    const outbox = outboxSince(host, before)
    expect(outbox.map((o) => [o.entity, o.op])).toEqual([['client', 'delete']])
    expect(Object.keys(outbox[0]?.fields ?? {})).toEqual(['deleted_at'])
    expect(await host.invoke('clients.delete', { id: c.id })).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    })
  })

  test('invalid input returns a validation error naming the field and writes nothing', async () => {
    const c = unwrap(await host.invoke('clients.create', { name: 'Zed' }))
    const counts = storeCounts(host)
    expectValidation(await host.invoke('clients.create', { name: '   ' }), 'name')
    expectValidation(await host.invoke('clients.create', { name: 'X', email: 'not-mail' }), 'email')
    expectValidation(
      await host.invoke('clients.update', { id: c.id, patch: { email: 'nope' } }),
      'patch.email',
    )
    expectValidation(
      await host.invoke('clients.update', { id: c.id, patch: { name: '' } }),
      'patch.name',
    )
    expect(storeCounts(host)).toEqual(counts)
    expect(unwrap(await host.invoke('clients.get', { id: c.id })).name).toBe('Zed')
  })

  test('names keep surrounding whitespace exactly as typed', async () => {
    const c = unwrap(await host.invoke('clients.create', { name: '  Padded\u3000' }))
    expect(c.name).toBe('  Padded\u3000')
  })
})
