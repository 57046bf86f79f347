import type { LocalDb } from '../db/local-database.ts'
import type { ProposalRow } from './proposal.repository.ts'

/** Every revision carrying this number, A first. */
export function listRevisionRows(
  db: LocalDb,
  number: string,
  opts: { includeDeleted?: boolean } = {},
): ProposalRow[] {
  let q = db.q.selectFrom('proposals').selectAll().where('number', '=', number)
  if (!opts.includeDeleted) q = q.where('deleted_at', 'is', null)
  return db.all(q.orderBy('revision', 'asc'))
}

/** The highest revision index ever used for this number (deleted rows included: never reused). */
export function maxRevisionIndex(db: LocalDb, number: string): number {
  const row = db.first(
    db.q
      .selectFrom('proposals')
      .select((eb) => eb.fn.max<number>('revision').as('m'))
      .where('number', '=', number),
  )
  return row?.m ?? -1
}

/** The live revision newer than `revision` for this number, if any. */
export function newerLiveRevision(
  db: LocalDb,
  number: string,
  revision: number,
): ProposalRow | undefined {
  return db.first(
    db.q
      .selectFrom('proposals')
      .selectAll()
      .where('number', '=', number)
      .where('revision', '>', revision)
      .where('deleted_at', 'is', null)
      .orderBy('revision', 'desc')
      .limit(1),
  )
}
