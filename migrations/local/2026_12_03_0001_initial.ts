import { sql, type Kysely } from 'kysely'

// Frozen in time: this migration must never import from src-*. Every synced table carries
// the same bookkeeping columns (UUIDv7 text id, ISO ms UTC timestamps, soft delete, row_version
// = the server sequence this device last saw for the row, 0 when never synced).
const meta = sql.raw(`
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  updated_by TEXT NOT NULL DEFAULT '',
  deleted_at TEXT,
  row_version INTEGER NOT NULL DEFAULT 0
`)

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE company_settings (
      id TEXT PRIMARY KEY,
      company_name TEXT NOT NULL DEFAULT '',
      address TEXT NOT NULL DEFAULT '',
      email TEXT NOT NULL DEFAULT '',
      phone TEXT NOT NULL DEFAULT '',
      website TEXT NOT NULL DEFAULT '',
      tax_id TEXT NOT NULL DEFAULT '',
      payment_details TEXT NOT NULL DEFAULT '',
      logo BLOB,
      logo_mime TEXT,
      default_currency TEXT NOT NULL DEFAULT 'EUR',
      default_tax_rate TEXT NOT NULL DEFAULT '20',
      validity_days INTEGER NOT NULL DEFAULT 30,
      numbering_series TEXT NOT NULL DEFAULT 'PR-{YYYY}-{SEQ:4}',
      default_terms TEXT NOT NULL DEFAULT '',
      tax_rounding TEXT NOT NULL DEFAULT 'per-document' CHECK (tax_rounding IN ('per-document','per-line')),
      prices_include_tax INTEGER NOT NULL DEFAULT 0 CHECK (prices_include_tax IN (0,1)),
      locale TEXT NOT NULL DEFAULT 'en-GB',
      ${meta}
    ) STRICT`.execute(db)

  await sql`
    CREATE TABLE clients (
      id TEXT PRIMARY KEY,
      name TEXT NOT NULL,
      contact_name TEXT NOT NULL DEFAULT '',
      email TEXT NOT NULL DEFAULT '',
      phone TEXT NOT NULL DEFAULT '',
      address TEXT NOT NULL DEFAULT '',
      tax_id TEXT NOT NULL DEFAULT '',
      notes TEXT NOT NULL DEFAULT '',
      ${meta}
    ) STRICT`.execute(db)
  await sql`CREATE INDEX clients_name ON clients (name COLLATE NOCASE)`.execute(db)

  await sql`
    CREATE TABLE products (
      id TEXT PRIMARY KEY,
      sku TEXT NOT NULL DEFAULT '',
      name TEXT NOT NULL,
      description TEXT NOT NULL DEFAULT '',
      unit TEXT NOT NULL DEFAULT '',
      unit_price TEXT NOT NULL,
      currency TEXT NOT NULL,
      taxes TEXT NOT NULL DEFAULT '[]',
      active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0,1)),
      ${meta}
    ) STRICT`.execute(db)
  await sql`CREATE INDEX products_name ON products (name COLLATE NOCASE)`.execute(db)

  // Money results are integer minor units (net_minor …); inputs (quantity, unit_price, rates,
  // percentages) are exact decimal strings. The *_minor columns are a snapshot written by the one
  // calculator on every save, for listing and sorting without recomputing.
  await sql`
    CREATE TABLE proposals (
      id TEXT PRIMARY KEY,
      number TEXT NOT NULL,
      revision INTEGER NOT NULL DEFAULT 0,
      revision_of TEXT REFERENCES proposals(id),
      title TEXT NOT NULL,
      status TEXT NOT NULL DEFAULT 'draft'
        CHECK (status IN ('draft','sent','accepted','declined','expired','cancelled')),
      client_id TEXT REFERENCES clients(id),
      client_snapshot TEXT,
      currency TEXT NOT NULL,
      issue_date TEXT,
      valid_until TEXT,
      tax_rounding TEXT NOT NULL DEFAULT 'per-document' CHECK (tax_rounding IN ('per-document','per-line')),
      prices_include_tax INTEGER NOT NULL DEFAULT 0 CHECK (prices_include_tax IN (0,1)),
      document_discount_percent TEXT NOT NULL DEFAULT '0',
      terms TEXT NOT NULL DEFAULT '',
      notes TEXT NOT NULL DEFAULT '',
      net_minor INTEGER NOT NULL DEFAULT 0,
      tax_minor INTEGER NOT NULL DEFAULT 0,
      gross_minor INTEGER NOT NULL DEFAULT 0,
      is_sample INTEGER NOT NULL DEFAULT 0 CHECK (is_sample IN (0,1)),
      sent_at TEXT,
      ${meta},
      UNIQUE (number, revision)
    ) STRICT`.execute(db)
  await sql`CREATE INDEX proposals_updated ON proposals (updated_at)`.execute(db)
  await sql`CREATE INDEX proposals_status ON proposals (status)`.execute(db)
  await sql`CREATE INDEX proposals_client ON proposals (client_id)`.execute(db)

  // position: fractional-index string, so a reorder touches one row (and syncs as one field).
  await sql`
    CREATE TABLE proposal_sections (
      id TEXT PRIMARY KEY,
      proposal_id TEXT NOT NULL REFERENCES proposals(id),
      position TEXT NOT NULL,
      title TEXT NOT NULL DEFAULT '',
      body TEXT NOT NULL DEFAULT '',
      ${meta}
    ) STRICT`.execute(db)
  await sql`CREATE INDEX proposal_sections_proposal ON proposal_sections (proposal_id, position)`.execute(
    db,
  )

  await sql`
    CREATE TABLE line_items (
      id TEXT PRIMARY KEY,
      proposal_id TEXT NOT NULL REFERENCES proposals(id),
      position TEXT NOT NULL,
      product_id TEXT REFERENCES products(id),
      sku TEXT NOT NULL DEFAULT '',
      description TEXT NOT NULL,
      quantity TEXT NOT NULL,
      unit TEXT NOT NULL DEFAULT '',
      unit_price TEXT NOT NULL,
      discount_percent TEXT NOT NULL DEFAULT '0',
      taxes TEXT NOT NULL DEFAULT '[]',
      optional INTEGER NOT NULL DEFAULT 0 CHECK (optional IN (0,1)),
      net_minor INTEGER NOT NULL DEFAULT 0,
      ${meta}
    ) STRICT`.execute(db)
  await sql`CREATE INDEX line_items_proposal ON line_items (proposal_id, position)`.execute(db)

  // Local numbering counters, one per resolved series prefix (so {YYYY} series restart yearly).
  await sql`
    CREATE TABLE number_counters (
      series_key TEXT PRIMARY KEY,
      next_seq INTEGER NOT NULL
    ) STRICT`.execute(db)

  // Sync outbox: written in the SAME transaction as the edit it records (architecture.md "Sync").
  // AUTOINCREMENT is fine here: the table is device-local and never synced.
  await sql`
    CREATE TABLE sync_outbox (
      mutation_id INTEGER PRIMARY KEY AUTOINCREMENT,
      entity TEXT NOT NULL,
      row_id TEXT NOT NULL,
      op TEXT NOT NULL CHECK (op IN ('insert','patch','delete')),
      fields TEXT NOT NULL,
      base_version INTEGER NOT NULL,
      hlc TEXT NOT NULL,
      created_at TEXT NOT NULL
    ) STRICT`.execute(db)

  // Device-local key/value state (device id, sync cursor, …).
  await sql`
    CREATE TABLE local_state (
      key TEXT PRIMARY KEY,
      value TEXT NOT NULL
    ) STRICT`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of [
    'local_state',
    'sync_outbox',
    'number_counters',
    'line_items',
    'proposal_sections',
    'proposals',
    'products',
    'clients',
    'company_settings',
  ]) {
    await sql`DROP TABLE IF EXISTS ${sql.ref(t)}`.execute(db)
  }
}
