import { sql, type Kysely } from 'kysely'

// Frozen in time: this migration must never import from src-*.
//
// Indexes that keep the proposal list fast at 100,000 proposals (bench/db.bench.ts). Every sort
// key gets a partial index on live rows ending in `id` (the list's tie-breaker), so a page is an
// index walk instead of a sort of the whole table; `proposals_revised` makes "which rows have a
// newer revision" a lookup over the (few) revised numbers only.
const INDEXES: [string, string][] = [
  ['proposals_live_updated', 'updated_at, id'],
  ['proposals_live_created', 'created_at, id'],
  ['proposals_live_number', 'number, id'],
  ['proposals_live_total', 'gross_minor, id'],
  ['proposals_live_valid', 'valid_until, id'],
  ['proposals_live_title', 'lower(title), id'],
  ['proposals_live_status', 'status, valid_until'],
]

export async function up(db: Kysely<any>): Promise<void> {
  for (const [name, cols] of INDEXES) {
    await sql
      .raw(`CREATE INDEX ${name} ON proposals (${cols}) WHERE deleted_at IS NULL`)
      .execute(db)
  }
  await sql`CREATE INDEX proposals_revised ON proposals (number, revision) WHERE revision > 0`.execute(
    db,
  )
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const [name] of INDEXES) await sql.raw(`DROP INDEX IF EXISTS ${name}`).execute(db)
  await sql`DROP INDEX IF EXISTS proposals_revised`.execute(db)
}
