import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { proposalTotals } from '../../src-shared/domain/totals.ts'
import type { LocalDb } from '../db/local-database.ts'
import type { LocalRow } from './codec.ts'
import { setServerNumbering } from '../repositories/number-block.repository.ts'
import { pendingCount } from './local-apply.ts'
import { parseTaxes } from './push.ts'
import { runSyncSession } from './sync-session.ts'
import {
  addLine,
  createNumberedProposal,
  createTestServer,
  deleteRow,
  deviceSnapshot,
  liveLines,
  liveProposals,
  moveLine,
  normaliseForCompare,
  openDevice,
  patchRow,
  serverReachable,
  serverSnapshot,
  type DeviceClock,
  type TestServer,
} from './sync-test-kit.ts'

const reachable = await serverReachable()

type Action =
  | { t: 'create'; title: string }
  | { t: 'addLine'; p: number; qty: string; price: string }
  | {
      t: 'editLine'
      p: number
      l: number
      field: 'quantity' | 'unit_price' | 'description'
      value: string
    }
  | {
      t: 'editProposal'
      p: number
      field: 'title' | 'terms' | 'notes' | 'document_discount_percent'
      value: string
    }
  | { t: 'deleteLine'; p: number; l: number }
  | { t: 'moveLine'; p: number; l: number; to: number }
  | { t: 'deleteProposal'; p: number }
  | { t: 'send'; p: number }
  | { t: 'sync' }

const idx = fc.nat({ max: 20 })
const decimal = fc
  .tuple(fc.integer({ min: 0, max: 999 }), fc.integer({ min: 0, max: 99 }))
  .map(([a, b]) => `${a}.${b}`)
const action: fc.Arbitrary<Action> = fc.oneof(
  {
    arbitrary: fc.record({
      t: fc.constant('create' as const),
      title: fc.string({ maxLength: 12 }),
    }),
    weight: 2,
  },
  {
    arbitrary: fc.record({
      t: fc.constant('addLine' as const),
      p: idx,
      qty: decimal,
      price: decimal,
    }),
    weight: 4,
  },
  {
    arbitrary: fc.record({
      t: fc.constant('editLine' as const),
      p: idx,
      l: idx,
      field: fc.constantFrom('quantity' as const, 'unit_price' as const, 'description' as const),
      value: decimal,
    }),
    weight: 4,
  },
  {
    arbitrary: fc.record({
      t: fc.constant('editProposal' as const),
      p: idx,
      field: fc.constantFrom(
        'title' as const,
        'terms' as const,
        'notes' as const,
        'document_discount_percent' as const,
      ),
      value: fc.integer({ min: 0, max: 50 }).map(String),
    }),
    weight: 3,
  },
  { arbitrary: fc.record({ t: fc.constant('deleteLine' as const), p: idx, l: idx }), weight: 1 },
  {
    arbitrary: fc.record({ t: fc.constant('moveLine' as const), p: idx, l: idx, to: idx }),
    weight: 2,
  },
  { arbitrary: fc.record({ t: fc.constant('deleteProposal' as const), p: idx }), weight: 1 },
  { arbitrary: fc.record({ t: fc.constant('send' as const), p: idx }), weight: 1 },
  { arbitrary: fc.constant({ t: 'sync' as const }), weight: 3 },
)

function pick<T>(xs: readonly T[], i: number): T | undefined {
  return xs.length === 0 ? undefined : xs[i % xs.length]
}

/**
 * The device-side rules the services enforce: only drafts are edited. Creates number the way the
 * proposals service does; a number taken from a reserved block is recorded in `finals` (it must
 * survive every sync unchanged).
 */
function perform(db: LocalDb, clock: DeviceClock, a: Action, finals: Map<string, string>): void {
  const props = liveProposals(db)
  const drafts = props.filter((p) => p.status === 'draft')
  switch (a.t) {
    case 'create':
      {
        const { id, number } = createNumberedProposal(db, clock)
        patchRow(db, clock, 'proposal', id, { title: a.title })
        if (!number.startsWith('DRAFT-')) finals.set(id, number)
      }
      return
    case 'addLine': {
      const p = pick(drafts, a.p)
      if (p) addLine(db, clock, p.id, { quantity: a.qty, unit_price: a.price })
      return
    }
    case 'editLine': {
      const p = pick(drafts, a.p)
      const l = p && pick(liveLines(db, p.id), a.l)
      if (l) patchRow(db, clock, 'line_item', l.id, { [a.field]: a.value })
      return
    }
    case 'editProposal': {
      const p = pick(drafts, a.p)
      if (p) patchRow(db, clock, 'proposal', p.id, { [a.field]: a.value })
      return
    }
    case 'deleteLine': {
      const p = pick(drafts, a.p)
      const l = p && pick(liveLines(db, p.id), a.l)
      if (l) deleteRow(db, clock, 'line_item', l.id)
      return
    }
    case 'moveLine': {
      const p = pick(drafts, a.p)
      const l = p && pick(liveLines(db, p.id), a.l)
      if (l) moveLine(db, clock, l.id, a.to)
      return
    }
    case 'deleteProposal': {
      const p = pick(props, a.p)
      if (p) deleteRow(db, clock, 'proposal', p.id)
      return
    }
    case 'send': {
      const p = pick(drafts, a.p)
      if (p)
        patchRow(db, clock, 'proposal', p.id, {
          status: 'sent',
          sent_at: clock.now().toISOString(),
        })
      return
    }
    case 'sync':
      return
  }
}

function checkInvariants(rows: Map<string, LocalRow>): void {
  const byId = (entity: string) =>
    [...rows.entries()].filter(([k]) => k.startsWith(`${entity}:`)).map(([, r]) => r)
  const proposals = new Map(byId('proposal').map((p) => [String(p.id), p]))
  const numbers = new Set<string>()
  for (const p of proposals.values()) {
    const key = `${String(p.number)}#${String(p.revision)}`
    expect(numbers.has(key), `duplicate number ${key}`).toBe(false)
    numbers.add(key)
    if (p.revision_of !== null) expect(proposals.has(p.revision_of as string)).toBe(true)
  }
  for (const child of [...byId('line_item'), ...byId('proposal_section')]) {
    expect(proposals.has(String(child.proposal_id)), 'parent exists').toBe(true)
  }
  for (const p of proposals.values()) {
    const lines = byId('line_item')
      .filter((l) => l.proposal_id === p.id && l.deleted_at === null)
      .sort((x, y) =>
        String(x.position) < String(y.position)
          ? -1
          : String(x.position) > String(y.position)
            ? 1
            : String(x.id) < String(y.id)
              ? -1
              : 1,
      )
    expect(new Set(lines.map((l) => l.position)).size, 'positions unique').toBe(lines.length)
    const totals = proposalTotals({
      currency: String(p.currency),
      lines: lines.map((l) => ({
        quantity: String(l.quantity),
        unitPrice: String(l.unit_price),
        discountPercent: String(l.discount_percent),
        taxes: parseTaxes(l.taxes),
        optional: Number(l.optional) === 1,
      })),
      documentDiscountPercent: String(p.document_discount_percent),
      taxRounding: p.tax_rounding === 'per-line' ? 'per-line' : 'per-document',
      pricesIncludeTax: Number(p.prices_include_tax) === 1,
    })
    expect([p.net_minor, p.tax_minor, p.gross_minor], `totals of ${String(p.id)}`).toEqual([
      totals.totals.net,
      totals.totals.tax,
      totals.totals.gross,
    ])
    lines.forEach((l, i) => expect(l.net_minor).toBe(totals.lines[i]?.net))
  }
}

describe.skipIf(!reachable)('model-based: random offline edits on 2–5 devices converge', () => {
  let server: TestServer
  beforeAll(async () => {
    server = await createTestServer()
  })
  afterAll(async () => {
    await server?.drop()
  })

  it('after everyone syncs, every device equals the server and all invariants hold', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 2, max: 5 }).chain((n) =>
          fc.record({
            skewsHours: fc.array(fc.integer({ min: -3, max: 3 }), { minLength: n, maxLength: n }),
            steps: fc.array(fc.tuple(fc.nat({ max: n - 1 }), action), {
              minLength: 5,
              maxLength: 40,
            }),
            finalOrder: fc.shuffledSubarray([...Array(n).keys()], { minLength: n, maxLength: n }),
          }),
        ),
        async ({ skewsHours, steps, finalOrder }) => {
          await server.reset()
          const devices = await Promise.all(skewsHours.map(() => openDevice()))
          // Every device has the server configured (as the app records it in Settings → Server),
          // even before its first sync: it numbers provisionally until it holds a block.
          for (const d of devices) setServerNumbering(d, true)
          const clocks: DeviceClock[] = skewsHours.map((h) => ({
            now: () => new Date(Date.now() + h * 3_600_000),
          }))
          const recorded = devices.map(() => 0)
          const finals = new Map<string, string>()
          const sync = (i: number) => {
            const d = devices[i] as LocalDb
            const clock = clocks[i] as DeviceClock
            return runSyncSession(d, {
              server: server.config,
              userName: `dev${i}`,
              now: () => clock.now(),
              batchSize: 7,
              pageSize: 5,
              // Tiny blocks, so runs exhaust them offline and mix final and provisional numbers.
              numberReserve: { min: 2, blockSize: 3 },
            })
          }
          try {
            for (const [i, a] of steps) {
              const d = devices[i] as LocalDb
              if (a.t === 'sync') await sync(i)
              else {
                const before =
                  (
                    d.sqlite
                      .prepare('SELECT seq FROM sqlite_sequence WHERE name = ?')
                      .get('sync_outbox') as { seq: number } | undefined
                  )?.seq ?? 0
                perform(d, clocks[i] as DeviceClock, a, finals)
                const after =
                  (
                    d.sqlite
                      .prepare('SELECT seq FROM sqlite_sequence WHERE name = ?')
                      .get('sync_outbox') as { seq: number } | undefined
                  )?.seq ?? 0
                recorded[i] = (recorded[i] ?? 0) + (after - before)
              }
            }
            // Quiesce: one round pushes everything, the second pulls what later devices pushed.
            for (let round = 0; round < 2; round++) for (const i of finalOrder) await sync(i)

            const srv = await serverSnapshot(server.admin)
            const expected = normaliseForCompare(srv)
            for (const d of devices) {
              expect(pendingCount(d)).toBe(0)
              expect(normaliseForCompare(deviceSnapshot(d))).toEqual(expected)
            }
            checkInvariants(srv)
            // A number from a device's own block was final the moment it was taken offline.
            for (const [id, number] of finals) {
              expect(srv.get(`proposal:${id}`)?.number, 'final number kept').toBe(number)
            }
            for (const r of srv.values()) {
              if ('number' in r) expect(String(r.number)).not.toMatch(/^DRAFT-|~/)
            }
            // Nothing lost, nothing doubled: one stored result per recorded mutation per device.
            const [res] = await server.admin.query(
              'SELECT c.client_id, COUNT(r.mutation_id) AS n FROM sync_client c LEFT JOIN sync_mutation_result r ON r.client_id = c.client_id GROUP BY c.client_id',
            )
            const counts = new Map(
              (res as { client_id: string; n: number | string }[]).map((r) => [
                r.client_id,
                Number(r.n),
              ]),
            )
            devices.forEach((d, i) => {
              const cid = (
                d.sqlite
                  .prepare("SELECT value FROM local_state WHERE key = 'sync.client_id'")
                  .get() as { value: string }
              ).value
              expect(counts.get(cid) ?? 0).toBe(recorded[i])
            })
          } finally {
            for (const d of devices) d.close()
          }
        },
      ),
      { numRuns: Number(process.env.SYNC_RUNS ?? 20) },
    )
  })
})
