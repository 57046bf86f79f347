import { spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { LocalDb } from '../db/local-database.ts'
import { getCursor, listStoredConflicts, pendingCount } from './local-apply.ts'
import { runSyncSession } from './sync-session.ts'
import type { SyncHooks } from './sync-types.ts'
import {
  addLine,
  createProposal,
  createTestServer,
  deviceSnapshot,
  normaliseForCompare,
  openDevice,
  patchRow,
  serverReachable,
  serverSnapshot,
  type TestServer,
} from './sync-test-kit.ts'

const reachable = await serverReachable()
const clock = { now: () => new Date() }
const here = path.dirname(fileURLToPath(import.meta.url))

function lost(): Error {
  return Object.assign(new Error('Connection lost: The server closed the connection.'), {
    code: 'PROTOCOL_CONNECTION_LOST',
    fatal: true,
  })
}

describe.skipIf(!reachable)('fault injection against a real MariaDB/MySQL', () => {
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

  const kill = async (id: number): Promise<void> => {
    await server.admin.query(`KILL ${id}`).catch(() => undefined)
  }
  /** What a server restart does to clients: every connection to the database dies at once. */
  const killAll = async (): Promise<void> => {
    const [rows] = await server.admin.query(
      'SELECT id FROM information_schema.processlist WHERE db = ? AND id <> CONNECTION_ID()',
      [server.config.database],
    )
    for (const r of rows as { id: number }[]) await kill(Number(r.id))
  }

  const sync = (db: LocalDb, hooks?: SyncHooks) =>
    runSyncSession(db, {
      server: server.config,
      hooks,
      pageSize: 2,
      sleep: () => Promise.resolve(),
    })

  async function assertClean(devices: LocalDb[], expectedRows: number): Promise<void> {
    const srv = await serverSnapshot(server.admin)
    expect(srv.size).toBe(expectedRows)
    const [dups] = await server.admin.query(
      "SELECT entity, row_id, COUNT(*) AS n FROM sync_change WHERE op = 'insert' GROUP BY entity, row_id HAVING n > 1",
    )
    expect(dups).toEqual([])
    for (const d of devices) {
      expect(pendingCount(d)).toBe(0)
      expect(normaliseForCompare(deviceSnapshot(d))).toEqual(normaliseForCompare(srv))
    }
  }

  function seed(db: LocalDb): string {
    const p = createProposal(db, clock)
    for (let i = 0; i < 4; i++) addLine(db, clock, p, { unit_price: String(10 + i) })
    return p
  }

  it('connection killed before COMMIT: the batch rolls back and the retry applies it once', async () => {
    seed(a)
    let fired = false
    const r = await sync(a, {
      beforeCommit: async ({ connectionId }) => {
        if (fired) return
        fired = true
        await kill(connectionId)
      },
    })
    expect(fired).toBe(true)
    expect(r.attempts).toBe(2)
    await sync(b)
    await assertClean([a, b], 5)
  })

  it('reply lost after COMMIT: the retry gets the stored results, nothing is applied twice', async () => {
    const p = seed(a)
    await sync(a)
    await sync(b)
    patchRow(
      a,
      clock,
      'line_item',
      (a.sqlite.prepare('SELECT id FROM line_items LIMIT 1').get() as { id: string }).id,
      { unit_price: '99' },
    )
    patchRow(
      b,
      clock,
      'line_item',
      (b.sqlite.prepare('SELECT id FROM line_items LIMIT 1').get() as { id: string }).id,
      { unit_price: '77' },
    )
    await sync(a)
    let fired = false
    await sync(b, {
      afterCommit: async ({ connectionId }) => {
        if (fired) return
        fired = true
        await kill(connectionId)
        throw lost()
      },
    })
    expect(fired).toBe(true)
    // The conflict B's edit produced is reported once, from the stored result.
    expect(listStoredConflicts(b)).toHaveLength(1)
    const [results] = await server.admin.query('SELECT COUNT(*) AS n FROM sync_mutation_result')
    expect(Number((results as { n: string }[])[0]?.n)).toBe(7)
    await sync(a)
    await assertClean([a, b], 5)
    expect((await serverSnapshot(server.admin)).get(`proposal:${p}`)?.net_minor).toBe(
      9900 + 1100 + 1200 + 1300,
    )
  })

  it('connection dies mid-pull: the cursor stays on the last applied page and the rerun completes', async () => {
    seed(a)
    await sync(a)
    for (let i = 0; i < 3; i++) seed(a)
    await sync(a)
    const cursors: number[] = []
    let fired = false
    await sync(b, {
      midPull: async ({ connectionId, page }) => {
        cursors.push(getCursor(b))
        if (page === 2 && !fired) {
          fired = true
          await kill(connectionId)
          throw lost()
        }
      },
    })
    expect(fired).toBe(true)
    // Cursor never moved backwards and never past data it had not applied.
    expect(cursors).toEqual([...cursors].sort((x, y) => x - y))
    await assertClean([a, b], 20)
  })

  it('server restart (all connections killed) while several devices sync: all converge', async () => {
    const devices = [a, b, await openDevice(), await openDevice()]
    devices.forEach((d) => seed(d))
    let restarts = 0
    await Promise.all(
      devices.map((d, i) =>
        sync(d, {
          beforeCommit: async () => {
            if (i === 0 && restarts === 0) {
              restarts++
              await killAll()
            }
          },
        }),
      ),
    )
    expect(restarts).toBe(1)
    for (const d of devices) await sync(d)
    await assertClean(devices, 20)
  })

  describe('device process killed mid-session', () => {
    for (const point of ['beforeCommit', 'afterCommit', 'midPull'] as const) {
      it(`killed at ${point}: the next session finishes with no duplicate or lost mutation`, async () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pd-sync-kill-'))
        const file = path.join(dir, 'device.sqlite')
        const dev = await openDevice(file)
        seed(dev)
        if (point === 'midPull') {
          await sync(dev)
          // Two pushes = two seqs, so the pull needs two pages (a page never splits a seq).
          for (let i = 0; i < 2; i++) {
            seed(b)
            await sync(b)
          }
        }
        dev.close()
        const child = spawn(
          process.execPath,
          [
            '--import',
            'tsx',
            path.join(here, 'sync-child-process.ts'),
            file,
            JSON.stringify(server.config),
            point,
          ],
          {
            stdio: ['ignore', 'pipe', 'inherit'],
          },
        )
        await new Promise<void>((resolve, reject) => {
          let out = ''
          child.stdout.on('data', (chunk: Buffer) => {
            out += chunk.toString()
            if (out.includes('PAUSED')) {
              child.kill('SIGKILL')
              resolve()
            }
          })
          child.on('exit', () => reject(new Error(`child exited before pausing: ${out}`)))
        })
        await new Promise((r) => child.once('exit', r))
        const reopened = await openDevice(file)
        try {
          await sync(reopened)
          await sync(b)
          const rows = point === 'midPull' ? 15 : 5
          await assertClean([reopened, b], rows)
        } finally {
          reopened.close()
          fs.rmSync(dir, { recursive: true, force: true })
        }
      })
    }
  })

  it('pushes racing with pulls: a pull never skips a change that commits late', async () => {
    const pushers = [await openDevice(), await openDevice(), await openDevice(), await openDevice()]
    const puller = b
    let stop = false
    const checks: Promise<void>[] = []
    const pushing = pushers.map(async (d, i) => {
      for (let round = 0; round < 6; round++) {
        seed(d)
        await runSyncSession(d, {
          server: server.config,
          hooks: {
            // Hold the transaction open after seq allocation, so commits land late and out of
            // start order.
            beforeCommit: () => new Promise((r) => setTimeout(r, 5 + ((i * 7 + round * 13) % 40))),
          },
        })
      }
    })
    const pulling = (async () => {
      while (!stop) {
        await runSyncSession(puller, { server: server.config })
        const cursor = getCursor(puller)
        // Everything at or below the cursor must be on the device at that version or newer.
        const [changes] = await server.admin.query(
          'SELECT entity, row_id, MAX(seq) AS seq FROM sync_change WHERE seq <= ? GROUP BY entity, row_id',
          [cursor],
        )
        for (const c of changes as { entity: string; row_id: string; seq: string }[]) {
          const table = c.entity === 'proposal' ? 'proposals' : 'line_items'
          const row = puller.sqlite
            .prepare(`SELECT row_version FROM ${table} WHERE id = ?`)
            .get(c.row_id) as { row_version: number } | undefined
          checks.push(
            Promise.resolve().then(() => {
              expect(
                row,
                `${c.entity} ${c.row_id} at seq ${c.seq} missing below cursor ${cursor}`,
              ).toBeDefined()
              expect(row?.row_version ?? 0).toBeGreaterThanOrEqual(Number(c.seq))
            }),
          )
        }
      }
    })()
    await Promise.all(pushing)
    stop = true
    await pulling
    await Promise.all(checks)
    expect(checks.length).toBeGreaterThan(0)
    await runSyncSession(puller, { server: server.config })
    await assertClean([puller], 4 * 6 * 5)
  })
})
