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

let lastHlc = { ms: 0, counter: 0 }
/** Hybrid logical clock string: sortable "<ms 13 digits>-<counter 4 hex>". */
export function nextHlc(now: number): string {
  if (now > lastHlc.ms) lastHlc = { ms: now, counter: 0 }
  else lastHlc = { ms: lastHlc.ms, counter: lastHlc.counter + 1 }
  return `${String(lastHlc.ms).padStart(13, '0')}-${lastHlc.counter.toString(16).padStart(4, '0')}`
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
      hlc: nextHlc(now.getTime()),
      created_at: now.toISOString(),
    }),
  )
}
