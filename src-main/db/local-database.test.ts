import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import BetterSqlite3 from 'better-sqlite3'
import { afterEach, describe, expect, test } from 'vitest'
import { openLocalDb } from './local-database.ts'

const dirs: string[] = []
function tempDir(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'pd-db-'))
  dirs.push(d)
  return d
}
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true })
})

const tables = (db: BetterSqlite3.Database): string[] =>
  (
    db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as {
      name: string
    }[]
  ).map((r) => r.name)

describe('openLocalDb', () => {
  test('a new store is created with WAL, foreign keys and every migration, without a backup', async () => {
    const file = path.join(tempDir(), 'store.sqlite')
    const { db, report } = await openLocalDb({ file })
    expect(report.backup).toBeNull()
    expect(report.applied).toContain('2026_12_03_0001_initial')
    expect(db.sqlite.pragma('journal_mode', { simple: true })).toBe('wal')
    expect(db.sqlite.pragma('foreign_keys', { simple: true })).toBe(1)
    expect(tables(db.sqlite)).toEqual(
      expect.arrayContaining(['clients', 'proposals', 'line_items', 'sync_outbox'] as string[]),
    )
    db.close()
    // Reopening a migrated store changes nothing and copies nothing.
    const again = await openLocalDb({ file })
    expect(again.report).toEqual({ applied: [], backup: null })
    again.db.close()
  })

  test('an existing store with pending migrations is backed up before migrating', async () => {
    const dir = tempDir()
    const file = path.join(dir, 'store.sqlite')
    // An existing store from before the migrations (here: a bare file holding user data).
    const old = new BetterSqlite3(file)
    old.exec("CREATE TABLE legacy (note TEXT); INSERT INTO legacy VALUES ('keep me')")
    old.close()

    const { db, report } = await openLocalDb({ file })
    expect(report.applied.length).toBeGreaterThan(0)
    expect(report.backup).not.toBeNull()
    const backup = report.backup ?? ''
    expect(path.dirname(backup)).toBe(path.join(dir, 'backups'))
    expect(fs.existsSync(backup)).toBe(true)
    // The copy is the store as it was before migrating: the user data, none of the new tables.
    const copy = new BetterSqlite3(backup, { readonly: true })
    expect(tables(copy)).toEqual(['legacy'])
    expect(copy.prepare('SELECT note FROM legacy').get()).toEqual({ note: 'keep me' })
    copy.close()
    expect(tables(db.sqlite)).toEqual(expect.arrayContaining(['legacy', 'proposals']))
    db.close()
  })

  test('STRICT tables refuse a float where an integer amount belongs', async () => {
    const { db } = await openLocalDb({ file: path.join(tempDir(), 's.sqlite') })
    const now = new Date().toISOString()
    expect(() =>
      db.sqlite
        .prepare(
          "INSERT INTO proposals (id, number, title, currency, created_at, updated_at, gross_minor) VALUES ('p', 'N', 'T', 'EUR', ?, ?, 1.5)",
        )
        .run(now, now),
    ).toThrow(/cannot store REAL value in INTEGER column/)
    db.close()
  })
})
