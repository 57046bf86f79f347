import {
  formatProposalNumber,
  seriesPrefixKey,
  validateSeries,
} from '../../src-shared/domain/numbering.ts'
import type { CalendarDate } from '../../src-shared/domain/proposal.types.ts'
import type { LocalDb } from '../db/local-database.ts'
import {
  openNumberBlocks,
  setBlockNextSeq,
  usesServerNumbering,
} from '../repositories/number-block.repository.ts'
import { getNextSeq, setNextSeq } from '../repositories/number-counter.repository.ts'
import { proposalNumberExists } from '../repositories/proposal.repository.ts'

export const DEFAULT_NUMBERING_SERIES = 'PR-{YYYY}-{SEQ:4}'

/**
 * Marks a number the sync server has not confirmed yet (a synced device whose reserved block ran
 * out offline): the server replaces it with a final one at the first push. Never a final number.
 */
export const PROVISIONAL_NUMBER_PREFIX = 'DRAFT-'

export function isProvisionalNumber(number: string): boolean {
  return number.startsWith(PROVISIONAL_NUMBER_PREFIX)
}

/**
 * Takes the next free number of `series` for a proposal issued on `issueDate`. Must run inside
 * the transaction that inserts the proposal, so a failed save does not burn a number and two saves
 * cannot take the same one. The counter is per resolved prefix ("PR-2026-"), so {YYYY} series
 * restart every year; a number any row ever had (deleted, imported) is skipped, never reused.
 *
 * A device with a sync server takes its numbers from the blocks the server reserved for it: those
 * are final, even offline. With no reserved number left for the prefix (or before its first
 * successful sync) it hands out a visibly provisional "DRAFT-…" number that the server replaces at
 * the first push (docs/sync.md "Numbering"). A standalone device keeps the plain local counter.
 */
export function allocateProposalNumber(
  db: LocalDb,
  series: string,
  issueDate: CalendarDate,
): string {
  const pattern = validateSeries(series).ok ? series : DEFAULT_NUMBERING_SERIES
  const key = seriesPrefixKey(pattern, issueDate)
  if (!usesServerNumbering(db))
    return nextFromCounter(db, key, (seq) => formatProposalNumber(pattern, issueDate, seq))
  for (const block of openNumberBlocks(db, key)) {
    for (let seq = block.nextSeq; seq <= block.lastSeq; seq++) {
      const number = formatProposalNumber(pattern, issueDate, seq)
      if (proposalNumberExists(db, number)) continue
      setBlockNextSeq(db, key, block.firstSeq, seq + 1)
      return number
    }
    setBlockNextSeq(db, key, block.firstSeq, block.lastSeq + 1)
  }
  return nextFromCounter(
    db,
    PROVISIONAL_NUMBER_PREFIX + key,
    (seq) => PROVISIONAL_NUMBER_PREFIX + formatProposalNumber(pattern, issueDate, seq),
  )
}

function nextFromCounter(db: LocalDb, key: string, format: (seq: number) => string): string {
  let seq = getNextSeq(db, key)
  let number = format(seq)
  while (proposalNumberExists(db, number)) {
    seq++
    number = format(seq)
  }
  setNextSeq(db, key, seq + 1)
  return number
}
