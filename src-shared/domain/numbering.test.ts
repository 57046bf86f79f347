import { describe, expect, it } from 'vitest'
import {
  formatProposalNumber,
  revisionLetter,
  seriesPrefixKey,
  validateSeries,
} from './numbering.ts'
import { addDays, isCalendarDate } from './calendar-date.ts'

describe('numbering series', () => {
  it('formats numbers with date tokens and a padded counter', () => {
    expect(formatProposalNumber('PR-{YYYY}-{SEQ:4}', '2026-03-09', 7)).toBe('PR-2026-0007')
    expect(formatProposalNumber('Q{YY}{MM}{DD}/{SEQ}', '2026-03-09', 12)).toBe('Q260309/12')
    expect(formatProposalNumber('{SEQ:3}', '2026-01-01', 12345)).toBe('12345')
  })

  it('keys the counter by the resolved series so {YYYY} restarts yearly', () => {
    expect(seriesPrefixKey('PR-{YYYY}-{SEQ:4}', '2026-12-31')).toBe('PR-2026-')
    expect(seriesPrefixKey('PR-{YYYY}-{SEQ:4}', '2027-01-01')).toBe('PR-2027-')
    expect(seriesPrefixKey('PR-{SEQ}', '2027-01-01')).toBe('PR-')
  })

  it('rejects series without exactly one counter or with unknown tokens', () => {
    expect(validateSeries('PR-{YYYY}-{SEQ:4}')).toEqual({ ok: true })
    expect(validateSeries('PR-{YYYY}')).toMatchObject({ ok: false, error: /needs a counter/ })
    expect(validateSeries('{SEQ}-{SEQ:2}')).toMatchObject({ ok: false, error: /exactly one/ })
    expect(validateSeries('{SEQ}-{YEAR}')).toMatchObject({
      ok: false,
      error: /Unknown token \{YEAR\}/,
    })
    expect(validateSeries('{SEQ:0}')).toMatchObject({ ok: false, error: /between 1 and 12/ })
    expect(validateSeries('PR-{SEQ')).toMatchObject({ ok: false })
    expect(() => formatProposalNumber('PR', '2026-01-01', 1)).toThrow(/needs a counter/)
    expect(() => formatProposalNumber('PR-{SEQ}', '2026-02-30', 1)).toThrow(/calendar date/)
    expect(() => formatProposalNumber('PR-{SEQ}', '2026-02-01', 0)).toThrow(/positive integer/)
  })

  it('names revisions A..Z, then AA', () => {
    expect(revisionLetter(0)).toBe('A')
    expect(revisionLetter(1)).toBe('B')
    expect(revisionLetter(25)).toBe('Z')
    expect(revisionLetter(26)).toBe('AA')
    expect(revisionLetter(27)).toBe('AB')
    expect(revisionLetter(701)).toBe('ZZ')
    expect(revisionLetter(702)).toBe('AAA')
  })
})

describe('calendar dates', () => {
  it('validates real calendar dates', () => {
    expect(isCalendarDate('2024-02-29')).toBe(true)
    expect(isCalendarDate('2026-02-29')).toBe(false)
    expect(isCalendarDate('2026-02-30')).toBe(false)
    expect(isCalendarDate('2026-04-31')).toBe(false)
    expect(isCalendarDate('2026-1-01')).toBe(false)
    expect(isCalendarDate('2026-01-01T00:00:00Z')).toBe(false)
  })

  it('adds days without time zone shifts', () => {
    expect(addDays('2026-12-25', 30)).toBe('2027-01-24')
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29')
  })
})
