import type { LocalDb } from '../db/local-database.ts'

/** The next sequence number for a series prefix (1 when the prefix was never used). */
export function getNextSeq(db: LocalDb, seriesKey: string): number {
  const row = db.first(
    db.q.selectFrom('number_counters').select('next_seq').where('series_key', '=', seriesKey),
  )
  return row?.next_seq ?? 1
}

export function setNextSeq(db: LocalDb, seriesKey: string, nextSeq: number): void {
  db.run(
    db.q
      .insertInto('number_counters')
      .values({ series_key: seriesKey, next_seq: nextSeq })
      .onConflict((oc) => oc.column('series_key').doUpdateSet({ next_seq: nextSeq })),
  )
}
