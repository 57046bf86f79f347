import { sql, type Kysely } from 'kysely'

// Frozen in time: never import from src-*. The email outbox is device-local (not synced): it holds
// the exact attachment bytes that were shown to the user when they pressed Send, and the
// Message-ID generated before any SMTP traffic, so a retry can never send a different file or a
// second copy unnoticed.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE email_outbox (
      id TEXT PRIMARY KEY,
      message_id TEXT NOT NULL UNIQUE,
      proposal_id TEXT NOT NULL,
      proposal_number TEXT NOT NULL,
      proposal_updated_at TEXT NOT NULL,
      status TEXT NOT NULL CHECK (status IN ('queued','sending','sent','failed','unknown')),
      from_name TEXT NOT NULL DEFAULT '',
      from_address TEXT NOT NULL,
      to_json TEXT NOT NULL,
      cc_json TEXT NOT NULL DEFAULT '[]',
      bcc_json TEXT NOT NULL DEFAULT '[]',
      subject TEXT NOT NULL,
      body TEXT NOT NULL,
      attachment_name TEXT NOT NULL,
      attachment_sha256 TEXT NOT NULL,
      attachment_size INTEGER NOT NULL,
      attachment_key TEXT NOT NULL,
      attachment BLOB NOT NULL,
      attempts INTEGER NOT NULL DEFAULT 0,
      next_attempt_at TEXT,
      failure_code TEXT,
      failure_message TEXT,
      server_response TEXT,
      owner TEXT,
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL,
      sent_at TEXT
    ) STRICT`.execute(db)
  await sql`CREATE INDEX email_outbox_status ON email_outbox (status, next_attempt_at)`.execute(db)
  await sql`CREATE INDEX email_outbox_proposal ON email_outbox (proposal_id, created_at)`.execute(
    db,
  )
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE email_outbox`.execute(db)
}
