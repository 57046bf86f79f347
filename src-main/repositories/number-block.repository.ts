import type { LocalDb } from '../db/local-database.ts'

export interface NumberBlock {
  seriesKey: string
  firstSeq: number
  lastSeq: number
  nextSeq: number
}

const SERVER_NUMBERING_KEY = 'sync.server_numbering'

/**
 * Whether this device syncs with a server, so its proposal numbers must come from the blocks the
 * server reserved for it. Set as soon as a server is configured (before any successful sync: a
 * device that never reached the server yet numbers provisionally), cleared when it is removed.
 */
export function usesServerNumbering(db: LocalDb): boolean {
  return (
    db.first(db.q.selectFrom('local_state').select('value').where('key', '=', SERVER_NUMBERING_KEY))
      ?.value === '1'
  )
}

export function setServerNumbering(db: LocalDb, on: boolean): void {
  if (!on) {
    db.run(db.q.deleteFrom('local_state').where('key', '=', SERVER_NUMBERING_KEY))
    return
  }
  db.run(
    db.q
      .insertInto('local_state')
      .values({ key: SERVER_NUMBERING_KEY, value: '1' })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value: '1' })),
  )
}

/** Blocks of a prefix that still have unused numbers, oldest first. */
export function openNumberBlocks(db: LocalDb, seriesKey: string): NumberBlock[] {
  return db
    .all(
      db.q
        .selectFrom('number_blocks')
        .selectAll()
        .where('series_key', '=', seriesKey)
        .whereRef('next_seq', '<=', 'last_seq')
        .orderBy('first_seq'),
    )
    .map((r) => ({
      seriesKey: r.series_key,
      firstSeq: r.first_seq,
      lastSeq: r.last_seq,
      nextSeq: r.next_seq,
    }))
}

/** Unused reserved numbers of a prefix. */
export function reservedNumbersLeft(db: LocalDb, seriesKey: string): number {
  return openNumberBlocks(db, seriesKey).reduce((n, b) => n + b.lastSeq - b.nextSeq + 1, 0)
}

export function setBlockNextSeq(
  db: LocalDb,
  seriesKey: string,
  firstSeq: number,
  next: number,
): void {
  db.run(
    db.q
      .updateTable('number_blocks')
      .set({ next_seq: next })
      .where('series_key', '=', seriesKey)
      .where('first_seq', '=', firstSeq),
  )
}

export function addNumberBlock(
  db: LocalDb,
  block: { seriesKey: string; firstSeq: number; lastSeq: number },
): void {
  db.run(
    db.q
      .insertInto('number_blocks')
      .values({
        series_key: block.seriesKey,
        first_seq: block.firstSeq,
        last_seq: block.lastSeq,
        next_seq: block.firstSeq,
      })
      .onConflict((oc) => oc.doNothing()),
  )
}
