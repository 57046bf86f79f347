import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { LocalDb } from '../db/local-database.ts'
import { setServerNumbering } from '../repositories/number-block.repository.ts'
import { allocateProposalNumber } from '../services/numbering.service.ts'
import { numberInBlocks } from './push.ts'
import { runSyncSession } from './sync-session.ts'
import {
  createNumberedProposal,
  createProposal,
  createTestServer,
  openDevice,
  serverReachable,
  type TestServer,
} from './sync-test-kit.ts'

const reachable = await serverReachable()
const clock = { now: () => new Date('2026-12-03T10:00:00Z') }

function localNumbers(db: LocalDb): Map<string, string> {
  const rows = db.sqlite.prepare('SELECT id, number FROM proposals').all() as {
    id: string
    number: string
  }[]
  return new Map(rows.map((r) => [r.id, r.number]))
}

describe('numberInBlocks (server-side check of a pushed number)', () => {
  const blocks = [{ series_key: 'PR-2026-', first_seq: 51, last_seq: 100 }]
  it('accepts a number whose counter lies inside the block, wherever the counter sits', () => {
    expect(numberInBlocks('PR-2026-0051', blocks)).toBe(true)
    expect(numberInBlocks('PR-2026-0100', blocks)).toBe(true)
    expect(numberInBlocks('Q77-2026', [{ series_key: 'Q-2026', first_seq: 1, last_seq: 80 }])).toBe(
      true,
    )
  })
  it('refuses numbers outside the block, of another key, or provisional', () => {
    expect(numberInBlocks('PR-2026-0050', blocks)).toBe(false)
    expect(numberInBlocks('PR-2026-0101', blocks)).toBe(false)
    expect(numberInBlocks('PR-2027-0060', blocks)).toBe(false)
    expect(numberInBlocks('DRAFT-PR-2026-0060', blocks)).toBe(false)
    expect(numberInBlocks('PR-2026-00x1', blocks)).toBe(false)
  })
})

describe('numbering on a device with a sync server configured', () => {
  it('numbers provisionally before its first successful sync, plainly again once the server is removed', async () => {
    const d = await openDevice()
    setServerNumbering(d, true)
    expect(createNumberedProposal(d, clock).number).toBe('DRAFT-PR-2026-0001')
    expect(createNumberedProposal(d, clock).number).toBe('DRAFT-PR-2026-0002')
    setServerNumbering(d, false)
    expect(createNumberedProposal(d, clock).number).toBe('PR-2026-0001')
    d.close()
  })
})

describe.skipIf(!reachable)('per-device number blocks against a real MariaDB/MySQL', () => {
  let server: TestServer
  let a: LocalDb
  let b: LocalDb
  beforeAll(async () => {
    server = await createTestServer()
  })
  afterAll(async () => {
    await server?.drop()
  })
  beforeEach(async () => {
    await server.reset()
    a = await openDevice()
    b = await openDevice()
  })
  const sync = (db: LocalDb, numberReserve?: { min: number; blockSize: number }) =>
    runSyncSession(db, {
      server: server.config,
      userName: 'test',
      now: clock.now,
      ...(numberReserve ? { numberReserve } : {}),
    })

  async function serverNumbers(): Promise<Map<string, string>> {
    const [rows] = await server.admin.query('SELECT id, number, revision FROM proposals')
    const list = rows as { id: string; number: string; revision: number }[]
    const keys = list.map((r) => `${r.number}#${r.revision}`)
    expect(new Set(keys).size, 'numbers unique on the server').toBe(keys.length)
    return new Map(list.map((r) => [r.id, r.number]))
  }

  it('a standalone device (never synced) keeps the plain local counter', () => {
    expect(createNumberedProposal(a, clock).number).toBe('PR-2026-0001')
    expect(createNumberedProposal(a, clock).number).toBe('PR-2026-0002')
  })

  it('two devices offline number from their own blocks: numbers are final and never renumbered', async () => {
    await sync(a)
    await sync(b)
    const made = [
      ...Array.from({ length: 6 }, () => createNumberedProposal(a, clock)),
      ...Array.from({ length: 6 }, () => createNumberedProposal(b, clock)),
    ]
    const offline = made.map((p) => p.number)
    expect(new Set(offline).size).toBe(12)
    for (const n of offline) expect(n).toMatch(/^PR-2026-\d{4}$/)

    await sync(a)
    await sync(b)
    await sync(a)
    const srv = await serverNumbers()
    expect(srv.size).toBe(12)
    for (const p of made) {
      expect(srv.get(p.id)).toBe(p.number)
      expect(localNumbers(a).get(p.id)).toBe(p.number)
      expect(localNumbers(b).get(p.id)).toBe(p.number)
    }
  })

  it('the reserve is topped up only when it runs low, one block per key at a time', async () => {
    await sync(a)
    const [first] = await server.admin.query(
      'SELECT series_key, first_seq, last_seq FROM sync_number_block ORDER BY series_key',
    )
    // Today's key and the key a month ahead (New Year offline).
    expect(first).toEqual([
      { series_key: 'PR-2026-', first_seq: '1', last_seq: '50' },
      { series_key: 'PR-2027-', first_seq: '1', last_seq: '50' },
    ])
    await sync(b)
    for (let i = 0; i < 30; i++) createNumberedProposal(a, clock)
    await sync(a)
    await sync(a)
    const [after] = await server.admin.query(
      "SELECT first_seq, last_seq FROM sync_number_block WHERE series_key = 'PR-2026-' ORDER BY first_seq",
    )
    // a: 1–50 then (20 left after 30 used → no top-up) …; b: 51–100.
    expect(after).toEqual([
      { first_seq: '1', last_seq: '50' },
      { first_seq: '51', last_seq: '100' },
    ])
    createNumberedProposal(a, clock)
    await sync(a)
    const [topped] = await server.admin.query(
      "SELECT first_seq FROM sync_number_block WHERE series_key = 'PR-2026-' ORDER BY first_seq",
    )
    expect((topped as { first_seq: string }[]).map((r) => r.first_seq)).toEqual(['1', '51', '101'])
  })

  it('a device whose reserve runs out offline gets DRAFT- numbers that the server replaces', async () => {
    const small = { min: 1, blockSize: 3 }
    await sync(a, small)
    await sync(b, small)
    const made = Array.from({ length: 5 }, () => createNumberedProposal(a, clock))
    expect(made.map((p) => p.number)).toEqual([
      'PR-2026-0001',
      'PR-2026-0002',
      'PR-2026-0003',
      'DRAFT-PR-2026-0001',
      'DRAFT-PR-2026-0002',
    ])
    const fromB = createNumberedProposal(b, clock)
    expect(fromB.number).toBe('PR-2026-0004')
    await sync(b, small)
    await sync(a, small)
    await sync(b, small)
    const srv = await serverNumbers()
    for (const p of made.slice(0, 3)) expect(srv.get(p.id)).toBe(p.number)
    expect(srv.get(fromB.id)).toBe('PR-2026-0004')
    const assigned = made.slice(3).map((p) => srv.get(p.id))
    // Past every block handed out so far (a: 1–3, b: 4–6; the 2027 keys count separately).
    expect(assigned).toEqual(['PR-2026-0007', 'PR-2026-0008'])
    for (const p of made) expect(localNumbers(a).get(p.id)).toBe(srv.get(p.id))
    expect(localNumbers(b).get(made[3]?.id ?? '')).toBe('PR-2026-0007')
    // The session topped the reserve up again: the next number is final.
    expect(createNumberedProposal(a, clock).number).toMatch(/^PR-2026-\d{4}$/)
  })

  it('a new year with no block yet numbers provisionally; the server gives the final number', async () => {
    await sync(a)
    const p = createNumberedProposal(a, clock, '2028-01-05')
    expect(p.number).toBe('DRAFT-PR-2028-0001')
    await sync(a)
    expect((await serverNumbers()).get(p.id)).toBe('PR-2028-0001')
    expect(localNumbers(a).get(p.id)).toBe('PR-2028-0001')
  })

  it('a desktop account without the v2 grant still syncs, numbering provisionally', async () => {
    const user = `pd_t_${Math.random().toString(36).slice(2, 8)}`
    const db = server.config.database
    await server.admin.query(`CREATE USER '${user}'@'%' IDENTIFIED BY 'pw-${user}'`)
    try {
      await server.admin.query(`GRANT SELECT, INSERT, UPDATE ON \`${db}\`.* TO '${user}'@'%'`)
      await server.admin.query(`REVOKE INSERT ON \`${db}\`.* FROM '${user}'@'%'`)
      for (const t of ['sync_change', 'sync_client', 'sync_mutation_result', 'proposals']) {
        await server.admin.query(`GRANT INSERT ON \`${db}\`.${t} TO '${user}'@'%'`)
      }
      await server.admin.query(`GRANT INSERT ON \`${db}\`.sync_number_counter TO '${user}'@'%'`)
      const limited = { ...server.config, user, password: `pw-${user}` }
      await runSyncSession(a, { server: limited, now: clock.now })
      const p = createNumberedProposal(a, clock)
      expect(p.number).toBe('DRAFT-PR-2026-0001')
      await runSyncSession(a, { server: limited, now: clock.now })
      expect(localNumbers(a).get(p.id)).toBe('PR-2026-0001')
    } finally {
      await server.admin.query(`DROP USER '${user}'@'%'`)
    }
  })

  it("a number from another device's block is not accepted: the server renumbers it", async () => {
    await sync(a)
    await sync(b)
    const aNext = allocateProposalNumber(a, 'PR-{YYYY}-{SEQ:4}', '2026-12-03')
    expect(aNext).toBe('PR-2026-0001')
    const forged = createProposal(b, clock, { number: aNext })
    await sync(b)
    const n = (await serverNumbers()).get(forged)
    expect(n).not.toBe(aNext)
    expect(n).toMatch(/^PR-2026-\d{4}$/)
  })
})
