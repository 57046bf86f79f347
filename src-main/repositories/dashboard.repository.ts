import { sql } from 'kysely'
import type { ProposalStatus } from '../../src-shared/domain/proposal.types.ts'
import type { LocalDb } from '../db/local-database.ts'
import { effectiveStatusSql, supersededIdsSql } from './lifecycle.repository.ts'
import type { ProposalSummaryRow } from './proposal.repository.ts'

/** Live proposals that are the latest revision of their number (alias p). */
function latestLive(db: LocalDb) {
  return db.q
    .selectFrom('proposals as p')
    .where('p.deleted_at', 'is', null)
    .where(sql<boolean>`p.id NOT IN ${supersededIdsSql}`)
}

export interface PipelineRow {
  status: ProposalStatus
  currency: string
  count: number
  gross: number
}

/** Count and gross value per shown status and currency, for the open statuses. */
export function pipelineRows(db: LocalDb, today: string): PipelineRow[] {
  const status = effectiveStatusSql('p', today)
  return db.all(
    latestLive(db)
      .where('p.status', 'in', ['draft', 'sent'])
      .where('p.is_sample', '=', 0)
      .select([
        status.as('status'),
        'p.currency',
        sql<number>`count(*)`.as('count'),
        sql<number>`sum(p.gross_minor)`.as('gross'),
      ])
      .groupBy([status, 'p.currency'])
      .orderBy('p.currency')
      .orderBy(status),
  )
}

/** Sent proposals whose validity ends between `from` and `to` (inclusive), soonest first. */
export function expiringRows(
  db: LocalDb,
  from: string,
  to: string,
  limit: number,
): ProposalSummaryRow[] {
  const clientName = sql<string>`coalesce(json_extract(p.client_snapshot, '$.name'), c.name, '')`
  return db.all(
    latestLive(db)
      .leftJoin('clients as c', 'c.id', 'p.client_id')
      .where('p.status', '=', 'sent')
      .where('p.valid_until', '>=', from)
      .where('p.valid_until', '<=', to)
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
      ])
      .orderBy('p.valid_until')
      .orderBy('p.id')
      .limit(limit),
  )
}

/**
 * Outcomes decided since `since`: a final status is frozen (edits make a new revision), so the
 * row's updated_at is when it was decided.
 */
export function outcomeCounts(db: LocalDb, since: string): { accepted: number; declined: number } {
  const rows = db.all(
    latestLive(db)
      .where('p.status', 'in', ['accepted', 'declined'])
      .where('p.updated_at', '>=', since)
      .where('p.is_sample', '=', 0)
      .select(['p.status', sql<number>`count(*)`.as('n')])
      .groupBy('p.status'),
  )
  return {
    accepted: rows.find((r) => r.status === 'accepted')?.n ?? 0,
    declined: rows.find((r) => r.status === 'declined')?.n ?? 0,
  }
}
