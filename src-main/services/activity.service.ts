import type { ActivityEntry, ActivityKind } from '../../src-shared/ipc/quoting.contract.ts'
import {
  insertActivityRow,
  lastActivityRow,
  listActivityRows,
  recentActivityRows,
  updateActivityRow,
  type ActivityRow,
} from '../repositories/activity.repository.ts'
import { findProposalRow } from '../repositories/proposal.repository.ts'
import { listRevisionRows } from '../repositories/revision.repository.ts'
import { AppError } from '../../src-shared/ipc/result.ts'
import type { ServiceContext } from './service-context.ts'

/** Edits by the same person within this window are one timeline entry ("edited", count n). */
const EDIT_COALESCE_MS = 10 * 60 * 1000

export interface ActivityService {
  /**
   * Records one event on a proposal's timeline, by the current user, now. Safe inside or outside a
   * transaction (one INSERT); inside one, it commits or rolls back with the edit it describes.
   * For other areas: `services.activity.record(proposalId, 'exported', { fileName, pages })`,
   * `record(proposalId, 'emailed', { to, messageId, status })`.
   */
  record(proposalId: string, kind: ActivityKind, data?: Record<string, unknown>): void
  /** A proposal's timeline, oldest first, including the entries of its other revisions. */
  list(proposalId: string, limit?: number): ActivityEntry[]
  /** Newest entries across all proposals (dashboard). */
  recent(limit?: number): ActivityEntry[]
}

function parseData(json: string): Record<string, unknown> {
  try {
    const v = JSON.parse(json) as unknown
    return v !== null && typeof v === 'object' && !Array.isArray(v)
      ? (v as Record<string, unknown>)
      : {}
  } catch {
    return {}
  }
}

export function activityFromRow(row: ActivityRow): ActivityEntry {
  return {
    id: row.id,
    proposalId: row.proposal_id,
    kind: row.kind,
    actor: row.actor,
    at: row.at,
    data: parseData(row.data),
  }
}

/** The same as `ActivityService.record`, for code that has a context but no service object. */
export function recordActivity(
  ctx: ServiceContext,
  proposalId: string,
  kind: ActivityKind,
  data: Record<string, unknown> = {},
): void {
  const at = ctx.now()
  const actor = ctx.userName
  if (kind === 'edited') {
    const last = lastActivityRow(ctx.db, proposalId)
    if (
      last &&
      last.kind === 'edited' &&
      last.actor === actor &&
      at.getTime() - Date.parse(last.at) < EDIT_COALESCE_MS &&
      at.getTime() >= Date.parse(last.at)
    ) {
      const prev = parseData(last.data)
      const count = typeof prev.count === 'number' ? prev.count + 1 : 2
      updateActivityRow(ctx.db, last.id, {
        at: at.toISOString(),
        data: JSON.stringify({ ...prev, ...data, count }),
      })
      return
    }
  }
  insertActivityRow(ctx.db, {
    id: ctx.newId(),
    proposal_id: proposalId,
    kind,
    actor,
    at: at.toISOString(),
    data: JSON.stringify(data),
  })
}

export function createActivityService(ctx: ServiceContext): ActivityService {
  const { db } = ctx
  return {
    record: (proposalId, kind, data) => recordActivity(ctx, proposalId, kind, data),

    list(proposalId, limit = 200) {
      const row = findProposalRow(db, proposalId, { includeDeleted: true })
      if (!row) throw new AppError('not_found', `proposal ${proposalId} not found`)
      const ids = listRevisionRows(db, row.number, { includeDeleted: true }).map((r) => r.id)
      return listActivityRows(db, ids.length > 0 ? ids : [proposalId], limit).map(activityFromRow)
    },

    recent(limit = 20) {
      return recentActivityRows(db, limit).map((r) => ({
        ...activityFromRow(r),
        ...(r.number !== null ? { number: r.number } : {}),
        ...(r.revision !== null ? { revision: r.revision } : {}),
        ...(r.title !== null ? { title: r.title } : {}),
      }))
    },
  }
}
