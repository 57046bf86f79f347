import type { Insertable, Selectable, Updateable } from 'kysely'
import type { LocalDb } from '../db/local-database.ts'
import type { ProductsTable } from '../db/tables.ts'
import { likePattern } from './like-pattern.ts'

export type ProductRow = Selectable<ProductsTable>
export type NewProductRow = Insertable<ProductsTable>

export function findProductRow(
  db: LocalDb,
  id: string,
  opts: { includeDeleted?: boolean } = {},
): ProductRow | undefined {
  let q = db.q.selectFrom('products').selectAll().where('id', '=', id)
  if (!opts.includeDeleted) q = q.where('deleted_at', 'is', null)
  return db.first(q)
}

export function listProductRows(
  db: LocalDb,
  opts: { search: string; includeInactive: boolean; limit?: number },
): ProductRow[] {
  let q = db.q.selectFrom('products').selectAll().where('deleted_at', 'is', null)
  if (!opts.includeInactive) q = q.where('active', '=', 1)
  const term = opts.search.trim()
  if (term) {
    const like = likePattern(term)
    q = q.where((eb) =>
      eb.or([
        eb(eb.ref('name'), 'like', like),
        eb(eb.ref('sku'), 'like', like),
        eb(eb.ref('description'), 'like', like),
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

export function insertProductRow(db: LocalDb, row: NewProductRow): void {
  db.run(db.q.insertInto('products').values(row))
}

export function updateProductRow(db: LocalDb, id: string, fields: Updateable<ProductsTable>): void {
  db.run(db.q.updateTable('products').set(fields).where('id', '=', id))
}
