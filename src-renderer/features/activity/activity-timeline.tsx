import { Loader, Text, Timeline } from '@mantine/core'
import { useQuery } from '@tanstack/react-query'
import type { ActivityEntry } from '../../../src-shared/ipc/quoting.contract.ts'
import { useApi } from '../../app/api-context.tsx'
import { STATUS_LABELS } from '../../components/status-badge.tsx'
import { formatTimestamp } from '../../lib/format.ts'
import type { ProposalStatus } from '../../../src-shared/domain/proposal.types.ts'

const str = (v: unknown): string => (typeof v === 'string' ? v : '')

/** One timeline line in words. */
export function describeActivity(a: ActivityEntry): string {
  const d = a.data
  switch (a.kind) {
    case 'created':
      return d.duplicateOf ? `Created as a copy of ${str(d.number)}` : 'Created'
    case 'edited':
      return typeof d.count === 'number' ? `Edited (${d.count} saves)` : 'Edited'
    case 'status_changed':
      return `Status: ${STATUS_LABELS[d.from as ProposalStatus] ?? str(d.from)} → ${
        STATUS_LABELS[d.to as ProposalStatus] ?? str(d.to)
      }`
    case 'revision_created':
      return `Revision ${str(d.letter)} started`
    case 'revised':
      return `Superseded by revision ${str(d.letter)}`
    case 'deleted':
      return 'Moved to the trash'
    case 'restored':
      return 'Restored from the trash'
    case 'exported':
      return 'PDF exported'
    case 'emailed':
      return 'Emailed'
    case 'template_applied':
      return `Started from template "${str(d.name)}"`
    case 'library_inserted':
      return `Inserted "${str(d.title)}" from the library`
    default:
      return a.kind
  }
}

export function ActivityTimeline({ proposalId }: { proposalId: string }) {
  const api = useApi()
  const q = useQuery({
    queryKey: ['proposals', 'activity', proposalId],
    queryFn: () => api.call('activity.list', { proposalId }),
  })
  if (q.isLoading) return <Loader size="sm" />
  const items = q.data ?? []
  if (items.length === 0) return <Text c="dimmed">No activity yet.</Text>
  return (
    <Timeline active={items.length} bulletSize={12} lineWidth={2} data-testid="activity-timeline">
      {items.map((a) => (
        <Timeline.Item key={a.id} title={describeActivity(a)}>
          <Text size="xs" c="dimmed">
            {formatTimestamp(a.at)}
            {a.actor ? ` · ${a.actor}` : ''}
          </Text>
        </Timeline.Item>
      ))}
    </Timeline>
  )
}
