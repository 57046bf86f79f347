import {
  formatProposalNumber,
  seriesPrefixKey,
  validateSeries,
} from '../../src-shared/domain/numbering.ts'
import type { CalendarDate } from '../../src-shared/domain/proposal.types.ts'
import type { LocalDb } from '../db/local-database.ts'
import { getNextSeq, setNextSeq } from '../repositories/number-counter.repository.ts'
import { proposalNumberExists } from '../repositories/proposal.repository.ts'

export const DEFAULT_NUMBERING_SERIES = 'PR-{YYYY}-{SEQ:4}'

/**
 * Takes the next free number of `series` for a proposal issued on `issueDate`. Must run inside
 * the transaction that inserts the proposal, so a failed save does not burn a number and two saves
 * cannot take the same one. The counter is per resolved prefix ("PR-2026-"), so {YYYY} series
 * restart every year; a number any row ever had (deleted, imported) is skipped, never reused.
 */
export function allocateProposalNumber(
  db: LocalDb,
  series: string,
  issueDate: CalendarDate,
): string {
  const pattern = validateSeries(series).ok ? series : DEFAULT_NUMBERING_SERIES
  const key = seriesPrefixKey(pattern, issueDate)
  let seq = getNextSeq(db, key)
  let number = formatProposalNumber(pattern, issueDate, seq)
  while (proposalNumberExists(db, number)) {
    seq++
    number = formatProposalNumber(pattern, issueDate, seq)
  }
  setNextSeq(db, key, seq + 1)
  return number
}
