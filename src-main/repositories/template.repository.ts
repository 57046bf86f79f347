import type { Insertable, Selectable, Updateable } from 'kysely'
import type { LocalDb } from '../db/local-database.ts'
import type { ProposalTemplatesTable } from '../db/tables.ts'
import { likePattern } from './like-pattern.ts'

export type TemplateRow = Selectable<ProposalTemplatesTable>
export type NewTemplateRow = Insertable<ProposalTemplatesTable>

export function findTemplateRow(db: LocalDb, id: string): TemplateRow | undefined {
  return db.first(
    db.q
      .selectFrom('proposal_templates')
      .selectAll()
      .where('id', '=', id)
      .where('deleted_at', 'is', null),
  )
}

export function listTemplateRows(db: LocalDb, search: string): TemplateRow[] {
  let q = db.q.selectFrom('proposal_templates').selectAll().where('deleted_at', 'is', null)
  const term = search.trim()
  if (term) {
    const like = likePattern(term)
    q = q.where((eb) =>
      eb.or([eb(eb.ref('name'), 'like', like), eb(eb.ref('description'), 'like', like)]),
    )
  }
  return db.all(q.orderBy((eb) => eb.fn('lower', ['name'])).orderBy('id'))
}

export function insertTemplateRow(db: LocalDb, row: NewTemplateRow): void {
  db.run(db.q.insertInto('proposal_templates').values(row))
}

export function updateTemplateRow(
  db: LocalDb,
  id: string,
  fields: Updateable<ProposalTemplatesTable>,
): void {
  db.run(db.q.updateTable('proposal_templates').set(fields).where('id', '=', id))
}
