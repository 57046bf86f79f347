import type { ProposalStatus } from '../../src-shared/domain/proposal.types.ts'
import { AppError } from '../../src-shared/ipc/result.ts'

/**
 * The status machine.
 *
 * - draft → sent | cancelled
 * - sent → accepted | declined | expired | cancelled (the client answered, the offer lapsed, or we
 *   withdrew it)
 * - expired → accepted | declined | cancelled (a late answer still counts)
 * - accepted, declined, cancelled are final: the outcome is history. To offer again, duplicate.
 * - Nothing goes back to draft: once sent, the document the client holds must stay as printed
 *   (a later issue adds revisions for that).
 */
export const STATUS_TRANSITIONS: Readonly<Record<ProposalStatus, readonly ProposalStatus[]>> = {
  draft: ['sent', 'cancelled'],
  sent: ['accepted', 'declined', 'expired', 'cancelled'],
  expired: ['accepted', 'declined', 'cancelled'],
  accepted: [],
  declined: [],
  cancelled: [],
}

export function canTransition(from: ProposalStatus, to: ProposalStatus): boolean {
  return STATUS_TRANSITIONS[from].includes(to)
}

/**
 * THE check for "may this proposal be edited in place". Only drafts may; everything that edits a
 * proposal's content calls this one function, so turning "edit a sent proposal" into "create a
 * revision" later is a change here and in its caller only.
 */
/**
 * May this proposal's content be changed in place? Only drafts: once sent, the client holds that
 * version, so `proposals.update` turns an edit into the next revision instead (issue 4).
 */
export function isEditableInPlace(proposal: { status: ProposalStatus }): boolean {
  return proposal.status === 'draft'
}

export function assertProposalEditable(proposal: { status: ProposalStatus; number: string }): void {
  if (proposal.status !== 'draft') {
    throw new AppError(
      'invalid_state',
      `proposal ${proposal.number} is ${proposal.status}; only drafts can be edited`,
      { status: proposal.status },
    )
  }
}
