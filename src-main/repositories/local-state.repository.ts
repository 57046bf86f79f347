import type { LocalDb } from '../db/local-database.ts'

export function getLocalState(db: LocalDb, key: string): string | undefined {
  return db.first(db.q.selectFrom('local_state').select('value').where('key', '=', key))?.value
}

export function setLocalState(db: LocalDb, key: string, value: string): void {
  db.run(
    db.q
      .insertInto('local_state')
      .values({ key, value })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value })),
  )
}
