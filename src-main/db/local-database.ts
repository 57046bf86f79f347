import fs from 'node:fs'
import path from 'node:path'
import BetterSqlite3 from 'better-sqlite3'
import {
  Kysely,
  Migrator,
  SqliteDialect,
  type Compilable,
  type CompiledQuery,
  type MigrationProvider,
} from 'kysely'
import { localMigrations } from '../../migrations/local/index.ts'
import type { LocalDatabase } from './tables.ts'

/**
 * The local store. Kysely builds (and type-checks) every query; better-sqlite3 executes it
 * synchronously. Transactions are synchronous too (`db.transaction(() => …)`), so nothing async
 * ever runs while a SQLite transaction is open — the rule from the Kysely/SQLite stall bug
 * (reliability.md case 9).
 */
export interface LocalDb {
  /** Query builder only. Never `.execute()` it inside `transaction`; use `all/first/run`. */
  readonly q: Kysely<LocalDatabase>
  readonly sqlite: BetterSqlite3.Database
  readonly file: string
  all<R>(query: Compilable<R> | CompiledQuery<R>): R[]
  first<R>(query: Compilable<R> | CompiledQuery<R>): R | undefined
  run(query: Compilable<unknown> | CompiledQuery<unknown>): { changes: number }
  /** Runs `fn` in BEGIN IMMEDIATE … COMMIT. `fn` must be synchronous (a returned promise throws). */
  transaction<T>(fn: () => T): T
  close(): void
}

export interface OpenLocalDbOptions {
  /** Absolute path of the SQLite file (":memory:" for throwaway stores). */
  file: string
  /** Where to put the pre-migration backup; default: `<dir>/backups`. */
  backupDir?: string
}

function compiled<R>(query: Compilable<R> | CompiledQuery<R>): CompiledQuery<R> {
  return 'compile' in query ? query.compile() : query
}

function bindable(params: readonly unknown[]): unknown[] {
  // better-sqlite3 binds booleans as errors; the schema stores them as 0/1.
  return params.map((p) => (typeof p === 'boolean' ? (p ? 1 : 0) : p))
}

export function wrapLocalDb(sqlite: BetterSqlite3.Database, file: string): LocalDb {
  const q = new Kysely<LocalDatabase>({ dialect: new SqliteDialect({ database: sqlite }) })
  const prepared = new Map<string, BetterSqlite3.Statement>()
  const stmt = (sql: string): BetterSqlite3.Statement => {
    let s = prepared.get(sql)
    if (!s) {
      s = sqlite.prepare(sql)
      if (prepared.size > 500) prepared.clear()
      prepared.set(sql, s)
    }
    return s
  }
  return {
    q,
    sqlite,
    file,
    all<R>(query: Compilable<R> | CompiledQuery<R>): R[] {
      const c = compiled(query)
      const s = stmt(c.sql)
      return (
        s.reader ? s.all(...bindable(c.parameters)) : (s.run(...bindable(c.parameters)), [])
      ) as R[]
    },
    first<R>(query: Compilable<R> | CompiledQuery<R>): R | undefined {
      const c = compiled(query)
      return stmt(c.sql).get(...bindable(c.parameters)) as R | undefined
    },
    run(query: Compilable<unknown> | CompiledQuery<unknown>): { changes: number } {
      const c = compiled(query)
      const r = stmt(c.sql).run(...bindable(c.parameters))
      return { changes: r.changes }
    },
    transaction<T>(fn: () => T): T {
      return sqlite
        .transaction(() => {
          const result = fn()
          if (result instanceof Promise) {
            throw new Error('LocalDb.transaction: the callback must be synchronous')
          }
          return result
        })
        .immediate()
    },
    close(): void {
      sqlite.close()
    },
  }
}

const provider: MigrationProvider = {
  getMigrations: () => Promise.resolve(localMigrations),
}

export interface MigrationReport {
  applied: string[]
  backup: string | null
}

/**
 * Opens (creating if needed) the local store: pragmas, then — when the store already exists and
 * has pending migrations — an online backup copy, then all pending migrations in ONE transaction.
 *
 * Migrations are Kysely<any> functions (async API) but run on this single synchronous connection
 * before any other code can use it, so no foreign work can interleave with the open transaction.
 */
export async function openLocalDb(
  options: OpenLocalDbOptions,
): Promise<{ db: LocalDb; report: MigrationReport }> {
  const { file } = options
  const existed = file !== ':memory:' && fs.existsSync(file)
  if (file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true })
  const sqlite = new BetterSqlite3(file, { timeout: 5000 })
  sqlite.pragma('journal_mode = WAL')
  sqlite.pragma('foreign_keys = ON')
  sqlite.pragma('busy_timeout = 5000')
  sqlite.pragma('synchronous = NORMAL')
  const db = wrapLocalDb(sqlite, file)

  const migrator = new Migrator({ db: db.q, provider })
  const known = await migrator.getMigrations()
  const pending = known.filter((m) => !m.executedAt)
  let backup: string | null = null
  if (existed && pending.length > 0) {
    const dir = options.backupDir ?? path.join(path.dirname(file), 'backups')
    fs.mkdirSync(dir, { recursive: true })
    const stamp = new Date().toISOString().replace(/[:.]/g, '-')
    backup = path.join(dir, `${path.basename(file)}.${stamp}.before-migration.sqlite`)
    await sqlite.backup(backup)
  }
  const applied: string[] = []
  if (pending.length > 0) {
    sqlite.exec('BEGIN IMMEDIATE')
    try {
      const { error, results } = await migrator.migrateToLatest()
      if (error)
        throw error instanceof Error ? error : new Error('migration failed', { cause: error })
      for (const r of results ?? []) if (r.status === 'Success') applied.push(r.migrationName)
      sqlite.exec('COMMIT')
    } catch (e) {
      if (sqlite.inTransaction) sqlite.exec('ROLLBACK')
      sqlite.close()
      throw e
    }
  }
  return { db, report: { applied, backup } }
}
