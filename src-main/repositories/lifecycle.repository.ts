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
