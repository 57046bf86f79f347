/**
 * Sync load test: 5,000 simulated devices running the REAL session code (runSyncSession: push with
 * per-field merge, pull by cursor, local apply) against the MariaDB/MySQL at MYSQL_URL, on a fresh
 * database this script creates and drops, with max_connections=151 (restored afterwards).
 *
 * Light devices, honestly: 5,000 SQLite stores would not fit this machine, so each device is an
 * identity (client id, pull cursor, server epoch, last mutation id, its own proposal) and a session
 * borrows one of POOL in-memory stores, loads the identity into it (local_state + the outbox
 * sequence), runs the real session, and saves the identity back. Every store holds the same
 * replicated data (rows at different versions), so a device's pull applies into a store that may
 * already hold newer rows — exactly the "skip when row_version ≥ incoming" path a real device
 * takes after a re-pull. The pool size doubles as the client-side connection cap: a session holds
 * one connection, so at most POOL connections exist at once.
 *
 *   npm run bench:sync   (env: MYSQL_URL, DEVICES=5000, POOL=64, STAMPEDE_S=60, STEADY_S=20)
 */
import mysql from 'mysql2/promise'
import type { LocalDb } from '../src-main/db/local-database.ts'
import { STATE, getCursor, getState, setState } from '../src-main/sync/local-apply.ts'
import {
  isTooManyConnections,
  isTransient,
  parseServerUrl,
} from '../src-main/sync/remote-connection.ts'
import { migrateServer } from '../src-main/sync/server-migrate.ts'
import { runSyncSession } from '../src-main/sync/sync-session.ts'
import { addLine, createProposal, openDevice, patchRow } from '../src-main/sync/sync-test-kit.ts'

const MYSQL_URL = process.env.MYSQL_URL ?? 'mysql://root@127.0.0.1:3306/test'
const DEVICES = Number(process.env.DEVICES ?? 5000)
const POOL = Number(process.env.POOL ?? 64)
const STAMPEDE_S = Number(process.env.STAMPEDE_S ?? 60)
const STEADY_S = Number(process.env.STEADY_S ?? 20)
const STEADY_WORKERS = Number(process.env.STEADY_WORKERS ?? 32)
/** Share of devices that bring offline edits to the 09:00 stampede (the rest only pull). */
const STAMPEDE_EDITORS = Number(process.env.STAMPEDE_EDITORS ?? 0.02)

interface Identity {
  clientId: string
  cursor: string
  epoch: string | null
  lastMutationId: number
  proposalId: string | null
  lineId: string | null
  /** outbox rows left behind by a failed session, carried to the next store */
  carry: Record<string, unknown>[]
  recorded: number
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms))
const clock = { now: () => new Date() }

function pct(xs: number[], p: number): number {
  if (xs.length === 0) return 0
  const s = [...xs].sort((a, b) => a - b)
  return Math.round(s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? 0)
}

async function main(): Promise<void> {
  const base = parseServerUrl(MYSQL_URL)
  const dbName = `pd_bench_${Math.random().toString(36).slice(2, 8)}`
  const admin = await mysql.createConnection({
    uri: MYSQL_URL,
    supportBigNumbers: true,
    bigNumberStrings: true,
  })
  const [mc] = await admin.query("SHOW GLOBAL VARIABLES LIKE 'max_connections'")
  const oldMax = Number((mc as { Value: string }[])[0]?.Value ?? 151)
  await admin.query('SET GLOBAL max_connections = 151')
  await admin.query(
    `CREATE DATABASE \`${dbName}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`,
  )
  const server = { ...base, database: dbName }
  // Ctrl-C still drops the database and restores max_connections.
  process.once('SIGINT', () => {
    void (async () => {
      const c = await mysql.createConnection({ uri: MYSQL_URL })
      await c.query(`DROP DATABASE IF EXISTS \`${dbName}\``)
      await c.query(`SET GLOBAL max_connections = ${oldMax}`)
      await c.end()
      process.exit(130)
    })()
  })
  let peak = 0
  let monitorOn = true
  const monitor = (async () => {
    const m = await mysql.createConnection({ uri: MYSQL_URL })
    while (monitorOn) {
      const [r] = await m.query(
        'SELECT COUNT(*) AS n FROM information_schema.processlist WHERE db = ?',
        [dbName],
      )
      peak = Math.max(peak, Number((r as { n: number }[])[0]?.n ?? 0))
      await sleep(25)
    }
    await m.end()
  })()
  try {
    await migrateServer(server)
    const stores: LocalDb[] = []
    for (let i = 0; i < POOL; i++) stores.push(await openDevice())
    const free = [...stores]
    const waiters: ((s: LocalDb) => void)[] = []
    const acquire = (): Promise<LocalDb> => {
      const s = free.pop()
      return s ? Promise.resolve(s) : new Promise((r) => waiters.push(r))
    }
    const release = (s: LocalDb): void => {
      const w = waiters.shift()
      if (w) w(s)
      else free.push(s)
    }

    const ids: Identity[] = []
    for (let i = 0; i < DEVICES; i++) {
      ids.push({
        clientId: crypto.randomUUID(),
        cursor: '0',
        epoch: null,
        lastMutationId: 0,
        proposalId: null,
        lineId: null,
        carry: [],
        recorded: 0,
      })
    }
    let errors1040 = 0
    let transientErrors = 0
    const errorKinds = new Map<string, number>()

    function load(store: LocalDb, id: Identity): void {
      store.transaction(() => {
        setState(store, STATE.clientId, id.clientId)
        setState(store, STATE.cursor, id.cursor)
        if (id.epoch) setState(store, STATE.epoch, id.epoch)
        setState(store, STATE.refetch, '[]')
        store.sqlite.prepare('DELETE FROM sync_outbox').run()
        store.sqlite.prepare("DELETE FROM sqlite_sequence WHERE name = 'sync_outbox'").run()
        store.sqlite
          .prepare("INSERT INTO sqlite_sequence (name, seq) VALUES ('sync_outbox', ?)")
          .run(id.lastMutationId)
        for (const r of id.carry) {
          store.sqlite
            .prepare(
              'INSERT INTO sync_outbox (mutation_id, entity, row_id, op, fields, base_version, hlc, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
            )
            .run(
              r.mutation_id,
              r.entity,
              r.row_id,
              r.op,
              r.fields,
              r.base_version,
              r.hlc,
              r.created_at,
            )
        }
      })
    }
    function save(store: LocalDb, id: Identity): void {
      id.cursor = String(getCursor(store))
      id.epoch = getState(store, STATE.epoch) ?? null
      const seq = store.sqlite
        .prepare("SELECT seq FROM sqlite_sequence WHERE name = 'sync_outbox'")
        .get() as { seq: number } | undefined
      id.lastMutationId = seq?.seq ?? id.lastMutationId
      id.carry = store.sqlite
        .prepare('SELECT * FROM sync_outbox ORDER BY mutation_id')
        .all() as Record<string, unknown>[]
    }
    function edit(store: LocalDb, id: Identity, kind: 'create' | 'patch'): void {
      const before = (
        store.sqlite
          .prepare("SELECT seq FROM sqlite_sequence WHERE name = 'sync_outbox'")
          .get() as { seq: number }
      ).seq
      const exists =
        id.proposalId &&
        store.sqlite.prepare('SELECT 1 FROM proposals WHERE id = ?').get(id.proposalId)
      if (kind === 'create' || !id.proposalId || !exists) {
        if (!id.proposalId) {
          id.proposalId = createProposal(store, clock, {
            title: `Device ${id.clientId.slice(0, 8)}`,
          })
          id.lineId = addLine(store, clock, id.proposalId, { quantity: '2', unit_price: '49.90' })
        } else {
          // The store this session borrowed has not pulled the device's proposal yet: edit blind
          // (the server merges by field; the base version 0 is this device's own last write).
          patchRow(store, clock, 'proposal', id.proposalId, { notes: `n${Date.now()}` })
        }
      } else {
        patchRow(store, clock, 'proposal', id.proposalId, { title: `T${Date.now() % 100000}` })
        if (id.lineId)
          patchRow(store, clock, 'line_item', id.lineId, { quantity: String(1 + (Date.now() % 7)) })
      }
      const after = (
        store.sqlite
          .prepare("SELECT seq FROM sqlite_sequence WHERE name = 'sync_outbox'")
          .get() as { seq: number }
      ).seq
      id.recorded += after - before
    }

    /** One device session with the scheduler's retry policy: full-jitter exponential backoff. */
    async function deviceSync(
      id: Identity,
      editKind: 'create' | 'patch' | null,
    ): Promise<{ ok: boolean; ms: number; mutations: number; pulled: number }> {
      let attempt = 0
      let edited = false
      for (;;) {
        const store = await acquire()
        const t0 = performance.now()
        try {
          load(store, id)
          if (editKind && !edited) {
            edit(store, id, editKind)
            edited = true
          }
          const r = await runSyncSession(store, {
            server,
            maxAttempts: 1,
            connectTimeoutMs: 10_000,
          })
          save(store, id)
          return { ok: true, ms: performance.now() - t0, mutations: r.pushed, pulled: r.pulled }
        } catch (e) {
          save(store, id)
          if (isTooManyConnections(e)) errors1040++
          else {
            transientErrors++
            const k = String((e as { code?: string }).code ?? (e as Error).message).slice(0, 60)
            errorKinds.set(k, (errorKinds.get(k) ?? 0) + 1)
          }
          if (!isTransient(e) || ++attempt > 10) {
            console.error('session failed', e)
            return { ok: false, ms: performance.now() - t0, mutations: 0, pulled: 0 }
          }
        } finally {
          release(store)
        }
        await sleep(Math.random() * Math.min(30_000, 250 * 2 ** attempt))
      }
    }

    // ---- stampede: every device starts its first session at a random moment within 60 s ----
    console.error(`stampede: ${DEVICES} devices within ${STAMPEDE_S}s, pool ${POOL}`)
    const s0 = performance.now()
    const stampedeMs: number[] = []
    let failed = 0
    await Promise.all(
      ids.map(async (id) => {
        await sleep(Math.random() * STAMPEDE_S * 1000)
        const r = await deviceSync(id, Math.random() < STAMPEDE_EDITORS ? 'create' : null)
        if (!r.ok) failed++
        stampedeMs.push(r.ms)
      }),
    )
    const stampedeSeconds = (performance.now() - s0) / 1000
    const stampedePeak = peak
    console.error(
      `stampede done in ${stampedeSeconds.toFixed(1)}s, peak ${stampedePeak}, p95 ${pct(stampedeMs, 95)}ms`,
    )

    // ---- steady: STEADY_WORKERS devices at a time pushing edits and pulling, closed loop ----
    const steadyMs: number[] = []
    const busy = new Set<Identity>()
    let steadyMutations = 0
    let steadyPulled = 0
    let steadySessions = 0
    const t1 = performance.now()
    const deadline = t1 + STEADY_S * 1000
    await Promise.all(
      Array.from({ length: STEADY_WORKERS }, async () => {
        while (performance.now() < deadline) {
          const id = ids[Math.floor(Math.random() * ids.length)]
          // One device never runs two sessions at once (it is one process with one store).
          if (!id || busy.has(id)) continue
          busy.add(id)
          const r = await deviceSync(id, id.proposalId ? 'patch' : 'create').finally(() =>
            busy.delete(id),
          )
          if (!r.ok) failed++
          steadyMs.push(r.ms)
          steadyMutations += r.mutations
          steadyPulled += r.pulled
          steadySessions++
        }
      }),
    )
    const steadySeconds = (performance.now() - t1) / 1000
    console.error(
      `steady: ${steadyMutations} mutations in ${steadySeconds.toFixed(1)}s, ${steadySessions} sessions, ${steadyPulled} rows written by pulls`,
    )

    // ---- drain leftovers, then count lost and duplicated mutations on the server ----
    for (const id of ids) if (id.carry.length > 0) await deviceSync(id, null)
    const c = await mysql.createConnection({
      host: server.host,
      port: server.port,
      user: server.user,
      password: server.password,
      database: server.database,
      supportBigNumbers: true,
      bigNumberStrings: true,
    })
    const [rs] = await c.query(
      'SELECT client_id, COUNT(*) AS n FROM sync_mutation_result GROUP BY client_id',
    )
    const stored = new Map(
      (rs as { client_id: string; n: string }[]).map((r) => [r.client_id, Number(r.n)]),
    )
    let lost = 0
    let duplicated = 0
    for (const id of ids) {
      const n = stored.get(id.clientId) ?? 0
      if (n < id.recorded) lost += id.recorded - n
      if (n > id.recorded) duplicated += n - id.recorded
    }
    const [dups] = await c.query(
      "SELECT COUNT(*) AS n FROM (SELECT entity, row_id FROM sync_change WHERE op = 'insert' GROUP BY entity, row_id HAVING COUNT(*) > 1) d",
    )
    duplicated += Number((dups as { n: string }[])[0]?.n ?? 0)
    await c.end()
    for (const s of stores) s.close()
    console.error(
      `errors: 1040/1203=${errors1040} other transient=${transientErrors}`,
      Object.fromEntries(errorKinds),
    )
    monitorOn = false
    await monitor
    console.log(
      JSON.stringify({
        devices: DEVICES,
        maxConnections: 151,
        stampede: {
          seconds: Math.round(stampedeSeconds * 10) / 10,
          failedSessions: failed,
          errors1040,
          peakConnections: stampedePeak,
          p95SessionMs: pct(stampedeMs, 95),
        },
        steady: {
          mutationsPerSecond: Math.round(steadyMutations / steadySeconds),
          p95SessionMs: pct(steadyMs, 95),
        },
        lostMutations: lost,
        duplicateMutations: duplicated,
      }),
    )
  } finally {
    monitorOn = false
    await monitor.catch(() => undefined)
    await admin.query(`DROP DATABASE IF EXISTS \`${dbName}\``)
    await admin.query(`SET GLOBAL max_connections = ${oldMax}`)
    await admin.end()
  }
}

await main()
