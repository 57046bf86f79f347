import { sql, type Kysely } from 'kysely'

// Frozen in time: this migration must never import from src-*.
//
// Status filters of the proposal list at 100,000 proposals.
// - (status, valid_until, id) answers the count of "sent" / "expired" (expired is derived from
//   valid_until) from the index alone;
// - (status, updated_at, id) serves a status-filtered page in the default order without a sort;
// - the sort indexes of 2026_12_03_0401 gain trailing status/valid_until, so a page in another
//   order with a status filter walks the sort index and tests the status without reading rows.
// The trailing deleted_at (always NULL in these partial indexes) lets SQLite treat them as
// covering for counts.
const SORT_INDEXES: [string, string][] = [
  ['proposals_live_updated', 'updated_at, id'],
  ['proposals_live_created', 'created_at, id'],
  ['proposals_live_number', 'number, id'],
  ['proposals_live_total', 'gross_minor, id'],
  ['proposals_live_valid', 'valid_until, id'],
  ['proposals_live_title', 'lower(title), id'],
]

export async function up(db: Kysely<any>): Promise<void> {
  await sql`DROP INDEX IF EXISTS proposals_live_status`.execute(db)
  await sql`CREATE INDEX proposals_live_status_valid ON proposals (status, valid_until, id, deleted_at)
    WHERE deleted_at IS NULL`.execute(db)
  await sql`CREATE INDEX proposals_live_status_updated ON proposals (status, updated_at, id)
    WHERE deleted_at IS NULL`.execute(db)
  for (const [name, cols] of SORT_INDEXES) {
    await sql.raw(`DROP INDEX IF EXISTS ${name}`).execute(db)
    await sql
      .raw(
        `CREATE INDEX ${name} ON proposals (${cols}, status, valid_until, deleted_at) WHERE deleted_at IS NULL`,
      )
      .execute(db)
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP INDEX IF EXISTS proposals_live_status_valid`.execute(db)
  await sql`DROP INDEX IF EXISTS proposals_live_status_updated`.execute(db)
  for (const [name, cols] of SORT_INDEXES) {
    await sql.raw(`DROP INDEX IF EXISTS ${name}`).execute(db)
    await sql
      .raw(`CREATE INDEX ${name} ON proposals (${cols}) WHERE deleted_at IS NULL`)
      .execute(db)
  }
  await sql`CREATE INDEX proposals_live_status ON proposals (status, valid_until)
    WHERE deleted_at IS NULL`.execute(db)
}
