import os from 'node:os'
import { v7 as uuidv7 } from 'uuid'
import type { EventMap } from '../../src-shared/ipc/events.ts'
import { recordMutation, type SyncedEntity } from '../sync/outbox.ts'
import type { ServiceDeps } from './index.ts'

/** What every service needs besides its own repositories. */
export interface ServiceContext extends ServiceDeps {
  /** The current time from the clock port (tests can fix it). */
  now(): Date
  /** Recorded in updated_by. */
  userName: string
  newId(): string
  /** Tell subscribers (renderer, PDF cache) that rows changed. Call only after the commit. */
  changed(entity: EventMap['data.changed']['entity'], ids: string[]): void
}

function osUserName(): string {
  try {
    return os.userInfo().username
  } catch {
    // No passwd entry (some containers): an unknown author is better than a failed save.
    return ''
  }
}

export function createServiceContext(deps: ServiceDeps): ServiceContext {
  const userName = deps.config.userName ?? osUserName()
  return {
    ...deps,
    now: () => deps.ports.clock.now(),
    userName,
    newId: () => uuidv7(),
    changed: (entity, ids) => deps.events.emit('data.changed', { entity, ids }),
  }
}

/**
 * The next `updated_at` for a row: the clock's time, but always later than the previous value, so
 * optimistic concurrency (`expectedUpdatedAt`) sees every write even within one millisecond or
 * after the clock stepped back.
 */
export function nextTimestamp(now: Date, previous: string | null | undefined): string {
  const t = now.getTime()
  const prev = previous ? Date.parse(previous) : Number.NaN
  return new Date(Number.isFinite(prev) && prev >= t ? prev + 1 : t).toISOString()
}

/**
 * Column → new value for the columns whose value differs from the stored row. Buffers are
 * compared by content, everything else with `===` (rows hold only strings, numbers and null).
 */
export function changedColumns<R extends object>(before: R, after: Partial<R>): Partial<R> {
  const out: Partial<R> = {}
  for (const key of Object.keys(after) as (keyof R)[]) {
    const next = after[key]
    if (next === undefined) continue
    const prev = before[key]
    const same = Buffer.isBuffer(prev) && Buffer.isBuffer(next) ? prev.equals(next) : prev === next
    if (!same) out[key] = next
  }
  return out
}

/** Columns the calculator derives on every save; never synced as authored fields (sync.md §2.5). */
export const DERIVED_COLUMNS: ReadonlySet<string> = new Set([
  'net_minor',
  'tax_minor',
  'gross_minor',
])

/** The fields an outbox row carries: authored columns only (no row_version, no derived totals). */
export function syncedFields(fields: object): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(fields)) {
    if (k === 'row_version' || DERIVED_COLUMNS.has(k)) continue
    out[k] = v
  }
  return out
}

/**
 * Patch outbox fields: exactly the columns the write changed (updated_at/updated_by included, as
 * they changed too), minus the derived totals.
 */
export function patchFields(fields: object): Record<string, unknown> {
  return syncedFields(fields)
}

/** The columns a soft delete writes. */
export interface SoftDeleteColumns {
  deleted_at: string
  updated_at: string
  updated_by: string
}

/**
 * Soft-deletes a synced row and records the delete for sync. Must run inside the caller's
 * transaction (the row write and its outbox row commit together).
 */
export function softDeleteSynced(
  ctx: ServiceContext,
  entity: SyncedEntity,
  before: { id: string; updated_at: string; row_version: number },
  now: Date,
  write: (columns: SoftDeleteColumns) => void,
): void {
  const deletedAt = nextTimestamp(now, before.updated_at)
  write({ deleted_at: deletedAt, updated_at: deletedAt, updated_by: ctx.userName })
  recordMutation(
    ctx.db,
    {
      entity,
      rowId: before.id,
      op: 'delete',
      fields: { deleted_at: deletedAt },
      baseVersion: before.row_version,
    },
    now,
  )
}

/**
 * Patches the changed columns of a synced row (stamping updated_at/updated_by) and records the
 * patch for sync; writes nothing when no column changes. Must run inside the caller's transaction.
 * Returns whether anything was written.
 */
export function patchSynced<R extends { updated_at: string; row_version: number }>(
  ctx: ServiceContext,
  entity: SyncedEntity,
  id: string,
  before: R,
  columns: NoInfer<Partial<R>>,
  now: Date,
  write: (fields: Partial<R> & { updated_at: string; updated_by: string }) => void,
): boolean {
  const diff = changedColumns(before, columns)
  if (Object.keys(diff).length === 0) return false
  const fields = {
    ...diff,
    updated_at: nextTimestamp(now, before.updated_at),
    updated_by: ctx.userName,
  }
  write(fields)
  recordMutation(
    ctx.db,
    {
      entity,
      rowId: id,
      op: 'patch',
      fields: patchFields(fields),
      baseVersion: before.row_version,
    },
    now,
  )
  return true
}
