import type { Insertable, Selectable, Updateable } from 'kysely'
import type { LocalDb } from '../db/local-database.ts'
import type { ClientsTable } from '../db/tables.ts'
import { likePattern } from './like-pattern.ts'

export type ClientRow = Selectable<ClientsTable>
export type NewClientRow = Insertable<ClientsTable>

export function findClientRow(
  db: LocalDb,
  id: string,
  opts: { includeDeleted?: boolean } = {},
): ClientRow | undefined {
  let q = db.q.selectFrom('clients').selectAll().where('id', '=', id)
  if (!opts.includeDeleted) q = q.where('deleted_at', 'is', null)
  return db.first(q)
}

export function listClientRows(db: LocalDb, opts: { search: string; limit?: number }): ClientRow[] {
  let q = db.q.selectFrom('clients').selectAll().where('deleted_at', 'is', null)
  const term = opts.search.trim()
  if (term) {
    const like = likePattern(term)
    q = q.where((eb) =>
      eb.or([
        eb(eb.ref('name'), 'like', like),
        eb(eb.ref('contact_name'), 'like', like),
        eb(eb.ref('email'), 'like', like),
      ]),
    )
  }
  return db.all(
    q
      .orderBy((eb) => eb.fn('lower', ['name']))
      .orderBy('id')
      .limit(opts.limit ?? 1000),
  )
}

export function insertClientRow(db: LocalDb, row: NewClientRow): void {
  db.run(db.q.insertInto('clients').values(row))
}

export function updateClientRow(db: LocalDb, id: string, fields: Updateable<ClientsTable>): void {
  db.run(db.q.updateTable('clients').set(fields).where('id', '=', id))
}
