import { Anchor, Badge, Button, Group, Paper, Table, Tabs, Text, Tooltip } from '@mantine/core'
import { notifications } from '@mantine/notifications'
import { IconInbox, IconRefresh, IconSend, IconSettings, IconTemplate } from '@tabler/icons-react'
import { useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import type { OutboxEntry } from '../../../src-shared/ipc/email.contract.ts'
import { useApi } from '../../app/api-context.tsx'
import { hrefFor, navigate } from '../../app/router.tsx'
import { useConfirm } from '../../components/confirm.tsx'
import { EmptyBlock } from '../../components/empty-block.tsx'
import { PageHeader } from '../../components/page-header.tsx'
import { errorMessage } from '../../lib/errors.ts'
import { formatTimestamp } from '../../lib/format.ts'
import {
  formatBytes,
  OUTBOX_STATUS_COLORS,
  OUTBOX_STATUS_LABELS,
  useOutbox,
} from './email-queries.ts'
import { EmailSettingsPanel } from './email-settings.panel.tsx'
import { EmailTemplatesPanel } from './email-templates.panel.tsx'

export type EmailTab = 'outbox' | 'settings' | 'templates'

/** Outbox, SMTP settings and templates on one page (`/outbox`, `/email/settings`, `/email/templates`). */
export function EmailPage({ tab }: { tab: EmailTab }) {
  return (
    <>
      <PageHeader title="Email" subtitle="Messages sent from ProposalDesk, and how they are sent" />
      <Tabs
        value={tab}
        onChange={(v) =>
          navigate(
            v === 'settings'
              ? '/email/settings'
              : v === 'templates'
                ? '/email/templates'
                : '/outbox',
          )
        }
        keepMounted={false}
      >
        <Tabs.List mb="md">
          <Tabs.Tab value="outbox" leftSection={<IconInbox size={16} />}>
            Outbox
          </Tabs.Tab>
          <Tabs.Tab value="settings" leftSection={<IconSettings size={16} />}>
            Mail server
          </Tabs.Tab>
          <Tabs.Tab value="templates" leftSection={<IconTemplate size={16} />}>
            Templates
          </Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="outbox">
          <OutboxList />
        </Tabs.Panel>
        <Tabs.Panel value="settings">
          <EmailSettingsPanel />
        </Tabs.Panel>
        <Tabs.Panel value="templates">
          <EmailTemplatesPanel />
        </Tabs.Panel>
      </Tabs>
    </>
  )
}

function OutboxList() {
  const outbox = useOutbox()
  const entries = outbox.data ?? []
  if (outbox.isLoading) return <Text c="dimmed">Loading…</Text>
  if (entries.length === 0) {
    return (
      <EmptyBlock
        title="No messages yet"
        description="Proposals you send by email appear here, with their delivery status."
      />
    )
  }
  return (
    <Paper withBorder radius="md">
      <Table verticalSpacing="sm" highlightOnHover data-testid="outbox-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Status</Table.Th>
            <Table.Th>Proposal</Table.Th>
            <Table.Th>To</Table.Th>
            <Table.Th>Subject / attachment</Table.Th>
            <Table.Th>When</Table.Th>
            <Table.Th />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {entries.map((e) => (
            <OutboxRow key={e.id} entry={e} />
          ))}
        </Table.Tbody>
      </Table>
    </Paper>
  )
}

function OutboxRow({ entry: e }: { entry: OutboxEntry }) {
  const api = useApi()
  const qc = useQueryClient()
  const confirm = useConfirm()
  const [busy, setBusy] = useState(false)

  const run = async (what: () => Promise<unknown>) => {
    setBusy(true)
    try {
      await what()
    } catch (err) {
      notifications.show({ color: 'red', title: 'Could not do that', message: errorMessage(err) })
    } finally {
      setBusy(false)
      void qc.invalidateQueries({ queryKey: ['email'] })
      void qc.invalidateQueries({ queryKey: ['proposals'] })
    }
  }

  const retry = () => run(() => api.call('email.retry', { id: e.id }))
  const markSent = () =>
    run(() => api.call('email.resolveUnknown', { id: e.id, decision: 'mark-sent' }))
  const resend = async () => {
    const yes = await confirm({
      title: 'Send this message again?',
      message:
        'The first attempt may already have reached the recipient. If it did, they will get it twice. Check your Sent folder or ask the recipient first if you can.',
      confirmLabel: 'Send again',
      danger: true,
    })
    if (yes) await run(() => api.call('email.resolveUnknown', { id: e.id, decision: 'resend' }))
  }

  return (
    <Table.Tr data-testid="outbox-row" data-status={e.status}>
      <Table.Td>
        <Badge color={OUTBOX_STATUS_COLORS[e.status]} variant="light">
          {OUTBOX_STATUS_LABELS[e.status]}
        </Badge>
      </Table.Td>
      <Table.Td>
        <Anchor href={hrefFor(`/proposals/${e.proposalId}`)} size="sm">
          {e.proposalNumber}
        </Anchor>
      </Table.Td>
      <Table.Td>
        <Text size="sm">{e.to.join(', ')}</Text>
        {e.cc.length > 0 && (
          <Text size="xs" c="dimmed">
            cc {e.cc.join(', ')}
          </Text>
        )}
      </Table.Td>
      <Table.Td style={{ maxWidth: 360 }}>
        <Text size="sm" truncate>
          {e.subject}
        </Text>
        <Text size="xs" c="dimmed" truncate title={`SHA-256 ${e.attachment.sha256}`}>
          {e.attachment.name} · {formatBytes(e.attachment.bytes)}
        </Text>
        {e.failure && (
          <Text
            size="xs"
            c={e.status === 'queued' ? 'orange' : 'red'}
            mt={4}
            data-testid="outbox-reason"
          >
            {e.failure.message}
          </Text>
        )}
      </Table.Td>
      <Table.Td>
        <Text size="xs">{formatTimestamp(e.sentAt ?? e.updatedAt)}</Text>
        {e.status === 'queued' && e.nextAttemptAt && (
          <Text size="xs" c="dimmed">
            next try {formatTimestamp(e.nextAttemptAt)}
          </Text>
        )}
        {e.attempts > 1 && (
          <Text size="xs" c="dimmed">
            {e.attempts} attempts
          </Text>
        )}
      </Table.Td>
      <Table.Td>
        <Group gap={4} wrap="nowrap" justify="flex-end">
          {(e.status === 'queued' || e.status === 'failed') && (
            <Button
              size="xs"
              variant="default"
              leftSection={<IconRefresh size={14} />}
              loading={busy}
              onClick={() => void retry()}
              data-testid="outbox-retry"
            >
              {e.status === 'queued' ? 'Send now' : 'Retry'}
            </Button>
          )}
          {e.status === 'unknown' && (
            <>
              <Tooltip label="It arrived: record it as sent (the proposal becomes sent)">
                <Button
                  size="xs"
                  variant="default"
                  loading={busy}
                  onClick={() => void markSent()}
                  data-testid="outbox-mark-sent"
                >
                  Mark as sent
                </Button>
              </Tooltip>
              <Button
                size="xs"
                color="orange"
                variant="light"
                leftSection={<IconSend size={14} />}
                loading={busy}
                onClick={() => void resend()}
                data-testid="outbox-resend"
              >
                Send again
              </Button>
            </>
          )}
        </Group>
      </Table.Td>
    </Table.Tr>
  )
}
