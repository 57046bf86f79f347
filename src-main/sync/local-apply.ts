import type BetterSqlite3 from 'better-sqlite3'
import { proposalTotals } from '../../src-shared/domain/totals.ts'
import type { LocalDb } from '../db/local-database.ts'
import type { LocalRow } from './codec.ts'
import { byPosition, parseTaxes } from './push.ts'
import { ENTITY_ORDER, TABLE_SPECS, specFor, type TableSpec } from './sync-schema.ts'
import type { ConflictRecord, RowRef } from './sync-types.ts'

const statements = new WeakMap<object, Map<string, BetterSqlite3.Statement>>()

/** A prepared statement cached per store (preparing costs more than running a short statement). */
export function stmt(db: LocalDb, sql: string): BetterSqlite3.Statement {
  let m = statements.get(db.sqlite)
  if (!m) statements.set(db.sqlite, (m = new Map<string, BetterSqlite3.Statement>()))
  let st = m.get(sql)
  if (!st) {
    st = db.sqlite.prepare(sql)
    m.set(sql, st)
  }
  return st
}

/** Device-local sync state (local_state keys). */
export const STATE = {
  clientId: 'sync.client_id',
  epoch: 'sync.epoch',
  cursor: 'sync.cursor',
  refetch: 'sync.refetch',
  clockOffset: 'sync.clock_offset_ms',
  lastSyncAt: 'sync.last_sync_at',
  lastError: 'sync.last_error',
  conflictPrefix: 'sync.conflict:',
} as const

export function getState(db: LocalDb, key: string): string | undefined {
  return (
    stmt(db, 'SELECT value FROM local_state WHERE key = ?').get(key) as
      { value: string } | undefined
  )?.value
}

export function setState(db: LocalDb, key: string, value: string): void {
  stmt(
    db,
    'INSERT INTO local_state (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
  ).run(key, value)
}

export function deleteState(db: LocalDb, key: string): void {
  stmt(db, 'DELETE FROM local_state WHERE key = ?').run(key)
}

export function getCursor(db: LocalDb): number {
  return Number(getState(db, STATE.cursor) ?? 0)
}

/** Fields of a row that still have unpushed local edits (kept over pulled values: the rebase). */
export function pendingFieldMap(db: LocalDb): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>()
  const rows = stmt(db, 'SELECT entity, row_id, op, fields FROM sync_outbox').all() as {
    entity: string
    row_id: string
    op: string
    fields: string
  }[]
  for (const r of rows) {
    const key = `${r.entity}:${r.row_id}`
    let set = out.get(key)
    if (!set) out.set(key, (set = new Set()))
    if (r.op === 'delete') set.add('deleted_at')
    try {
      for (const f of Object.keys(JSON.parse(r.fields) as Record<string, unknown>)) {
        if (f === 'deleted_at' && r.op !== 'delete') continue
        set.add(f)
      }
    } catch {
      // unreadable payload: nothing to keep
    }
  }
  return out
}

function localValue(v: unknown): unknown {
  if (typeof v === 'boolean') return v ? 1 : 0
  return v
}

/**
 * Writes one server row into the device store. Skips rows this device already holds at the same
 * or a newer version (unless `force`: a re-read after a push whose outcome differs from what the
 * device applied). Fields with pending local edits keep their local value.
 */
export function applyRemoteRow(
  db: LocalDb,
  spec: TableSpec,
  row: LocalRow,
  pending: Map<string, Set<string>>,
  opts: { force?: boolean } = {},
): { applied: boolean; proposalId: string | null; pendingLocal: boolean } {
  const id = String(row.id)
  const local = stmt(db, `SELECT * FROM ${spec.table} WHERE id = ?`).get(id) as LocalRow | undefined
  const proposalId =
    spec.entity === 'proposal'
      ? id
      : spec.entity === 'line_item' || spec.entity === 'proposal_section'
        ? String(row.proposal_id)
        : null
  const rv = Number(row.row_version)
  if (local) {
    const lrv = Number(local.row_version)
    if (opts.force ? lrv > rv : lrv >= rv)
      return { applied: false, proposalId, pendingLocal: false }
  }
  const keep = local ? pending.get(`${spec.entity}:${id}`) : undefined
  const merged: LocalRow = { ...row }
  if (local && keep) for (const f of keep) if (f in spec.columns) merged[f] = local[f]

  if (spec.entity === 'proposal') freeNumber(db, id, String(merged.number), Number(merged.revision))

  // Plain INSERT or UPDATE, not an UPSERT: an upsert's conflict clause would override the
  // OR IGNORE inside the full-text-search triggers on these tables.
  const cols = ['id', ...Object.keys(spec.columns), 'row_version']
  if (local) {
    const set = cols.filter((c) => c !== 'id')
    stmt(db, `UPDATE ${spec.table} SET ${set.map((c) => `${c} = ?`).join(', ')} WHERE id = ?`).run(
      ...set.map((c) => localValue(merged[c])),
      id,
    )
  } else {
    stmt(
      db,
      `INSERT INTO ${spec.table} (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`,
    ).run(...cols.map((c) => localValue(merged[c])))
  }
  return { applied: true, proposalId, pendingLocal: keep !== undefined }
}

/**
 * A pulled proposal may carry a number that a not-yet-pushed local proposal holds provisionally
 * (the server assigns final numbers at first push). The local one steps aside; the server will
 * give it its own number when it is pushed.
 */
function freeNumber(db: LocalDb, id: string, number: string, revision: number): void {
  const clash = stmt(
    db,
    'SELECT id FROM proposals WHERE number = ? AND revision = ? AND id <> ?',
  ).get(number, revision, id) as { id: string } | undefined
  if (!clash) return
  stmt(db, 'UPDATE proposals SET number = ? WHERE id = ?').run(
    `${number}~${clash.id.slice(-6)}`,
    clash.id,
  )
}

/** Removes a row the server refused and never stored (after a rejected insert). */
export function dropUnsyncedRow(
  db: LocalDb,
  ref: RowRef,
  pending: Map<string, Set<string>>,
): boolean {
  const spec = specFor(ref.entity)
  const local = stmt(db, `SELECT row_version FROM ${spec.table} WHERE id = ?`).get(ref.id) as
    { row_version: number } | undefined
  if (!local || Number(local.row_version) !== 0 || pending.has(`${ref.entity}:${ref.id}`))
    return false
  if (spec.entity === 'proposal') {
    stmt(db, 'DELETE FROM line_items WHERE proposal_id = ? AND row_version = 0').run(ref.id)
    stmt(db, 'DELETE FROM proposal_sections WHERE proposal_id = ? AND row_version = 0').run(ref.id)
    const left = stmt(
      db,
      'SELECT 1 FROM line_items WHERE proposal_id = ? UNION ALL SELECT 1 FROM proposal_sections WHERE proposal_id = ?',
    ).get(ref.id, ref.id)
    if (left) return false
  }
  stmt(db, `DELETE FROM ${spec.table} WHERE id = ?`).run(ref.id)
  return true
}

/**
 * Recomputes a proposal's stored totals from its local lines with the one calculator (after a pull
 * rebased local pending edits onto server rows, the server's totals no longer describe them).
 */
export function recomputeLocalTotals(db: LocalDb, proposalId: string): void {
  const p = stmt(db, 'SELECT * FROM proposals WHERE id = ?').get(proposalId) as LocalRow | undefined
  if (!p) return
  const lines = (
    stmt(db, 'SELECT * FROM line_items WHERE proposal_id = ? AND deleted_at IS NULL').all(
      proposalId,
    ) as LocalRow[]
  )
    .map((row) => ({ row }))
    .sort(byPosition)
    .map((x) => x.row)
  let result
  try {
    result = proposalTotals({
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
  } catch {
    return
  }
  const upd = stmt(db, 'UPDATE line_items SET net_minor = ? WHERE id = ? AND net_minor <> ?')
  lines.forEach((l, i) => {
    const net = result.lines[i]?.net ?? 0
    upd.run(net, l.id, net)
  })
  const t = result.totals
  stmt(db, 'UPDATE proposals SET net_minor = ?, tax_minor = ?, gross_minor = ? WHERE id = ?').run(
    t.net,
    t.tax,
    t.gross,
    proposalId,
  )
}

/** Applies a set of server rows (a pull page or a re-read) in parent-before-child order. */
export function applyRows(
  db: LocalDb,
  rows: { entity: string; row: LocalRow }[],
  opts: { force?: boolean } = {},
): number {
  const pending = pendingFieldMap(db)
  const rebased = new Set<string>()
  let applied = 0
  const order = new Map(ENTITY_ORDER.map((e, i) => [e, i]))
  const sorted = [...rows].sort((a, b) => (order.get(a.entity) ?? 0) - (order.get(b.entity) ?? 0))
  for (const { entity, row } of sorted) {
    const r = applyRemoteRow(db, specFor(entity), row, pending, opts)
    if (r.applied) applied++
    if (r.proposalId && (r.pendingLocal || hasPendingFamily(pending, r.proposalId)))
      rebased.add(r.proposalId)
  }
  for (const pid of rebased) recomputeLocalTotals(db, pid)
  return applied
}

function hasPendingFamily(pending: Map<string, Set<string>>, proposalId: string): boolean {
  return pending.has(`proposal:${proposalId}`)
}

export interface StoredConflict extends ConflictRecord {
  resolvedAt: string | null
  resolution: 'server' | 'mine' | 'acknowledged' | null
}

export function storeConflicts(db: LocalDb, conflicts: readonly ConflictRecord[]): void {
  for (const c of conflicts) {
    const key = STATE.conflictPrefix + c.id
    if (getState(db, key) !== undefined) continue
    const stored: StoredConflict = { ...c, resolvedAt: null, resolution: null }
    setState(db, key, JSON.stringify(stored))
  }
}

export function listStoredConflicts(db: LocalDb, includeResolved = false): StoredConflict[] {
  const rows = stmt(
    db,
    'SELECT value FROM local_state WHERE key >= ? AND key < ? ORDER BY key',
  ).all(STATE.conflictPrefix, STATE.conflictPrefix + '\uffff') as { value: string }[]
  return rows
    .map((r) => JSON.parse(r.value) as StoredConflict)
    .filter((c) => includeResolved || c.resolvedAt === null)
    .sort((a, b) =>
      a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.id < b.id ? -1 : 1,
    )
}

export function addRefetch(db: LocalDb, refs: readonly RowRef[]): void {
  if (refs.length === 0) return
  const cur = JSON.parse(getState(db, STATE.refetch) ?? '[]') as RowRef[]
  const seen = new Set(cur.map((r) => `${r.entity}:${r.id}`))
  for (const r of refs) {
    const k = `${r.entity}:${r.id}`
    if (!seen.has(k)) {
      seen.add(k)
      cur.push(r)
    }
  }
  setState(db, STATE.refetch, JSON.stringify(cur))
}

export function pendingCount(db: LocalDb): number {
  return (stmt(db, 'SELECT COUNT(*) AS n FROM sync_outbox').get() as { n: number }).n
}

/** After a server restore (new epoch): forget every server version so the next pull re-reads all. */
export function resetForNewEpoch(db: LocalDb, epoch: string): void {
  for (const s of TABLE_SPECS) stmt(db, `UPDATE ${s.table} SET row_version = 0`).run()
  setState(db, STATE.cursor, '0')
  setState(db, STATE.epoch, epoch)
}
