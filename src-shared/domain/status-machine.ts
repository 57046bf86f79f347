import type { ProposalStatus } from './proposal.types.ts'

/**
 * The status machine, shared so the renderer offers exactly what the service accepts.
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
