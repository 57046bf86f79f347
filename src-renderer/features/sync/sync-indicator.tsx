import { Badge, Group, Loader, Text, Tooltip } from '@mantine/core'
import { IconAlertTriangle, IconCloudCheck, IconCloudOff } from '@tabler/icons-react'
import { navigate } from '../../app/router.tsx'
import { ago, useSyncStatus } from './sync-queries.ts'

/**
 * Compact sync state for a header or the shell: last sync, pending changes, the last error in
 * plain words, and a conflict badge that opens the resolver.
 */
export function SyncIndicator() {
  const { data: s } = useSyncStatus()
  if (!s || !s.configured) {
    return (
      <Group gap={6} data-testid="sync-indicator">
        <IconCloudOff size={16} />
        <Text size="sm" c="dimmed">
          Not syncing (no server set)
        </Text>
      </Group>
    )
  }
  const icon =
    s.state === 'syncing' ? (
      <Loader size={14} />
    ) : s.state === 'error' ? (
      <IconAlertTriangle size={16} color="var(--mantine-color-orange-6)" />
    ) : (
      <IconCloudCheck size={16} color="var(--mantine-color-teal-6)" />
    )
  return (
    <Group gap={8} data-testid="sync-indicator" wrap="nowrap">
      {icon}
      <Tooltip label={s.lastError ?? 'Everything is up to date'} multiline w={280} withArrow>
        <Text size="sm" c={s.state === 'error' ? 'orange' : 'dimmed'}>
          {s.state === 'syncing'
            ? 'Syncing…'
            : s.state === 'error'
              ? `Sync problem — last synced ${ago(s.lastSyncAt)}`
              : `Synced ${ago(s.lastSyncAt)}`}
          {s.pendingChanges > 0
            ? ` · ${s.pendingChanges} change${s.pendingChanges === 1 ? '' : 's'} to send`
            : ''}
        </Text>
      </Tooltip>
      {s.conflicts > 0 && (
        <Badge
          color="red"
          variant="filled"
          style={{ cursor: 'pointer' }}
          onClick={() => navigate('/conflicts')}
          data-testid="conflict-badge"
        >
          {s.conflicts} conflict{s.conflicts === 1 ? '' : 's'}
        </Badge>
      )}
    </Group>
  )
}
