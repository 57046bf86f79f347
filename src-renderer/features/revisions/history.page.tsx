import { Badge, Grid, Group, Paper, Select, Stack, Table, Text, Title } from '@mantine/core'
import { useQuery } from '@tanstack/react-query'
import { useEffect, useMemo, useState } from 'react'
import type { LineSnapshot, RevisionDiff } from '../../../src-shared/ipc/quoting.contract.ts'
import { useApi } from '../../app/api-context.tsx'
import { navigate } from '../../app/router.tsx'
import { PageHeader } from '../../components/page-header.tsx'
import { StatusBadge } from '../../components/status-badge.tsx'
import { fieldLabel } from '../../lib/errors.ts'
import { formatTimestamp, money, plural } from '../../lib/format.ts'
import { ActivityTimeline } from '../activity/activity-timeline.tsx'

function signed(minor: number, currency: string): string {
  return minor > 0 ? `+${money(minor, currency)}` : money(minor, currency)
}

function LineRow({ l, tone, currency }: { l: LineSnapshot; tone: string; currency: string }) {
  return (
    <Table.Tr style={{ background: `var(--mantine-color-${tone}-light)` }}>
      <Table.Td style={{ whiteSpace: 'pre-wrap' }}>{l.description}</Table.Td>
      <Table.Td>{l.quantity}</Table.Td>
      <Table.Td>{l.unitPrice}</Table.Td>
      <Table.Td ta="right">{money(l.net, currency)}</Table.Td>
    </Table.Tr>
  )
}

function DiffView({ diff }: { diff: RevisionDiff }) {
  const c = diff.totals.currency
  return (
    <Stack data-testid="revision-diff">
      <Group>
        <Text>
          Total {money(diff.totals.before.gross, c)} → <b>{money(diff.totals.after.gross, c)}</b>
        </Text>
        <Badge color={diff.totals.delta.gross >= 0 ? 'teal' : 'red'} data-testid="delta-gross">
          {signed(diff.totals.delta.gross, c)}
        </Badge>
        <Text size="sm" c="dimmed">
          net {signed(diff.totals.delta.net, c)}, tax {signed(diff.totals.delta.tax, c)}
        </Text>
      </Group>
      <Table>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Line</Table.Th>
            <Table.Th>Qty</Table.Th>
            <Table.Th>Unit price</Table.Th>
            <Table.Th ta="right">Net</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {diff.lines.added.map((l, i) => (
            <LineRow key={`a${i}`} l={l} tone="green" currency={c} />
          ))}
          {diff.lines.removed.map((l, i) => (
            <LineRow key={`r${i}`} l={l} tone="red" currency={c} />
          ))}
          {diff.lines.changed.map((ch, i) => (
            <Table.Tr key={`c${i}`} style={{ background: 'var(--mantine-color-yellow-light)' }}>
              <Table.Td style={{ whiteSpace: 'pre-wrap' }}>
                {ch.after.description}
                <Text size="xs" c="dimmed">
                  Changed: {ch.fields.map(fieldLabel).join(', ')}
                </Text>
              </Table.Td>
              <Table.Td>
                {ch.before.quantity === ch.after.quantity
                  ? ch.after.quantity
                  : `${ch.before.quantity} → ${ch.after.quantity}`}
              </Table.Td>
              <Table.Td>
                {ch.before.unitPrice === ch.after.unitPrice
                  ? ch.after.unitPrice
                  : `${ch.before.unitPrice} → ${ch.after.unitPrice}`}
              </Table.Td>
              <Table.Td ta="right">
                {money(ch.before.net, c)} → {money(ch.after.net, c)}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Text size="sm" c="dimmed">
        {plural(diff.lines.unchanged, 'line')} unchanged.
        {diff.sections.added.length > 0 && ` Sections added: ${diff.sections.added.join(', ')}.`}
        {diff.sections.removed.length > 0 &&
          ` Sections removed: ${diff.sections.removed.join(', ')}.`}
        {diff.sections.changed.length > 0 &&
          ` Sections changed: ${diff.sections.changed.join(', ')}.`}
        {diff.fields.length > 0 &&
          ` Also changed: ${diff.fields.map((f) => fieldLabel(f.field)).join(', ')}.`}
      </Text>
    </Stack>
  )
}

/** Revisions of a proposal's number, a redline between two of them, and the activity timeline. */
export function HistoryPage({ id }: { id: string }) {
  const api = useApi()
  const revisions = useQuery({
    queryKey: ['proposals', 'revisions', id],
    queryFn: () => api.call('revisions.list', { proposalId: id }),
  })
  const revs = useMemo(() => revisions.data ?? [], [revisions.data])
  const [from, setFrom] = useState<string | null>(null)
  const [to, setTo] = useState<string | null>(null)
  useEffect(() => {
    if (revs.length >= 2 && from === null && to === null) {
      setFrom(revs[revs.length - 2]?.id ?? null)
      setTo(revs[revs.length - 1]?.id ?? null)
    }
  }, [revs, from, to])
  const diff = useQuery({
    queryKey: ['proposals', 'compare', from, to],
    queryFn: () => api.call('revisions.compare', { fromId: from as string, toId: to as string }),
    enabled: from !== null && to !== null && from !== to,
  })
  const options = revs.map((r) => ({ value: r.id, label: `Rev ${r.letter} (${r.status})` }))
  return (
    <>
      <PageHeader
        title={`History ${revs[0]?.number ?? ''}`}
        subtitle="Every revision sent to the client stays as it was; edits after sending start a new revision."
      />
      <Grid>
        <Grid.Col span={{ base: 12, md: 8 }}>
          <Paper withBorder p="md" radius="md" mb="md">
            <Title order={4} mb="sm">
              Revisions
            </Title>
            <Table highlightOnHover data-testid="revisions-table">
              <Table.Tbody>
                {revs.map((r) => (
                  <Table.Tr
                    key={r.id}
                    onClick={() => navigate(`/proposals/${r.id}`)}
                    style={{ cursor: 'pointer' }}
                  >
                    <Table.Td fw={600}>Rev {r.letter}</Table.Td>
                    <Table.Td>
                      <StatusBadge status={r.status} />
                    </Table.Td>
                    <Table.Td>{money(r.gross, r.currency)}</Table.Td>
                    <Table.Td fz="sm">
                      {r.sentAt
                        ? `sent ${formatTimestamp(r.sentAt)}`
                        : formatTimestamp(r.createdAt)}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Paper>
          {revs.length >= 2 && (
            <Paper withBorder p="md" radius="md">
              <Group mb="sm">
                <Title order={4}>Compare</Title>
                <Select data={options} value={from} onChange={setFrom} w={180} />
                <Text>→</Text>
                <Select data={options} value={to} onChange={setTo} w={180} />
              </Group>
              {diff.data && <DiffView diff={diff.data} />}
            </Paper>
          )}
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 4 }}>
          <Paper withBorder p="md" radius="md">
            <Title order={4} mb="sm">
              Activity
            </Title>
            <ActivityTimeline proposalId={id} />
          </Paper>
        </Grid.Col>
      </Grid>
    </>
  )
}
