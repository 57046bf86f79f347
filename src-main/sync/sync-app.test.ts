import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startInProcessHost, type InProcessHost } from '../hosts/in-process.ts'
import { pendingCount } from './local-apply.ts'
import {
  createTestServer,
  deviceSnapshot,
  normaliseForCompare,
  serverReachable,
  serverSnapshot,
  type TestServer,
} from './sync-test-kit.ts'

const reachable = await serverReachable()

function ok<T>(r: { ok: true; value: T } | { ok: false; error: { message: string } }): T {
  if (!r.ok) throw new Error(r.error.message)
  return r.value
}

describe.skipIf(!reachable)('two real apps (services → outbox → server → services)', () => {
  let server: TestServer
  let a: InProcessHost
  let b: InProcessHost
  beforeAll(async () => {
    server = await createTestServer()
    a = await startInProcessHost()
    b = await startInProcessHost()
  })
  afterAll(async () => {
    await a?.close()
    await b?.close()
    await server?.drop()
  })

  it('a proposal written through the services on one app arrives intact on the other, with edits both ways', async () => {
    const client = ok(
      await a.invoke('clients.create', { name: 'Acme GmbH', email: 'buy@acme.test' }),
    )
    const created = ok(
      await a.invoke('proposals.create', {
        title: 'Website',
        clientId: client.id,
        currency: 'EUR',
        lines: [
          {
            description: 'Design',
            quantity: '10',
            unitPrice: '95.50',
            taxes: [{ name: 'VAT', rate: '19' }],
          },
          {
            description: 'Hosting',
            quantity: '12',
            unitPrice: '9.99',
            taxes: [{ name: 'VAT', rate: '19' }],
          },
        ],
      }),
    )
    await a.app.sync.syncNow(server.config)
    await b.app.sync.syncNow(server.config)
    const onB = ok(await b.invoke('proposals.get', { id: created.id }))
    expect(onB.title).toBe('Website')
    expect(onB.lines.map((l) => l.description)).toEqual(['Design', 'Hosting'])
    expect(onB.totals).toEqual(ok(await a.invoke('proposals.get', { id: created.id })).totals)

    const fromB = ok(
      await b.invoke('proposals.update', { id: created.id, patch: { terms: 'Net 14 days' } }),
    )
    expect(fromB.terms).toBe('Net 14 days')
    await b.app.sync.syncNow(server.config)
    await a.app.sync.syncNow(server.config)
    expect(ok(await a.invoke('proposals.get', { id: created.id })).terms).toBe('Net 14 days')

    expect(pendingCount(a.app.db)).toBe(0)
    expect(pendingCount(b.app.db)).toBe(0)
    // Both apps hold exactly the server's rows (company settings included).
    const srv = normaliseForCompare(await serverSnapshot(server.admin))
    expect(normaliseForCompare(deviceSnapshot(a.app.db))).toEqual(srv)
    expect(normaliseForCompare(deviceSnapshot(b.app.db))).toEqual(srv)
  })
})
