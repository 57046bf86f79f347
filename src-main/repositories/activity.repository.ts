import type { Insertable, Selectable } from 'kysely'
import type { LocalDb } from '../db/local-database.ts'
import type { ActivityTable } from '../db/tables.ts'

export type ActivityRow = Selectable<ActivityTable>
export type NewActivityRow = Insertable<ActivityTable>

export function insertActivityRow(db: LocalDb, row: NewActivityRow): void {
  db.run(db.q.insertInto('activity').values(row))
}

export function updateActivityRow(
  db: LocalDb,
  id: string,
  fields: { at: string; data: string },
): void {
  db.run(db.q.updateTable('activity').set(fields).where('id', '=', id))
}

/** The newest entry of a proposal (for coalescing bursts of edits into one entry). */
export function lastActivityRow(db: LocalDb, proposalId: string): ActivityRow | undefined {
  return db.first(
    db.q
      .selectFrom('activity')
      .selectAll()
      .where('proposal_id', '=', proposalId)
      .orderBy('at', 'desc')
      .orderBy('id', 'desc')
      .limit(1),
  )
}

/** Entries of these proposals, oldest first. */
export function listActivityRows(
  db: LocalDb,
  proposalIds: readonly string[],
  limit: number,
): ActivityRow[] {
  if (proposalIds.length === 0) return []
  return db
    .all(
      db.q
        .selectFrom('activity')
        .selectAll()
        .where('proposal_id', 'in', proposalIds)
        .orderBy('at', 'desc')
        .orderBy('id', 'desc')
        .limit(limit),
    )
    .reverse()
}

export interface RecentActivityRow extends ActivityRow {
  number: string | null
  revision: number | null
  title: string | null
}

/** Newest entries across all proposals, with the proposal's number and title. */
export function recentActivityRows(db: LocalDb, limit: number): RecentActivityRow[] {
  return db.all(
    db.q
      .selectFrom('activity as a')
      .leftJoin('proposals as p', 'p.id', 'a.proposal_id')
      .selectAll('a')
      .select(['p.number', 'p.revision', 'p.title'])
      .orderBy('a.at', 'desc')
      .orderBy('a.id', 'desc')
      .limit(limit),
  )
}
