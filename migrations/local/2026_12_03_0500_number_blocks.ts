import { sql, type Kysely } from 'kysely'

// Frozen in time: this migration must never import from src-*.
//
// Proposal numbers the sync server reserved for this device (docs/sync.md "Numbering"). A number
// taken from a block is final even offline; next_seq is the next unused one of the block.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE number_blocks (
      series_key TEXT NOT NULL,
      first_seq INTEGER NOT NULL,
      last_seq INTEGER NOT NULL,
      next_seq INTEGER NOT NULL,
      PRIMARY KEY (series_key, first_seq)
    ) STRICT`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE IF EXISTS number_blocks`.execute(db)
}
