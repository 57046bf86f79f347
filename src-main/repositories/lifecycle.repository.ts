import { sql, type RawBuilder } from 'kysely'
import type { ProposalStatus } from '../../src-shared/domain/proposal.types.ts'
import type { LocalDb } from '../db/local-database.ts'
import type { ProposalSummaryRow } from './proposal.repository.ts'

/**
 * The status a user sees: a sent proposal whose `valid_until` lies before `today` is expired.
 * Derived on every read, never stored, so it needs no timer and is right on every device.
 * `alias` is the proposals table alias in the surrounding query.
 */
export function effectiveStatusSql(alias: string, today: string): RawBuilder<ProposalStatus> {
  const p = sql.raw(alias)
  return sql<ProposalStatus>`(CASE WHEN ${p}.status = 'sent' AND ${p}.valid_until IS NOT NULL AND ${p}.valid_until < ${today} THEN 'expired' ELSE ${p}.status END)`
}

/**
 * The same test as `effectiveStatusSql(...) = status`, written so SQLite can use the
 * (status, valid_until) index instead of evaluating a CASE on every row.
 */
export function statusFilterSql(
  alias: string,
  status: ProposalStatus,
  today: string,
): RawBuilder<boolean> {
  const p = sql.raw(alias)
  if (status === 'expired') {
    return sql<boolean>`(${p}.status = 'expired' OR (${p}.status = 'sent' AND ${p}.valid_until < ${today}))`
  }
  if (status === 'sent') {
    return sql<boolean>`(${p}.status = 'sent' AND (${p}.valid_until IS NULL OR ${p}.valid_until >= ${today}))`
  }
  return sql<boolean>`${p}.status = ${status}`
}

/**
 * Ids of live rows that a newer live revision supersedes. Driven from the rows with revision > 0
 * (index proposals_revised), so it costs as much as there are revisions, not proposals; lists use
 * `id NOT IN (…)` against it, evaluated once per query.
 */
export const supersededIdsSql = sql<string>`(SELECT older.id FROM proposals newer
  JOIN proposals older ON older.number = newer.number AND older.revision < newer.revision
  WHERE newer.revision > 0 AND newer.deleted_at IS NULL AND older.deleted_at IS NULL)`

export interface TrashRow extends ProposalSummaryRow {
  deleted_at: string
}

/** Deleted proposals, most recently deleted first. */
export function listTrashRows(db: LocalDb, limit: number): TrashRow[] {
  const clientName = sql<string>`coalesce(json_extract(p.client_snapshot, '$.name'), c.name, '')`
  return db.all(
    db.q
      .selectFrom('proposals as p')
      .leftJoin('clients as c', 'c.id', 'p.client_id')
      .where('p.deleted_at', 'is not', null)
      .select([
        'p.id',
        'p.number',
        'p.revision',
        'p.title',
        'p.status',
        'p.client_id',
        clientName.as('client_name'),
        'p.currency',
        'p.issue_date',
        'p.valid_until',
        'p.net_minor',
        'p.gross_minor',
        'p.is_sample',
        'p.created_at',
        'p.updated_at',
        sql<string>`p.deleted_at`.as('deleted_at'),
      ])
      .orderBy('p.deleted_at', 'desc')
      .orderBy('p.id', 'desc')
      .limit(limit),
  )
}
