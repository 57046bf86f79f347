import { sql, type RawBuilder } from 'kysely'
import type { ProposalStatus } from '../../src-shared/domain/proposal.types.ts'
import type { LocalDb } from '../db/local-database.ts'
import { effectiveStatusSql, supersededIdsSql } from './lifecycle.repository.ts'

/** Markers FTS5 puts around matched tokens; control characters no user text is expected to hold. */
export const MATCH_OPEN = '\u0002'
export const MATCH_CLOSE = '\u0003'

/**
 * A user's search text → an FTS5 query: each whitespace-separated word becomes a quoted phrase
 * with a prefix star (`"pr 2026 00"*`), so punctuation inside a word (numbers like PR-2026-0007)
 * is tokenized exactly as the indexed text was, FTS5 operators in the input are taken literally,
 * and every word must match (AND). Null when nothing searchable is left.
 */
export function ftsQuery(input: string): string | null {
  const words = input
    .split(/\s+/u)
    // Control characters never belong in a search and would confuse the match markers.
    // eslint-disable-next-line no-control-regex
    .map((w) => w.replace(/[\u0000-\u001f]/gu, ''))
    .filter((w) => /[\p{L}\p{N}]/u.test(w))
  if (words.length === 0) return null
  return words.map((w) => `"${w.replace(/"/g, '""')}"*`).join(' ')
}

/** Proposal ids (any revision, live) matching an FTS query — for filtering other queries. */
export function matchingProposalIds(match: string): RawBuilder<string> {
  return sql<string>`(SELECT d.proposal_id FROM proposal_fts f JOIN search_docs d ON d.doc = f.rowid WHERE proposal_fts MATCH ${match})`
}

export interface ProposalSearchRow {
  id: string
  number: string
  revision: number
  title: string
  status: ProposalStatus
  client_name: string
  currency: string
  gross_minor: number
  updated_at: string
  /** The indexed text (for highlighting the words found). */
  t_number: string
  t_title: string
  t_client: string
  t_body: string
}

/** Ranking considers at most this many of the newest matching documents. */
export const RANK_WINDOW = 500

/**
 * Best matches first (bm25; a hit in the number weighs most, then title and client, then the
 * body), latest live revision of each number only.
 *
 * bm25 must score every matching document before it can sort, so a word found in most of 100,000
 * proposals would cost as much as a scan. The ranking therefore runs over the RANK_WINDOW newest
 * matches (FTS rowids grow with creation order, and FTS5 walks its postings in rowid order):
 * results stay fast however common the word, and a rare word is still ranked over all its hits.
 * Only the few winners are joined and their text read (highlighting happens in the service:
 * SQLite would otherwise compute highlight()/snippet() for every candidate it sorts).
 */
export function searchProposalRows(
  db: LocalDb,
  match: string,
  limit: number,
  today: string,
): ProposalSearchRow[] {
  const status = effectiveStatusSql('p', today)
  // Older revisions share the number's words; take extra candidates so filtering them out still
  // leaves `limit` hits.
  const candidates = limit * 3
  // `win`: the newest RANK_WINDOW matches with their scores, in the index's own (rowid) order, so
  // FTS5 stops after RANK_WINDOW rows and scores only those; `top`: the best of them.
  const query = sql<ProposalSearchRow>`
    WITH win AS MATERIALIZED (
      SELECT rowid AS doc, bm25(proposal_fts, 10.0, 5.0, 5.0, 1.0) AS score
      FROM proposal_fts WHERE proposal_fts MATCH ${match}
      ORDER BY rowid DESC LIMIT ${RANK_WINDOW}),
    top AS MATERIALIZED (SELECT doc, score FROM win ORDER BY score LIMIT ${candidates})
    SELECT p.id, p.number, p.revision, p.title, ${status} AS status, f.client AS client_name,
      p.currency, p.gross_minor, p.updated_at,
      f.number AS t_number, f.title AS t_title, f.client AS t_client, f.body AS t_body
    FROM top
    JOIN search_docs d ON d.doc = top.doc
    JOIN proposals p ON p.id = d.proposal_id
    JOIN proposal_fts f ON f.rowid = top.doc
    WHERE p.deleted_at IS NULL AND p.id NOT IN ${supersededIdsSql}
    ORDER BY top.score
    LIMIT ${limit}`
  return db.all(query.compile(db.q))
}

export interface LibrarySearchRow {
  id: string
  title: string
  body: string
  category: string
  tags: string
  created_at: string
  updated_at: string
  h_title: string
  h_body: string
}

export function searchLibraryRows(
  db: LocalDb,
  match: string,
  category: string | undefined,
  limit: number,
): LibrarySearchRow[] {
  const o = MATCH_OPEN
  const c = MATCH_CLOSE
  const byCategory = category === undefined ? sql`1 = 1` : sql`s.category = ${category}`
  const query = sql<LibrarySearchRow>`
    SELECT s.id, s.title, s.body, s.category, s.tags, s.created_at, s.updated_at,
      highlight(library_fts, 1, ${o}, ${c}) AS h_title,
      snippet(library_fts, 2, ${o}, ${c}, '…', 24) AS h_body
    FROM library_fts f
    JOIN library_sections s ON s.id = f.section_id
    WHERE library_fts MATCH ${match} AND s.deleted_at IS NULL AND ${byCategory}
    ORDER BY bm25(library_fts, 0.0, 5.0, 1.0, 2.0, 2.0)
    LIMIT ${limit}`
  return db.all(query.compile(db.q))
}

/**
 * Rebuilds the whole proposal index in one pass. Used after bulk loads that ran with the
 * maintenance triggers suspended (see `withSearchTriggersSuspended`).
 */
export function rebuildProposalIndex(db: LocalDb): void {
  db.sqlite.exec(`
    DELETE FROM proposal_fts;
    INSERT OR IGNORE INTO search_docs (proposal_id) SELECT id FROM proposals WHERE deleted_at IS NULL;
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
      WHERE p.deleted_at IS NULL;
    INSERT INTO proposal_fts (proposal_fts) VALUES ('optimize');`)
}

const SEARCH_TRIGGERS = `SELECT name, sql FROM sqlite_master WHERE type = 'trigger'
  AND (name LIKE 'fts_proposals_%' OR name LIKE 'fts_sections_%' OR name LIKE 'fts_lines_%'
    OR name LIKE 'fts_clients_%')`

/**
 * For bulk loads that span several transactions: drops the proposal FTS maintenance triggers
 * (re-indexing a proposal per inserted line would make a million-line load quadratic) and returns
 * the function that rebuilds the index once and restores the triggers from their stored
 * definitions. The caller must call it (try/finally); until then the index is not maintained.
 */
export function suspendSearchTriggers(db: LocalDb): () => void {
  const triggers = db.sqlite.prepare(SEARCH_TRIGGERS).all() as { name: string; sql: string }[]
  db.transaction(() => {
    for (const t of triggers) db.sqlite.exec(`DROP TRIGGER ${t.name}`)
  })
  return () =>
    db.transaction(() => {
      rebuildProposalIndex(db)
      for (const t of triggers) db.sqlite.exec(t.sql)
    })
}

/** A bulk load in ONE transaction with the triggers suspended and the index rebuilt after it. */
export function withSearchTriggersSuspended(db: LocalDb, load: () => void): void {
  db.transaction(() => {
    const restore = suspendSearchTriggers(db)
    load()
    restore()
  })
}
