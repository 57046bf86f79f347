import { sql, type Kysely } from 'kysely'

// Frozen in time: this migration must never import from src-*.
//
// Quoting depth: activity timeline, templates, content library and full-text search.
// Templates and library sections carry the synced bookkeeping columns so they can join sync later;
// the activity table is device-local for now (append-only, one row per event).

const meta = sql.raw(`
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  updated_by TEXT NOT NULL DEFAULT '',
  deleted_at TEXT,
  row_version INTEGER NOT NULL DEFAULT 0
`)

/**
 * SQL that re-indexes every proposal matching `where` (an expression over `p`, the proposals
 * row). One FTS document per proposal: number, title, client name as printed, and a body made of
 * section titles/bodies and line SKUs/descriptions. Deleted proposals are left out of the index.
 * FTS rowids come from `search_docs` (an INTEGER PRIMARY KEY, stable across VACUUM, unlike the
 * implicit rowid of a TEXT-keyed table).
 */
function refresh(where: string): string {
  return `
    DELETE FROM proposal_fts WHERE rowid IN (
      SELECT d.doc FROM search_docs d JOIN proposals p ON p.id = d.proposal_id WHERE ${where});
    INSERT OR IGNORE INTO search_docs (proposal_id)
      SELECT p.id FROM proposals p WHERE ${where} AND p.deleted_at IS NULL;
    INSERT INTO proposal_fts (rowid, number, title, client, body)
      SELECT d.doc, p.number, p.title,
        coalesce(json_extract(p.client_snapshot, '$.name'),
          (SELECT c.name FROM clients c WHERE c.id = p.client_id), ''),
        coalesce((SELECT group_concat(t, char(10)) FROM (
          SELECT s.title || char(10) || s.body AS t FROM proposal_sections s
          WHERE s.proposal_id = p.id AND s.deleted_at IS NULL ORDER BY s.position)), '')
        || char(10) ||
        coalesce((SELECT group_concat(t, char(10)) FROM (
          SELECT l.sku || ' ' || l.description AS t FROM line_items l
          WHERE l.proposal_id = p.id AND l.deleted_at IS NULL ORDER BY l.position)), '')
      FROM proposals p JOIN search_docs d ON d.proposal_id = p.id
      WHERE ${where} AND p.deleted_at IS NULL;`
}

function libraryRefresh(ref: 'NEW' | 'OLD'): string {
  return `
    DELETE FROM library_fts WHERE section_id = ${ref}.id;
    INSERT INTO library_fts (section_id, title, body, category, tags)
      SELECT s.id, s.title, s.body, s.category,
        coalesce((SELECT group_concat(value, ' ') FROM json_each(s.tags)), '')
      FROM library_sections s WHERE s.id = ${ref}.id AND s.deleted_at IS NULL;`
}

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE activity (
      id TEXT PRIMARY KEY,
      proposal_id TEXT NOT NULL,
      kind TEXT NOT NULL,
      actor TEXT NOT NULL DEFAULT '',
      at TEXT NOT NULL,
      data TEXT NOT NULL DEFAULT '{}'
    ) STRICT`.execute(db)
  await sql`CREATE INDEX activity_proposal ON activity (proposal_id, at)`.execute(db)
  await sql`CREATE INDEX activity_at ON activity (at)`.execute(db)

  // sections / lines: JSON arrays of the proposal's sections and lines (copied, never linked).
  await sql`
    CREATE TABLE proposal_templates (
      id TEXT PRIMARY KEY,
      name TEXT NOT NULL,
      description TEXT NOT NULL DEFAULT '',
      title TEXT NOT NULL DEFAULT '',
      currency TEXT,
      validity_days INTEGER,
      tax_rounding TEXT NOT NULL DEFAULT 'per-document' CHECK (tax_rounding IN ('per-document','per-line')),
      prices_include_tax INTEGER NOT NULL DEFAULT 0 CHECK (prices_include_tax IN (0,1)),
      document_discount_percent TEXT NOT NULL DEFAULT '0',
      terms TEXT NOT NULL DEFAULT '',
      notes TEXT NOT NULL DEFAULT '',
      sections TEXT NOT NULL DEFAULT '[]',
      lines TEXT NOT NULL DEFAULT '[]',
      ${meta}
    ) STRICT`.execute(db)
  await sql`CREATE INDEX proposal_templates_name ON proposal_templates (name COLLATE NOCASE)`.execute(
    db,
  )

  await sql`
    CREATE TABLE library_sections (
      id TEXT PRIMARY KEY,
      title TEXT NOT NULL,
      body TEXT NOT NULL DEFAULT '',
      category TEXT NOT NULL DEFAULT '',
      tags TEXT NOT NULL DEFAULT '[]',
      ${meta}
    ) STRICT`.execute(db)
  await sql`CREATE INDEX library_sections_category ON library_sections (category COLLATE NOCASE)`.execute(
    db,
  )

  await sql`
    CREATE TABLE search_docs (
      doc INTEGER PRIMARY KEY,
      proposal_id TEXT NOT NULL UNIQUE
    ) STRICT`.execute(db)
  await sql`
    CREATE VIRTUAL TABLE proposal_fts USING fts5(
      number, title, client, body,
      tokenize = "unicode61 remove_diacritics 2"
    )`.execute(db)
  await sql`
    CREATE VIRTUAL TABLE library_fts USING fts5(
      section_id UNINDEXED, title, body, category, tags,
      tokenize = "unicode61 remove_diacritics 2"
    )`.execute(db)

  // Triggers keep the index in the same transaction as every write — including rows the sync
  // pull writes directly. Their names start with "fts_" (bulk loaders suspend them by that name).
  const triggers: [string, string][] = [
    ['fts_proposals_ai AFTER INSERT ON proposals', refresh('p.id = NEW.id')],
    [
      'fts_proposals_au AFTER UPDATE OF number, title, client_id, client_snapshot, deleted_at ON proposals',
      refresh('p.id = NEW.id'),
    ],
    ['fts_sections_ai AFTER INSERT ON proposal_sections', refresh('p.id = NEW.proposal_id')],
    [
      'fts_sections_au AFTER UPDATE OF title, body, position, deleted_at ON proposal_sections',
      refresh('p.id = NEW.proposal_id'),
    ],
    ['fts_lines_ai AFTER INSERT ON line_items', refresh('p.id = NEW.proposal_id')],
    [
      'fts_lines_au AFTER UPDATE OF sku, description, position, deleted_at ON line_items',
      refresh('p.id = NEW.proposal_id'),
    ],
    [
      'fts_clients_au AFTER UPDATE OF name ON clients',
      refresh('p.client_id = NEW.id AND p.client_snapshot IS NULL'),
    ],
    ['fts_library_ai AFTER INSERT ON library_sections', libraryRefresh('NEW')],
    [
      'fts_library_au AFTER UPDATE OF title, body, category, tags, deleted_at ON library_sections',
      libraryRefresh('NEW'),
    ],
  ]
  for (const [head, body] of triggers) {
    await sql.raw(`CREATE TRIGGER ${head} BEGIN ${body} END`).execute(db)
  }

  // Index what the store already holds.
  for (const stmt of refresh('1 = 1').split(';')) {
    if (stmt.trim()) await sql.raw(stmt).execute(db)
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of [
    'fts_proposals_ai',
    'fts_proposals_au',
    'fts_sections_ai',
    'fts_sections_au',
    'fts_lines_ai',
    'fts_lines_au',
    'fts_clients_au',
    'fts_library_ai',
    'fts_library_au',
  ]) {
    await sql.raw(`DROP TRIGGER IF EXISTS ${t}`).execute(db)
  }
  for (const t of [
    'library_fts',
    'proposal_fts',
    'search_docs',
    'library_sections',
    'proposal_templates',
    'activity',
  ]) {
    await sql.raw(`DROP TABLE IF EXISTS ${t}`).execute(db)
  }
}
