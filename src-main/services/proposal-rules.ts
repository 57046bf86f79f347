import type { ProposalStatus } from '../../src-shared/domain/proposal.types.ts'
import { AppError } from '../../src-shared/ipc/result.ts'

// The table moved to src-shared so the renderer offers the same transitions; re-exported for
// existing importers.
export { canTransition, STATUS_TRANSITIONS } from '../../src-shared/domain/status-machine.ts'

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
      `Proposal ${proposal.number} is ${proposal.status}; only drafts can be edited.`,
      { status: proposal.status },
    )
  }
}
