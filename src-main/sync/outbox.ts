import type { LocalDb } from '../db/local-database.ts'

/** Synced entities and their tables. */
export const SYNCED_TABLES = {
  company_settings: 'company_settings',
  client: 'clients',
  product: 'products',
  proposal: 'proposals',
  proposal_section: 'proposal_sections',
  line_item: 'line_items',
} as const
export type SyncedEntity = keyof typeof SYNCED_TABLES

export interface Mutation {
  entity: SyncedEntity
  rowId: string
  op: 'insert' | 'patch' | 'delete'
  /** Column name → new value (snake_case, as stored). For delete: { deleted_at }. */
  fields: Record<string, unknown>
  /** The row's row_version before this edit (0 for a new row). */
  baseVersion: number
}

interface ClockState {
  ms: number
  counter: number
  /** server time − device time, measured at the last sync session start */
  offsetMs: number | null
}
const clocks = new WeakMap<object, ClockState>()
const processClock: ClockState = { ms: 0, counter: 0, offsetMs: 0 }

function clockOf(db: LocalDb | undefined): ClockState {
  if (!db) return processClock
  let c = clocks.get(db.sqlite)
  if (!c) {
    c = { ms: 0, counter: 0, offsetMs: null }
    clocks.set(db.sqlite, c)
  }
  if (c.offsetMs === null) {
    const row = db.first(
      db.q.selectFrom('local_state').select('value').where('key', '=', 'sync.clock_offset_ms'),
    )
    c.offsetMs = row ? Number(row.value) || 0 : 0
  }
  return c
}

/** Remembers how far this device's clock is from the server's (set at each sync session start). */
export function setClockOffset(db: LocalDb, offsetMs: number): void {
  const c = clockOf(db)
  c.offsetMs = offsetMs
}

/**
 * Hybrid logical clock string: sortable "<ms 13 digits>-<counter 4 hex>". The wall clock is
 * corrected by the offset to the server measured at the last sync, so a laptop hours off still
 * orders its last-writer-wins edits sensibly; the counter keeps one device's stamps strictly
 * increasing even when its clock jumps back.
 */
export function nextHlc(now: number, db?: LocalDb): string {
  const c = clockOf(db)
  const t = Math.round(now + (c.offsetMs ?? 0))
  if (t > c.ms) {
    c.ms = t
    c.counter = 0
  } else c.counter += 1
  return `${String(c.ms).padStart(13, '0')}-${c.counter.toString(16).padStart(4, '0')}`
}

/** Called after every recorded mutation (the background scheduler debounces a sync on it). */
const listeners = new WeakMap<object, () => void>()
export function onLocalMutation(db: LocalDb, fn: (() => void) | null): void {
  if (fn) listeners.set(db.sqlite, fn)
  else listeners.delete(db.sqlite)
}

/**
 * Records a local edit for sync. MUST be called inside the same `db.transaction` as the edit
 * itself, so an edit and its outbox row commit (or roll back) together.
 */
export function recordMutation(db: LocalDb, m: Mutation, now: Date): void {
  if (!db.sqlite.inTransaction) {
    throw new Error('recordMutation must run inside the transaction of the edit it records')
  }
  const fields: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(m.fields)) {
    // BLOBs (logo) travel as base64 so the payload stays JSON.
    fields[k] = Buffer.isBuffer(v) ? { $base64: v.toString('base64') } : v
  }
  db.run(
    db.q.insertInto('sync_outbox').values({
      entity: m.entity,
      row_id: m.rowId,
      op: m.op,
      fields: JSON.stringify(fields),
      base_version: m.baseVersion,
      hlc: nextHlc(now.getTime(), db),
      created_at: now.toISOString(),
    }),
  )
  const notify = listeners.get(db.sqlite)
  // A microtask runs after the synchronous transaction has finished (after a rollback it merely
  // triggers a sync with nothing new to push).
  if (notify) queueMicrotask(notify)
}
