import { sql, type Kysely } from 'kysely'

// Frozen in time: this migration must never import from src-*.
//
// Search-as-you-type sends one- to three-letter prefixes ("k", "ka", "kal"). Without prefix
// indexes FTS5 answers such a query by merging the postings of every term with that prefix
// (over half a second at 100,000 proposals); with them it reads one prebuilt list.
// The table is rebuilt with the same columns and tokenizer; the maintenance triggers of
// 2026_12_03_0400 refer to it by name and keep working.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE proposal_fts`.execute(db)
  await sql`
    CREATE VIRTUAL TABLE proposal_fts USING fts5(
      number, title, client, body,
      tokenize = "unicode61 remove_diacritics 2",
      prefix = '1 2 3'
    )`.execute(db)
  await sql`
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
      WHERE p.deleted_at IS NULL`.execute(db)

  await sql`DROP TABLE library_fts`.execute(db)
  await sql`
    CREATE VIRTUAL TABLE library_fts USING fts5(
      section_id UNINDEXED, title, body, category, tags,
      tokenize = "unicode61 remove_diacritics 2",
      prefix = '1 2 3'
    )`.execute(db)
  await sql`
    INSERT INTO library_fts (section_id, title, body, category, tags)
      SELECT s.id, s.title, s.body, s.category,
        coalesce((SELECT group_concat(value, ' ') FROM json_each(s.tags)), '')
      FROM library_sections s WHERE s.deleted_at IS NULL`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  // The prefix indexes only speed queries up; the tables without them answer the same.
  await sql`SELECT 1`.execute(db)
}
