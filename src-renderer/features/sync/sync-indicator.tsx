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
      <Tooltip
        label="No sync server is set: everything stays on this computer. Set one up under Server."
        multiline
        w={280}
        withArrow
      >
        <Group
          gap={6}
          wrap="nowrap"
          data-testid="sync-indicator"
          data-state="offline"
          style={{ cursor: 'pointer' }}
          onClick={() => navigate('/settings/server')}
        >
          <IconCloudOff size={16} color="var(--mantine-color-gray-6)" />
          <Text size="sm" c="dimmed">
            Offline only
          </Text>
        </Group>
      </Tooltip>
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
    <Group gap={8} data-testid="sync-indicator" data-state={s.state} wrap="nowrap">
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
