import { sql, type RawBuilder } from 'kysely'

/**
 * `%term%` for LIKE with `%`, `_` and `\` taken literally (ESCAPE '\'). SQLite's LIKE is
 * case-insensitive for ASCII only; full-text search replaces it later.
 */
export function likePattern(term: string): RawBuilder<string> {
  const escaped = term.replace(/[\\%_]/g, (c) => `\\${c}`)
  return sql<string>`${`%${escaped}%`} ESCAPE '\\'`
}
