import { v7 as uuidv7 } from 'uuid'
import { seriesPrefixKey, validateSeries } from '../../src-shared/domain/numbering.ts'
import type { LocalDb } from '../db/local-database.ts'
import {
  addNumberBlock,
  reservedNumbersLeft,
  setServerNumbering,
} from '../repositories/number-block.repository.ts'
import { remoteRowToLocal } from './codec.ts'
import {
  STATE,
  addRefetch,
  applyRows,
  dropUnsyncedRow,
  getCursor,
  getState,
  pendingFieldMap,
  resetForNewEpoch,
  setState,
  stmt,
  storeConflicts,
} from './local-apply.ts'
import { setClockOffset } from './outbox.ts'
import { pushBatch, rejectMutation, type PushContext } from './push.ts'
import {
  destroyQuietly,
  endQuietly,
  isDataError,
  isTransient,
  openRemote,
  type RemoteConnection,
  type ServerConfig,
} from './remote-connection.ts'
import {
  CLIENT_PROTOCOL_VERSION,
  SUPPORTED_SCHEMA_VERSIONS,
  specFor,
  type TableSpec,
} from './sync-schema.ts'
import type { PushEntry, RowRef, SyncHooks } from './sync-types.ts'

export interface SessionOptions {
  server: ServerConfig
  userName?: string
  appVersion?: string
  hooks?: SyncHooks
  /** Mutations per push transaction (default 200). */
  batchSize?: number
  /** sync_change entries per pull page (default 1000). */
  pageSize?: number
  /** Whole-session attempts on transient errors before giving up (default 5). */
  maxAttempts?: number
  now?: () => Date
  sleep?: (ms: number) => Promise<void>
  connectTimeoutMs?: number
  /** Per-device number reserve (default: top up to a block of 50 when fewer than 20 are left). */
  numberReserve?: { min: number; blockSize: number }
}

export const DEFAULT_NUMBER_RESERVE = { min: 20, blockSize: 50 } as const

export interface SessionReport {
  pushed: number
  pulled: number
  conflicts: number
  ms: number
  attempts: number
  cursor: number
}

/** The server cannot be synced with by this build: a clear message, never retried. */
export class SyncSchemaError extends Error {
  readonly code = 'SYNC_SCHEMA'
}

export function ensureClientId(db: LocalDb): string {
  let id = getState(db, STATE.clientId)
  if (!id) {
    id = uuidv7()
    setState(db, STATE.clientId, id)
  }
  return id
}

function readOutbox(db: LocalDb, limit: number): PushEntry[] {
  const rows = stmt(
    db,
    'SELECT mutation_id, entity, row_id, op, fields, base_version, hlc FROM sync_outbox ORDER BY mutation_id LIMIT ?',
  ).all(limit) as {
    mutation_id: number
    entity: string
    row_id: string
    op: PushEntry['op']
    fields: string
    base_version: number
    hlc: string
  }[]
  return rows.map((r) => ({
    mutationId: r.mutation_id,
    entity: r.entity,
    rowId: r.row_id,
    op: r.op,
    fields: JSON.parse(r.fields) as Record<string, unknown>,
    baseVersion: r.base_version,
    hlc: r.hlc,
  }))
}

function localNumberingSeries(db: LocalDb): string {
  const r = stmt(
    db,
    'SELECT numbering_series FROM company_settings WHERE deleted_at IS NULL ORDER BY created_at, id LIMIT 1',
  ).get() as { numbering_series: string } | undefined
  return r?.numbering_series ?? 'PR-{YYYY}-{SEQ:4}'
}

async function checkServer(
  conn: RemoteConnection,
  db: LocalDb,
  now: Date,
): Promise<{ serverNow: string; latestSeq: number }> {
  // A laptop that sleeps mid-transaction must not hold the counter lock for hours: the server
  // drops a silent session after wait_timeout even inside a transaction, and waiters give up fast
  // (and back off) instead of piling up.
  await conn.query('SET SESSION wait_timeout = 60, innodb_lock_wait_timeout = 10')
  let rows: Record<string, unknown>[]
  try {
    ;[rows] = (await conn.query(
      `SELECT m.schema_version, m.min_client_schema, m.server_epoch, UTC_TIMESTAMP(3) AS now, c.seq
       FROM sync_meta m JOIN sync_counter c ON c.id = 1 WHERE m.id = 1`,
    )) as unknown as [Record<string, unknown>[]]
  } catch (e) {
    if ((e as { errno?: number }).errno === 1146) {
      throw new SyncSchemaError(
        'The server database has no ProposalDesk tables yet. Ask your administrator to run `proposaldesk server migrate`.',
      )
    }
    throw e
  }
  const meta = rows[0]
  if (!meta) {
    throw new SyncSchemaError(
      'The server schema is incomplete. Ask your administrator to run `proposaldesk server migrate`.',
    )
  }
  const version = Number(meta.schema_version)
  if (!SUPPORTED_SCHEMA_VERSIONS.includes(version)) {
    const newer = version > Math.max(...SUPPORTED_SCHEMA_VERSIONS)
    throw new SyncSchemaError(
      newer
        ? `The server uses data format ${version}, which this version of ProposalDesk does not support. Update ProposalDesk to sync; your local changes are kept.`
        : `The server uses the old data format ${version}. Ask your administrator to run \`proposaldesk server migrate\`.`,
    )
  }
  if (Number(meta.min_client_schema) > CLIENT_PROTOCOL_VERSION) {
    throw new SyncSchemaError(
      'The server requires a newer ProposalDesk. Update the app to sync; your local changes are kept.',
    )
  }
  const serverNow = Date.parse(String(meta.now).replace(' ', 'T') + 'Z')
  const offset = serverNow - now.getTime()
  setState(db, STATE.clockOffset, String(offset))
  setClockOffset(db, offset)
  const epoch = String(meta.server_epoch)
  const known = getState(db, STATE.epoch)
  if (known !== epoch) {
    db.transaction(() => {
      if (known === undefined) setState(db, STATE.epoch, epoch)
      else {
        resetForNewEpoch(db, epoch)
        // Another server (or a restore from backup) may hand these ranges out again.
        stmt(db, 'DELETE FROM number_blocks').run()
      }
    })
  }
  return { serverNow: new Date(serverNow).toISOString(), latestSeq: Number(meta.seq) }
}

async function pushAll(
  conn: RemoteConnection,
  db: LocalDb,
  ctx: PushContext,
  batchSize: number,
  counters: { pushed: number; conflicts: number; batch: number },
): Promise<void> {
  for (;;) {
    const entries = readOutbox(db, batchSize)
    if (entries.length === 0) return
    let results
    try {
      ctx.batchNo = ++counters.batch
      results = (await pushBatch(conn, entries, ctx)).results
    } catch (e) {
      if (!isDataError(e)) throw e
      // One mutation's data fails the server's strict checks: find it by pushing one at a time,
      // then record it as rejected so it cannot wedge the queue.
      if (entries.length > 1) throw new IsolateError(e)
      const [only] = entries
      if (!only) throw e
      await conn.query('ROLLBACK').catch(() => undefined)
      results = [await rejectMutation(conn, only, (e as Error).message, ctx)]
    }
    const maxId = entries[entries.length - 1]?.mutationId ?? 0
    const refetch: RowRef[] = results.flatMap((r) => r.refetch)
    const conflicts = results.flatMap((r) => r.conflicts)
    db.transaction(() => {
      stmt(db, 'DELETE FROM sync_outbox WHERE mutation_id <= ?').run(maxId)
      storeConflicts(db, conflicts)
      addRefetch(db, refetch)
    })
    counters.pushed += entries.length
    counters.conflicts += conflicts.length
  }
}

class IsolateError extends Error {
  constructor(readonly inner: unknown) {
    super('isolate a rejected mutation')
  }
}

const columnLists = new Map<string, string>()
function columnList(spec: TableSpec): string {
  let cols = columnLists.get(spec.table)
  if (!cols) {
    cols = ['id', 'row_version', ...Object.keys(spec.columns)].join(', ')
    columnLists.set(spec.table, cols)
  }
  return cols
}

async function fetchRows(
  conn: RemoteConnection,
  refs: readonly RowRef[],
): Promise<{ found: { entity: string; row: Record<string, unknown> }[]; missing: RowRef[] }> {
  const byEntity = new Map<string, Set<string>>()
  for (const r of refs) {
    let s = byEntity.get(r.entity)
    if (!s) byEntity.set(r.entity, (s = new Set()))
    s.add(r.id)
  }
  const found: { entity: string; row: Record<string, unknown> }[] = []
  const missing: RowRef[] = []
  for (const [entity, idSet] of byEntity) {
    const spec = specFor(entity)
    const ids = [...idSet]
    const seen = new Set<string>()
    for (let i = 0; i < ids.length; i += 500) {
      // Named columns: the merge bookkeeping (_fv, deleted_seq) never travels to devices.
      const [rows] = await conn.query(
        `SELECT ${columnList(spec)} FROM ${spec.table} WHERE id IN (?)`,
        [ids.slice(i, i + 500)],
      )
      for (const r of rows as Record<string, unknown>[]) {
        seen.add(String(r.id))
        found.push({ entity, row: remoteRowToLocal(spec, r) })
      }
    }
    for (const id of ids) if (!seen.has(id)) missing.push({ entity, id })
  }
  return { found, missing }
}

/**
 * Pulls every change after the cursor inside ONE consistent snapshot. The high-water mark is read
 * first; since seq is allocated last in each push, every seq ≤ hw is committed and visible in the
 * snapshot, so the cursor can never pass a change that commits later. Each page and its cursor are
 * applied in one SQLite transaction: a crash re-pulls the same page, and re-applying is a no-op.
 */
async function pullAll(
  conn: RemoteConnection,
  db: LocalDb,
  pageSize: number,
  hooks: SyncHooks | undefined,
  latestSeq: number,
  readHw: boolean,
): Promise<number> {
  // The session default is REPEATABLE READ, which the snapshot needs (SET TRANSACTION before
  // each push only applies to that push).
  await conn.query('START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY')
  // Without a push in this session, hw = the counter read at session start (before this snapshot
  // began: every seq ≤ hw had committed by then, commit order being seq order), saving a round
  // trip. After a push, read it inside the snapshot so the device gets its own changes back.
  let hw = latestSeq
  if (readHw) {
    const [hwRows] = await conn.query('SELECT seq FROM sync_counter WHERE id = 1')
    hw = Number((hwRows as { seq: string }[])[0]?.seq ?? 0)
  }
  let cursor = getCursor(db)
  let pulled = 0
  let page = 0
  while (cursor < hw) {
    const [changeRows] = await conn.query(
      'SELECT seq, ord, entity, row_id FROM sync_change WHERE seq > ? AND seq <= ? ORDER BY seq, ord LIMIT ?',
      [cursor, hw, pageSize],
    )
    const changes = changeRows as { seq: string; ord: number; entity: string; row_id: string }[]
    let hi = hw
    const lastChange = changes[changes.length - 1]
    if (changes.length === pageSize && lastChange) {
      // Never split one seq across pages: the cursor only ever lands on a seq boundary.
      hi = Number(lastChange.seq)
      const [rest] = await conn.query(
        'SELECT seq, ord, entity, row_id FROM sync_change WHERE seq = ? AND ord > ? ORDER BY ord',
        [hi, lastChange.ord],
      )
      changes.push(...(rest as typeof changes))
    }
    const { found } = await fetchRows(
      conn,
      changes.map((c) => ({ entity: c.entity, id: c.row_id })),
    )
    page++
    await hooks?.midPull?.({ connectionId: conn.threadId ?? 0, page })
    const target = hi
    db.transaction(() => {
      db.sqlite.pragma('defer_foreign_keys = ON')
      pulled += applyRows(db, found)
      setState(db, STATE.cursor, String(target))
    })
    cursor = hi
  }
  const refetch = JSON.parse(getState(db, STATE.refetch) ?? '[]') as RowRef[]
  if (refetch.length > 0) {
    const { found, missing } = await fetchRows(conn, refetch)
    db.transaction(() => {
      db.sqlite.pragma('defer_foreign_keys = ON')
      pulled += applyRows(db, found, { force: true })
      const pending = pendingFieldMap(db)
      for (const m of missing) dropUnsyncedRow(db, m, pending)
      setState(db, STATE.refetch, '[]')
    })
  }
  await conn.query('COMMIT')
  return pulled
}

function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10)
}

/**
 * Tops up this device's reserve of final proposal numbers: for the series prefix of today and of
 * a month ahead (so a rep offline over New Year still numbers finally), a key with fewer than
 * `min` unused numbers gets a new block of `blockSize` from the server's counter for that key.
 * The block is committed on the server before it is stored locally: a crash in between only wastes
 * the range, two devices can never hold the same number.
 */
async function reserveNumbers(
  conn: RemoteConnection,
  db: LocalDb,
  clientId: string,
  serverToday: string,
  reserve: { min: number; blockSize: number },
): Promise<void> {
  const configured = localNumberingSeries(db)
  const series = validateSeries(configured).ok ? configured : 'PR-{YYYY}-{SEQ:4}'
  const keys = new Set(
    [serverToday, addDays(serverToday, 31)].map((d) => seriesPrefixKey(series, d)),
  )
  const size = Math.max(1, Math.floor(reserve.blockSize))
  for (const key of keys) {
    if (key.length > 100 || reservedNumbersLeft(db, key) >= reserve.min) continue
    let block: { firstSeq: number; lastSeq: number }
    try {
      block = await takeBlock(conn, key, size, clientId)
    } catch (e) {
      // A desktop account still on the v1 grants (no INSERT on sync_number_block): sync goes on
      // and this device keeps numbering provisionally, which is safe, until the grant is added.
      if ((e as { errno?: number }).errno !== 1142) throw e
      await conn.query('ROLLBACK')
      return
    }
    addNumberBlock(db, { seriesKey: key, ...block })
  }
}

async function takeBlock(
  conn: RemoteConnection,
  key: string,
  size: number,
  clientId: string,
): Promise<{ firstSeq: number; lastSeq: number }> {
  await conn.query('START TRANSACTION')
  const [hdr] = await conn.query(
    `INSERT INTO sync_number_counter (series_key, next_seq) VALUES (?, LAST_INSERT_ID(?))
     ON DUPLICATE KEY UPDATE next_seq = LAST_INSERT_ID(next_seq + ?)`,
    [key, size, size],
  )
  const lastSeq = Number((hdr as { insertId: number | string }).insertId)
  const firstSeq = lastSeq - size + 1
  await conn.query(
    `INSERT INTO sync_number_block (series_key, first_seq, last_seq, client_id, created_at)
     VALUES (?, ?, ?, ?, UTC_TIMESTAMP(3))`,
    [key, firstSeq, lastSeq, clientId],
  )
  await conn.query('COMMIT')
  return { firstSeq, lastSeq }
}

const defaultSleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms))

/**
 * One sync session: open ONE connection, push the outbox in batches, pull changes after the
 * cursor, close. On a transient error the connection is destroyed (never a lone COMMIT retried)
 * and the whole session step is redone on a fresh connection: pushes are idempotent by
 * (client_id, mutation_id) and the pull cursor only moves with applied data.
 */
export async function runSyncSession(db: LocalDb, opts: SessionOptions): Promise<SessionReport> {
  const started = Date.now()
  const now = opts.now ?? (() => new Date())
  const sleep = opts.sleep ?? defaultSleep
  const clientId = ensureClientId(db)
  // From now on this device numbers from server blocks (provisionally until it gets one).
  setServerNumbering(db, true)
  const counters = { pushed: 0, conflicts: 0, batch: 0 }
  let pulled = 0
  let batchSize = opts.batchSize ?? 200
  const maxAttempts = opts.maxAttempts ?? 5
  let attempts = 0
  for (;;) {
    attempts++
    let conn: RemoteConnection | null = null
    try {
      conn = await openRemote(opts.server, { connectTimeoutMs: opts.connectTimeoutMs })
      const { serverNow, latestSeq } = await checkServer(conn, db, now())
      const ctx: PushContext = {
        clientId,
        userName: opts.userName ?? '',
        appVersion: opts.appVersion ?? '',
        protocol: CLIENT_PROTOCOL_VERSION,
        now: serverNow,
        numberingSeries: localNumberingSeries(db),
        hooks: opts.hooks,
      }
      await pushAll(conn, db, ctx, batchSize, counters)
      // Idle devices skip the snapshot: nothing committed after the cursor and nothing to re-read.
      const idle =
        counters.pushed === 0 &&
        getCursor(db) >= latestSeq &&
        (getState(db, STATE.refetch) ?? '[]') === '[]'
      if (!idle)
        pulled += await pullAll(
          conn,
          db,
          opts.pageSize ?? 1000,
          opts.hooks,
          latestSeq,
          counters.pushed > 0,
        )
      await reserveNumbers(
        conn,
        db,
        clientId,
        serverNow.slice(0, 10),
        opts.numberReserve ?? DEFAULT_NUMBER_RESERVE,
      )
      await endQuietly(conn)
      setState(db, STATE.lastSyncAt, new Date().toISOString())
      return {
        pushed: counters.pushed,
        pulled,
        conflicts: counters.conflicts,
        ms: Date.now() - started,
        attempts,
        cursor: getCursor(db),
      }
    } catch (e) {
      destroyQuietly(conn)
      if (e instanceof IsolateError) {
        batchSize = 1
        if (attempts < maxAttempts + 200) continue
        throw e.inner
      }
      if (!isTransient(e) || attempts >= maxAttempts) throw e
      // Full jitter, short: the scheduler owns the long backoff between sessions.
      await sleep(Math.random() * Math.min(2000, 100 * 2 ** attempts))
    }
  }
}
