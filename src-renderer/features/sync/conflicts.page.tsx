import { Anchor, Badge, Button, Group, Paper, SimpleGrid, Stack, Switch, Text } from '@mantine/core'
import { notifications } from '@mantine/notifications'
import { IconCheck } from '@tabler/icons-react'
import { useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import type { ConflictView } from '../../../src-shared/ipc/sync.contract.ts'
import { useApi } from '../../app/api-context.tsx'
import { EmptyBlock } from '../../components/empty-block.tsx'
import { PageHeader } from '../../components/page-header.tsx'
import { errorMessage } from '../../lib/errors.ts'
import { formatTimestamp } from '../../lib/format.ts'
import { useClients } from '../../lib/queries.ts'
import { navigate } from '../../app/router.tsx'
import { columnLabel, describeConflictSide, type ConflictSide } from './conflict-values.ts'
import { useConflicts } from './sync-queries.ts'

const KIND_LABELS: Record<ConflictView['kind'], string> = {
  field: 'Changed on two computers',
  deleted: 'Deleted elsewhere',
  revision: 'Saved as a new revision',
  rejected: 'Refused by the server',
}

/** Side-by-side resolver: the server's value (what everyone sees now) and this computer's. */
export function ConflictsPage() {
  const [showResolved, setShowResolved] = useState(false)
  const conflicts = useConflicts(showResolved)
  const list = conflicts.data ?? []
  return (
    <>
      <PageHeader
        title="Sync conflicts"
        subtitle="When two computers change the same price, quantity, status or terms, the server keeps one value and you choose here"
        actions={
          <Switch
            label="Show resolved"
            checked={showResolved}
            onChange={(e) => setShowResolved(e.currentTarget.checked)}
          />
        }
      />
      {conflicts.isLoading ? (
        <Text c="dimmed">Loading…</Text>
      ) : list.length === 0 ? (
        <EmptyBlock title="No conflicts" description="Edits from all computers merged cleanly." />
      ) : (
        <Stack>
          {list.map((c) => (
            <ConflictCard key={c.id} c={c} />
          ))}
        </Stack>
      )}
    </>
  )
}

function ConflictCard({ c }: { c: ConflictView }) {
  const api = useApi()
  const qc = useQueryClient()
  const [busy, setBusy] = useState(false)
  const resolve = async (choice: 'server' | 'mine') => {
    setBusy(true)
    try {
      await api.call('conflicts.resolve', { id: c.id, choice })
      await qc.invalidateQueries({ queryKey: ['sync'] })
    } catch (e) {
      notifications.show({ color: 'red', message: errorMessage(e) })
    } finally {
      setBusy(false)
    }
  }
  const clients = useClients()
  const clientName = (id: string) => clients.data?.find((cl) => cl.id === id)?.name
  const field = c.field ? columnLabel(c.field) : null
  return (
    <Paper withBorder p="md" data-testid="conflict-card">
      <Group justify="space-between" mb="xs">
        <Group gap="xs">
          <Text fw={600}>{c.label}</Text>
          {field && <Text c="dimmed">· {field}</Text>}
        </Group>
        <Group gap="xs">
          <Badge
            variant="light"
            color={c.kind === 'field' ? 'orange' : c.kind === 'rejected' ? 'red' : 'blue'}
          >
            {KIND_LABELS[c.kind]}
          </Badge>
          <Text size="xs" c="dimmed">
            {formatTimestamp(c.createdAt)}
          </Text>
        </Group>
      </Group>
      {c.detail && (
        <Text size="sm" mb="xs">
          {c.detail}
        </Text>
      )}
      <SimpleGrid cols={2}>
        <SideBox
          title="Server value (kept)"
          side={describeConflictSide(c, 'server', clientName)}
          bg="var(--mantine-color-gray-0)"
          testId="conflict-server"
        />
        <SideBox
          title="Your value (this computer)"
          side={describeConflictSide(c, 'mine', clientName)}
          bg="var(--mantine-color-yellow-0)"
          testId="conflict-mine"
        />
      </SimpleGrid>
      {c.resolvedAt === null ? (
        <Group justify="flex-end" mt="sm">
          {c.canKeepMine ? (
            <>
              <Button variant="default" loading={busy} onClick={() => void resolve('server')}>
                Keep server value
              </Button>
              <Button
                loading={busy}
                onClick={() => void resolve('mine')}
                data-testid="conflict-use-mine"
              >
                Use my value
              </Button>
            </>
          ) : (
            <Button
              variant="default"
              leftSection={<IconCheck size={16} />}
              loading={busy}
              onClick={() => void resolve('server')}
            >
              OK
            </Button>
          )}
        </Group>
      ) : (
        <Text size="xs" c="dimmed" mt="sm">
          Resolved {formatTimestamp(c.resolvedAt)} ({c.resolution})
        </Text>
      )}
    </Paper>
  )
}

function SideBox({
  title,
  side,
  bg,
  testId,
}: {
  title: string
  side: ConflictSide
  bg: string
  testId: string
}) {
  return (
    <Paper bg={bg} p="sm">
      <Text size="xs" c="dimmed" mb={4}>
        {title}
      </Text>
      <Stack gap={2} data-testid={testId}>
        {side.lines.map((l, i) => (
          <Text key={i} size="sm" style={{ whiteSpace: 'pre-wrap' }}>
            {l}
          </Text>
        ))}
        {side.link && (
          <Anchor
            size="sm"
            href={`#${side.link.path}`}
            onClick={(e) => {
              e.preventDefault()
              if (side.link) navigate(side.link.path)
            }}
            data-testid="conflict-open"
          >
            {side.link.label}
          </Anchor>
        )}
      </Stack>
    </Paper>
  )
}
