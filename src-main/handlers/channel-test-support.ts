// Helpers for the channel integration tests (real app, real SQLite in a temp dir).
import { expect } from 'vitest'
import type { Result } from '../../src-shared/ipc/result.ts'
import type { InProcessHost } from '../hosts/in-process.ts'

export function unwrap<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`expected ok, got ${JSON.stringify(result.error)}`)
  return result.value
}

/** Asserts a validation error whose message and issues name `path`. */
export function expectValidation(result: Result<unknown>, path: string): void {
  expect(result.ok).toBe(false)
  if (result.ok) return
  expect(result.error.code).toBe('validation')
  expect(result.error.message).toContain(path)
  const paths = (result.error.details?.issues ?? []).map((i) => i.path)
  expect(paths.some((p) => p === path || p.endsWith(`.${path}`))).toBe(true)
}

const TABLES = [
  'company_settings',
  'clients',
  'products',
  'proposals',
  'proposal_sections',
  'line_items',
  'number_counters',
  'sync_outbox',
] as const

/** Row counts of every table (deleted rows included): "nothing written" means these are equal. */
export function storeCounts(host: InProcessHost): Record<string, number> {
  const out: Record<string, number> = {}
  for (const t of TABLES) {
    const row = host.app.db.sqlite.prepare(`SELECT count(*) AS n FROM ${t}`).get() as { n: number }
    out[t] = row.n
  }
  return out
}

export interface OutboxEntry {
  entity: string
  row_id: string
  op: string
  fields: Record<string, unknown>
  base_version: number
}

export function lastMutationId(host: InProcessHost): number {
  const row = host.app.db.sqlite
    .prepare('SELECT coalesce(max(mutation_id), 0) AS m FROM sync_outbox')
    .get() as { m: number }
  return row.m
}

/** Outbox rows written after mutation id `after`, oldest first. */
export function outboxSince(host: InProcessHost, after: number): OutboxEntry[] {
  const rows = host.app.db.sqlite
    .prepare(
      'SELECT entity, row_id, op, fields, base_version FROM sync_outbox WHERE mutation_id > ? ORDER BY mutation_id',
    )
    .all(after) as (Omit<OutboxEntry, 'fields'> & { fields: string })[]
  return rows.map((r) => ({ ...r, fields: JSON.parse(r.fields) as Record<string, unknown> }))
}

export function column<T>(host: InProcessHost, sql: string, ...params: unknown[]): T {
  const row = host.app.db.sqlite.prepare(sql).get(...params) as Record<string, T> | undefined
  if (!row) throw new Error(`no row for ${sql}`)
  const first = Object.values(row)[0]
  return first as T
}
