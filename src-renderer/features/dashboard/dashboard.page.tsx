import { Group, Paper, SimpleGrid, Stack, Table, Text, Title, UnstyledButton } from '@mantine/core'
import { useQuery } from '@tanstack/react-query'
import { useApi } from '../../app/api-context.tsx'
import { navigate } from '../../app/router.tsx'
import { PageHeader } from '../../components/page-header.tsx'
import { StatusBadge } from '../../components/status-badge.tsx'
import { formatDate, formatTimestamp, money, plural } from '../../lib/format.ts'
import { describeActivity } from '../activity/activity-timeline.tsx'
import { SearchBox } from './search-box.tsx'

/** Open value per currency (amounts in different currencies are never added together). */
function pipelineTotals(
  buckets: readonly { currency: string; count: number; gross: number }[],
): { currency: string; count: number; gross: number }[] {
  const byCurrency = new Map<string, { currency: string; count: number; gross: number }>()
  for (const b of buckets) {
    const t = byCurrency.get(b.currency) ?? { currency: b.currency, count: 0, gross: 0 }
    t.count += b.count
    t.gross += b.gross
    byCurrency.set(b.currency, t)
  }
  return [...byCurrency.values()]
}

export function DashboardPage() {
  const api = useApi()
  const q = useQuery({
    queryKey: ['proposals', 'dashboard'],
    queryFn: () => api.call('dashboard.get', {}),
  })
  const d = q.data
  return (
    <>
      <PageHeader title="Home" subtitle="Your pipeline at a glance." />
      <SearchBox />
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg" mt="lg">
        <Paper withBorder p="md" radius="md" data-testid="pipeline">
          <Title order={4} mb="sm">
            Open pipeline
          </Title>
          {d && d.pipeline.length === 0 && <Text c="dimmed">No open proposals.</Text>}
          {d && d.pipeline.length > 0 && (
            <Table verticalSpacing={6}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Status</Table.Th>
                  <Table.Th ta="right">Proposals</Table.Th>
                  <Table.Th ta="right">Value</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {d.pipeline.map((b) => (
                  <Table.Tr key={`${b.status}-${b.currency}`}>
                    <Table.Td>
                      <StatusBadge status={b.status} />
                    </Table.Td>
                    <Table.Td ta="right">{b.count}</Table.Td>
                    <Table.Td ta="right" fw={600} style={{ fontVariantNumeric: 'tabular-nums' }}>
                      {money(b.gross, b.currency)}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
              <Table.Tfoot>
                {pipelineTotals(d.pipeline).map((t) => (
                  <Table.Tr key={t.currency} data-testid="pipeline-total">
                    <Table.Td fw={600}>Total {t.currency}</Table.Td>
                    <Table.Td ta="right">{t.count}</Table.Td>
                    <Table.Td ta="right" fw={700} style={{ fontVariantNumeric: 'tabular-nums' }}>
                      {money(t.gross, t.currency)}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tfoot>
            </Table>
          )}
        </Paper>

        <Paper withBorder p="md" radius="md" data-testid="win-rate">
          <Title order={4} mb="sm">
            Win rate, last {d?.winRate.days ?? 90} days
          </Title>
          {d && d.winRate.rate == null ? (
            <Text c="dimmed">No proposal accepted or declined yet.</Text>
          ) : (
            <>
              <Text fz={36} fw={700}>
                {d?.winRate.rate == null ? '' : `${Math.round(d.winRate.rate * 100)} %`}
              </Text>
              <Text c="dimmed" size="sm">
                {d ? `${d.winRate.accepted} accepted, ${d.winRate.declined} declined` : ''}
              </Text>
            </>
          )}
        </Paper>

        <Paper withBorder p="md" radius="md" data-testid="expiring">
          <Title order={4} mb="sm">
            Expiring this week
          </Title>
          {d && d.expiringThisWeek.length === 0 && <Text c="dimmed">Nothing expires soon.</Text>}
          <Stack gap="xs">
            {d?.expiringThisWeek.map((p) => (
              <UnstyledButton key={p.id} onClick={() => navigate(`/proposals/${p.id}`)}>
                <Group justify="space-between" wrap="nowrap">
                  <Text size="sm" lineClamp={1}>
                    {p.number} · {p.title} · {p.clientName}
                  </Text>
                  <Text size="sm" c={p.daysLeft <= 2 ? 'red' : 'orange'}>
                    {p.daysLeft === 0
                      ? 'today'
                      : p.daysLeft === 1
                        ? 'tomorrow'
                        : `in ${plural(p.daysLeft, 'day')}`}{' '}
                    ({formatDate(p.validUntil)})
                  </Text>
                </Group>
              </UnstyledButton>
            ))}
          </Stack>
        </Paper>

        <Paper withBorder p="md" radius="md" data-testid="recent-activity">
          <Title order={4} mb="sm">
            Recent activity
          </Title>
          <Stack gap={6}>
            {d?.recentActivity.map((a) => (
              <UnstyledButton key={a.id} onClick={() => navigate(`/proposals/${a.proposalId}`)}>
                <Text size="sm" lineClamp={1}>
                  <b>{a.number ?? ''}</b> {describeActivity(a)}
                </Text>
                <Text size="xs" c="dimmed">
                  {formatTimestamp(a.at)}
                  {a.actor ? ` · ${a.actor}` : ''}
                </Text>
              </UnstyledButton>
            ))}
          </Stack>
        </Paper>
      </SimpleGrid>
    </>
  )
}
