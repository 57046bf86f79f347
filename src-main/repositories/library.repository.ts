import type { Insertable, Selectable, Updateable } from 'kysely'
import type { LocalDb } from '../db/local-database.ts'
import type { LibrarySectionsTable } from '../db/tables.ts'

export type LibraryRow = Selectable<LibrarySectionsTable>
export type NewLibraryRow = Insertable<LibrarySectionsTable>

export function findLibraryRow(db: LocalDb, id: string): LibraryRow | undefined {
  return db.first(
    db.q
      .selectFrom('library_sections')
      .selectAll()
      .where('id', '=', id)
      .where('deleted_at', 'is', null),
  )
}

export function listLibraryRows(
  db: LocalDb,
  category: string | undefined,
  limit: number,
): LibraryRow[] {
  let q = db.q.selectFrom('library_sections').selectAll().where('deleted_at', 'is', null)
  if (category !== undefined) q = q.where('category', '=', category)
  return db.all(q.orderBy('category').orderBy('title').limit(limit))
}

export function libraryCategories(db: LocalDb): string[] {
  return db
    .all(
      db.q
        .selectFrom('library_sections')
        .select('category')
        .distinct()
        .where('deleted_at', 'is', null)
        .where('category', '!=', '')
        .orderBy('category'),
    )
    .map((r) => r.category)
}

export function insertLibraryRow(db: LocalDb, row: NewLibraryRow): void {
  db.run(db.q.insertInto('library_sections').values(row))
}

export function updateLibraryRow(
  db: LocalDb,
  id: string,
  fields: Updateable<LibrarySectionsTable>,
): void {
  db.run(db.q.updateTable('library_sections').set(fields).where('id', '=', id))
}
