import fs from 'node:fs'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { stringifyInterchange, toInterchange } from '../../src-shared/interchange/index.ts'
import { startInProcessHost, type InProcessHost } from '../hosts/in-process.ts'
import { expectValidation, storeCounts, unwrap } from '../handlers/channel-test-support.ts'

// The Big List of Naughty Strings (MIT, see blns.LICENSE next to it).
const BLNS = JSON.parse(
  fs.readFileSync(
    new URL('../../src-shared/interchange/fixtures/blns.json', import.meta.url),
    'utf8',
  ),
) as string[]

let host: InProcessHost
beforeAll(async () => {
  host = await startInProcessHost()
})
afterAll(async () => {
  await host.close()
})

test('every naughty string survives as client name and line description: create → store → export', async () => {
  expect(BLNS.length).toBeGreaterThan(500)
  let checked = 0
  for (const s of BLNS) {
    if (s.trim() === '') {
      // A blank client name is refused, and refusing writes nothing.
      const counts = storeCounts(host)
      expectValidation(await host.invoke('clients.create', { name: s }), 'name')
      expect(storeCounts(host)).toEqual(counts)
    }
    const client = s.trim() === '' ? null : unwrap(await host.invoke('clients.create', { name: s }))
    const created = unwrap(
      await host.invoke('proposals.create', {
        title: 'blns',
        clientId: client?.id ?? null,
        currency: 'EUR',
        lines: [{ description: s, quantity: '1', unitPrice: '1', taxes: [] }],
      }),
    )
    // Read back from the store (not the create response) and export it.
    const stored = unwrap(await host.invoke('proposals.get', { id: created.id }))
    const exported = JSON.parse(stringifyInterchange(toInterchange([stored]))) as {
      proposals: { client: { name: string }; lines: { description: string }[] }[]
    }
    const doc = exported.proposals[0]
    expect(doc?.lines[0]?.description, JSON.stringify(s)).toBe(s)
    if (client) {
      expect(client.name, JSON.stringify(s)).toBe(s)
      expect(doc?.client.name, JSON.stringify(s)).toBe(s)
    }
    checked++
  }
  expect(checked).toBe(BLNS.length)
})
