import { createHash } from 'node:crypto'

/** One outbox row as pushed. */
export interface PushEntry {
  mutationId: number
  entity: string
  rowId: string
  op: 'insert' | 'patch' | 'delete'
  fields: Record<string, unknown>
  baseVersion: number
  hlc: string
}

export type MutationStatus =
  /** every field landed */
  | 'applied'
  /** some fields landed; others kept the server value (conflict) or lost LWW (superseded) */
  | 'partial'
  /** nothing landed: every field was a conflict or the row was deleted on the server */
  | 'conflict'
  /** nothing landed: a newer edit (by HLC) of the same non-critical field won */
  | 'superseded'
  /** the proposal was already sent; the edit went to a new revision */
  | 'redirected'
  /** invalid data; kept as a conflict record so the user sees what was refused */
  | 'rejected'

export type ConflictKind = 'field' | 'deleted' | 'revision' | 'rejected'

export interface ConflictRecord {
  id: string
  mutationId: number
  kind: ConflictKind
  entity: string
  rowId: string
  field: string | null
  /** JSON-safe values in the device's spelling. */
  serverValue: unknown
  clientValue: unknown
  detail: string | null
  createdAt: string
}

export interface RowRef {
  entity: string
  id: string
}

export interface MutationResult {
  mutationId: number
  status: MutationStatus
  seq: number | null
  /** Rows whose server state differs from what the device applied locally: re-read after push. */
  refetch: RowRef[]
  conflicts: ConflictRecord[]
}

/** Hooks for fault-injection tests (throwing from a hook behaves like the connection dying). */
export interface SyncHooks {
  beforeCommit?: (ctx: { connectionId: number; batch: number }) => Promise<void> | void
  afterCommit?: (ctx: { connectionId: number; batch: number }) => Promise<void> | void
  /** Called after each pulled page is read and before it is applied locally. */
  midPull?: (ctx: { connectionId: number; page: number }) => Promise<void> | void
}

/**
 * A UUID derived from a name (SHA-1, RFC 9562 v8 layout). Server-made rows (revisions and their
 * copied lines, conflict records) get ids that a retried batch reproduces exactly.
 */
export function derivedUuid(name: string): string {
  const h = createHash('sha1').update(name).digest('hex')
  const variant = ((parseInt(h[16] ?? '0', 16) & 0x3) | 0x8).toString(16)
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-8${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`
}
