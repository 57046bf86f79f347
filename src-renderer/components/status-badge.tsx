import { Badge } from '@mantine/core'
import type { ProposalStatus } from '../../src-shared/domain/proposal.types.ts'

export const STATUS_LABELS: Record<ProposalStatus, string> = {
  draft: 'Draft',
  sent: 'Sent',
  accepted: 'Accepted',
  declined: 'Declined',
  expired: 'Expired',
  cancelled: 'Cancelled',
}

const STATUS_COLORS: Record<ProposalStatus, string> = {
  draft: 'gray',
  sent: 'blue',
  accepted: 'teal',
  declined: 'red',
  expired: 'orange',
  cancelled: 'dark',
}

export function StatusBadge({
  status,
  size = 'sm',
}: {
  status: ProposalStatus
  size?: 'xs' | 'sm' | 'md'
}) {
  return (
    <Badge color={STATUS_COLORS[status]} variant="light" size={size} data-testid="status-badge">
      {STATUS_LABELS[status]}
    </Badge>
  )
}

export function SampleBadge() {
  return (
    <Badge
      color="grape"
      variant="filled"
      size="sm"
      data-testid="sample-badge"
      style={{ flexShrink: 0 }}
    >
      Sample
    </Badge>
  )
}
