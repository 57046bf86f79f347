import type { LocalDb } from './local-database.ts'

/**
 * Runs `fn` (which commits something a person relies on, e.g. marking a proposal sent) with
 * `synchronous=FULL`, so that commit survives a power loss; WAL + NORMAL may roll back the last
 * commits (reliability.md A2). SQLite refuses to change the level inside a transaction, so when
 * the caller already holds one the level is left alone: the caller's outermost commit decides, and
 * a caller that needs the guarantee wraps its own transaction in this function.
 */
export function withSynchronousFull<T>(db: LocalDb, fn: () => T): T {
  if (db.sqlite.inTransaction) return fn()
  db.sqlite.pragma('synchronous = FULL')
  try {
    return fn()
  } finally {
    db.sqlite.pragma('synchronous = NORMAL')
  }
}
