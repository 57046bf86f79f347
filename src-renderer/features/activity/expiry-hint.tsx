import { Text } from '@mantine/core'
import type { ProposalStatus } from '../../../src-shared/domain/proposal.types.ts'
import { todayLocal } from '../../lib/format.ts'

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000)
}

/** "expires in 3 days" under a sent proposal's validity date (nothing for other statuses). */
export function ExpiryHint({
  status,
  validUntil,
}: {
  status: ProposalStatus
  validUntil: string | null
}) {
  if (status !== 'sent' || validUntil === null) return null
  const days = daysBetween(todayLocal(), validUntil)
  if (days < 0) return null
  const label =
    days === 0 ? 'expires today' : days === 1 ? 'expires tomorrow' : `expires in ${days} days`
  return (
    <Text size="xs" c={days <= 7 ? 'orange' : 'dimmed'} data-testid="expiry-hint">
      {label}
    </Text>
  )
}
