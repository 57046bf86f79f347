import { canonicalDecimal } from '../../src-shared/domain/decimal.ts'
import { revisionLetter } from '../../src-shared/domain/numbering.ts'
import type { LineItem, Proposal } from '../../src-shared/domain/proposal.types.ts'
import type {
  LineSnapshot,
  RevisionDiff,
  RevisionSummary,
} from '../../src-shared/ipc/quoting.contract.ts'
import { AppError, validationError } from '../../src-shared/ipc/result.ts'
import { findProposalRow, type ProposalRow } from '../repositories/proposal.repository.ts'
import {
  listRevisionRows,
  maxRevisionIndex,
  newerLiveRevision,
} from '../repositories/revision.repository.ts'
import type { ProposalsService } from './index.ts'
import { effectiveStatus, todayLocal } from './lifecycle.service.ts'
import type { ServiceContext } from './service-context.ts'

export interface RevisionService {
  list(proposalId: string): RevisionSummary[]
  compare(fromId: string, toId: string): RevisionDiff
}

/**
 * Where an edit of a sent-or-later proposal goes: the next revision of its number. Refuses when a
 * newer live revision exists (edit that one instead), so revisions form a single line A → B → C.
 */
export function planNextRevision(
  ctx: ServiceContext,
  row: ProposalRow,
): { number: string; revision: number; revisionOf: string } {
  const newer = newerLiveRevision(ctx.db, row.number, row.revision)
  if (newer) {
    throw new AppError(
      'invalid_state',
      `proposal ${row.number} rev ${revisionLetter(row.revision)} has a newer revision ${revisionLetter(newer.revision)}; edit that one`,
      { newerId: newer.id, newerRevision: newer.revision },
    )
  }
  return {
    number: row.number,
    revision: maxRevisionIndex(ctx.db, row.number) + 1,
    revisionOf: row.id,
  }
}

export function revisionSummary(row: ProposalRow, today: string): RevisionSummary {
  return {
    id: row.id,
    number: row.number,
    revision: row.revision,
    letter: revisionLetter(row.revision),
    revisionOf: row.revision_of,
    status: effectiveStatus(row.status, row.valid_until, today),
    gross: row.gross_minor,
    currency: row.currency,
    createdAt: row.created_at,
    sentAt: row.sent_at,
  }
}

function snapshot(line: LineItem, net: number): LineSnapshot {
  return {
    description: line.description,
    sku: line.sku,
    quantity: canonicalDecimal(line.quantity),
    unit: line.unit,
    unitPrice: canonicalDecimal(line.unitPrice),
    discountPercent: canonicalDecimal(line.discountPercent),
    taxes: line.taxes.map((t) => ({ name: t.name, rate: canonicalDecimal(t.rate) })),
    optional: line.optional,
    net,
  }
}

const LINE_FIELDS = [
  'description',
  'sku',
  'quantity',
  'unit',
  'unitPrice',
  'discountPercent',
  'taxes',
  'optional',
] as const

function changedLineFields(a: LineSnapshot, b: LineSnapshot): string[] {
  return LINE_FIELDS.filter((f) => JSON.stringify(a[f]) !== JSON.stringify(b[f]))
}

/**
 * Matches the lines of two revisions. Revisions copy lines into new rows, so there are no shared
 * ids: identical lines pair first, then lines with the same description (changed), then lines with
 * the same product or SKU (changed, e.g. a renamed catalog item). The rest were added or removed.
 */
export function diffLines(before: LineSnapshot[], after: LineSnapshot[]): RevisionDiff['lines'] {
  const usedB = new Set<number>()
  const usedA = new Set<number>()
  const changed: RevisionDiff['lines']['changed'] = []
  let unchanged = 0
  const pass = (match: (b: LineSnapshot, a: LineSnapshot) => boolean, exact: boolean): void => {
    before.forEach((b, i) => {
      if (usedB.has(i)) return
      const j = after.findIndex((a, k) => !usedA.has(k) && match(b, a))
      if (j < 0) return
      usedB.add(i)
      usedA.add(j)
      const a = after[j] as LineSnapshot
      if (exact) unchanged++
      else changed.push({ before: b, after: a, fields: changedLineFields(b, a) })
    })
  }
  pass((b, a) => changedLineFields(b, a).length === 0, true)
  pass((b, a) => b.description.trim() === a.description.trim(), false)
  pass((b, a) => b.sku !== '' && b.sku === a.sku, false)
  return {
    added: after.filter((_, k) => !usedA.has(k)),
    removed: before.filter((_, i) => !usedB.has(i)),
    changed,
    unchanged,
  }
}

function diffSections(from: Proposal, to: Proposal): RevisionDiff['sections'] {
  const before = new Map(from.sections.map((s) => [s.title, s.body]))
  const after = new Map(to.sections.map((s) => [s.title, s.body]))
  return {
    added: [...after.keys()].filter((t) => !before.has(t)),
    removed: [...before.keys()].filter((t) => !after.has(t)),
    changed: [...after.keys()].filter((t) => before.has(t) && before.get(t) !== after.get(t)),
  }
}

const PROPOSAL_FIELDS = [
  'title',
  'currency',
  'issueDate',
  'validUntil',
  'taxRounding',
  'pricesIncludeTax',
  'documentDiscountPercent',
  'terms',
  'notes',
] as const

export function diffProposals(
  from: Proposal,
  to: Proposal,
  summaries: { from: RevisionSummary; to: RevisionSummary },
): RevisionDiff {
  const fields: RevisionDiff['fields'] = []
  for (const f of PROPOSAL_FIELDS) {
    if (from[f] !== to[f]) fields.push({ field: f, before: from[f], after: to[f] })
  }
  if ((from.client?.name ?? '') !== (to.client?.name ?? '')) {
    fields.push({ field: 'client', before: from.client?.name ?? '', after: to.client?.name ?? '' })
  }
  const lines = diffLines(
    from.lines.map((l, i) => snapshot(l, from.lineTotals[i]?.net ?? 0)),
    to.lines.map((l, i) => snapshot(l, to.lineTotals[i]?.net ?? 0)),
  )
  const pick = (p: Proposal) => ({ net: p.totals.net, tax: p.totals.tax, gross: p.totals.gross })
  const before = pick(from)
  const after = pick(to)
  return {
    from: summaries.from,
    to: summaries.to,
    lines,
    sections: diffSections(from, to),
    fields,
    totals: {
      currency: to.currency,
      before,
      after,
      delta: {
        net: after.net - before.net,
        tax: after.tax - before.tax,
        gross: after.gross - before.gross,
      },
    },
  }
}

export function createRevisionService(
  ctx: ServiceContext,
  proposals: Pick<ProposalsService, 'get'>,
): RevisionService {
  const { db } = ctx
  const load = (id: string): ProposalRow => {
    const row = findProposalRow(db, id, { includeDeleted: true })
    if (!row) throw new AppError('not_found', `proposal ${id} not found`)
    return row
  }
  return {
    list(proposalId) {
      const row = load(proposalId)
      const today = todayLocal(ctx.now())
      return listRevisionRows(db, row.number).map((r) => revisionSummary(r, today))
    },

    compare(fromId, toId) {
      const a = load(fromId)
      const b = load(toId)
      if (a.number !== b.number) {
        throw validationError([
          { path: 'toId', message: `is not a revision of ${a.number} (it is ${b.number})` },
        ])
      }
      const today = todayLocal(ctx.now())
      return diffProposals(proposals.get(fromId), proposals.get(toId), {
        from: revisionSummary(a, today),
        to: revisionSummary(b, today),
      })
    },
  }
}
