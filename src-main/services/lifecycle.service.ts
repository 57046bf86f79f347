import type {
  Proposal,
  ProposalStatus,
  ProposalSummary,
} from '../../src-shared/domain/proposal.types.ts'
import type { TrashItem } from '../../src-shared/ipc/quoting.contract.ts'
import { AppError } from '../../src-shared/ipc/result.ts'
import { listTrashRows } from '../repositories/lifecycle.repository.ts'
import { findProposalRow, updateProposalRow } from '../repositories/proposal.repository.ts'
import { recordMutation } from '../sync/outbox.ts'
import { recordActivity } from './activity.service.ts'
import { nextTimestamp, type ServiceContext } from './service-context.ts'

/**
 * Today's calendar date where the user is: a proposal "valid until 2026-12-03" is still valid
 * all of that local day.
 */
export function todayLocal(now: Date): string {
  const y = String(now.getFullYear()).padStart(4, '0')
  const m = String(now.getMonth() + 1).padStart(2, '0')
  const d = String(now.getDate()).padStart(2, '0')
  return `${y}-${m}-${d}`
}

/** Stored status → the status shown: sent + validUntil passed = expired (never stored). */
export function effectiveStatus(
  stored: ProposalStatus,
  validUntil: string | null,
  today: string,
): ProposalStatus {
  return stored === 'sent' && validUntil !== null && validUntil < today ? 'expired' : stored
}

/** Whole days from `today` to `validUntil` (negative once passed); null without a date. */
export function daysUntil(validUntil: string | null, today: string): number | null {
  if (validUntil === null) return null
  const a = Date.parse(`${today}T00:00:00Z`)
  const b = Date.parse(`${validUntil}T00:00:00Z`)
  if (!Number.isFinite(a) || !Number.isFinite(b)) return null
  return Math.round((b - a) / 86_400_000)
}

export interface TrashService {
  list(limit?: number): TrashItem[]
  /** Moves a deleted proposal back out of the trash. */
  restore(id: string): { id: string }
}

export function createTrashService(ctx: ServiceContext): TrashService {
  const { db } = ctx
  return {
    list(limit = 100) {
      const today = todayLocal(ctx.now())
      return listTrashRows(db, limit).map((r): TrashItem => ({
        id: r.id,
        number: r.number,
        revision: r.revision,
        title: r.title,
        status: effectiveStatus(r.status, r.valid_until, today),
        clientId: r.client_id,
        clientName: r.client_name,
        currency: r.currency,
        issueDate: r.issue_date,
        validUntil: r.valid_until,
        net: r.net_minor,
        gross: r.gross_minor,
        isSample: r.is_sample === 1,
        createdAt: r.created_at,
        updatedAt: r.updated_at,
        deletedAt: r.deleted_at,
      }))
    },

    restore(id) {
      const now = ctx.now()
      db.transaction(() => {
        const row = findProposalRow(db, id, { includeDeleted: true })
        if (!row) throw new AppError('not_found', `proposal ${id} not found`)
        if (row.deleted_at === null) return
        const ts = nextTimestamp(now, row.updated_at)
        const fields = { deleted_at: null, updated_at: ts, updated_by: ctx.userName }
        updateProposalRow(db, id, fields)
        recordMutation(
          db,
          { entity: 'proposal', rowId: id, op: 'patch', fields, baseVersion: row.row_version },
          now,
        )
        recordActivity(ctx, id, 'restored')
      })
      ctx.changed('proposal', [id])
      return { id }
    },
  }
}

/** Applies the derived status to a proposal or summary read from the store. */
export function withEffectiveStatus<T extends Proposal | ProposalSummary>(p: T, now: Date): T {
  const status = effectiveStatus(p.status, p.validUntil, todayLocal(now))
  return status === p.status ? p : { ...p, status }
}
