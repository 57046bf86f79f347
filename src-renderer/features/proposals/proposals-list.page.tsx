import {
  ActionIcon,
  Alert,
  Button,
  Chip,
  Group,
  Menu,
  Paper,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  Tooltip,
} from '@mantine/core'
import { useDebouncedValue } from '@mantine/hooks'
import { notifications } from '@mantine/notifications'
import {
  IconArrowsSort,
  IconCopy,
  IconDots,
  IconFileInvoice,
  IconPlus,
  IconSearch,
  IconSortAscending,
  IconSortDescending,
  IconSparkles,
  IconTrash,
} from '@tabler/icons-react'
import { useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import {
  PROPOSAL_STATUSES,
  type ProposalStatus,
  type ProposalSummary,
} from '../../../src-shared/domain/proposal.types.ts'
import { revisionLetter } from '../../../src-shared/domain/numbering.ts'
import type { InputOf } from '../../../src-shared/ipc/contract.ts'
import { useApi } from '../../app/api-context.tsx'
import { navigate } from '../../app/router.tsx'
import { useConfirm } from '../../components/confirm.tsx'
import { EmptyBlock } from '../../components/empty-block.tsx'
import { PageHeader } from '../../components/page-header.tsx'
import { SampleBadge, STATUS_LABELS, StatusBadge } from '../../components/status-badge.tsx'
import { errorMessage } from '../../lib/errors.ts'
import { rowActivation } from '../../lib/row-activation.ts'
import { formatDate, formatTimestamp, money } from '../../lib/format.ts'
import { useProposals } from '../../lib/queries.ts'
import { ExpiryHint } from '../activity/expiry-hint.tsx'

type Sort = NonNullable<InputOf<'proposals.list'>['sort']>
const SORTS: { value: Sort; label: string }[] = [
  { value: 'updated', label: 'Last updated' },
  { value: 'created', label: 'Created' },
  { value: 'number', label: 'Number' },
  { value: 'title', label: 'Title' },
  { value: 'client', label: 'Client' },
  { value: 'total', label: 'Total' },
  { value: 'validUntil', label: 'Valid until' },
]

export function ProposalsListPage() {
  const api = useApi()
  const qc = useQueryClient()
  const confirm = useConfirm()
  const [search, setSearch] = useState('')
  const [debounced] = useDebouncedValue(search, 200)
  const [status, setStatus] = useState<ProposalStatus | 'all'>('all')
  const [sort, setSort] = useState<Sort>('updated')
  const [direction, setDirection] = useState<'asc' | 'desc'>('desc')
  const list = useProposals({ search: debounced.trim(), status, sort, direction, limit: 500 })

  const filtered = debounced.trim() !== '' || status !== 'all'
  const items = list.data?.items ?? []
  const onlySamples = !filtered && items.length > 0 && items.every((p) => p.isSample)
  const sample = onlySamples ? items[0] : undefined

  const remove = async (p: ProposalSummary) => {
    const ok = await confirm({
      title: p.isSample ? 'Delete the sample proposal?' : 'Delete proposal?',
      message: p.isSample
        ? 'The sample is only there to show what a proposal looks like. You can delete it safely.'
        : `${p.number} "${p.title}" will be deleted.`,
      confirmLabel: 'Delete',
      danger: true,
    })
    if (!ok) return
    try {
      await api.call('proposals.delete', { id: p.id })
      notifications.show({ message: `Deleted ${p.number}`, color: 'gray' })
      await qc.invalidateQueries({ queryKey: ['proposals'] })
    } catch (err) {
      notifications.show({ title: 'Could not delete', message: errorMessage(err), color: 'red' })
    }
  }

  const duplicate = async (p: ProposalSummary) => {
    try {
      const copy = await api.call('proposals.duplicate', { id: p.id })
      await qc.invalidateQueries({ queryKey: ['proposals'] })
      navigate(`/proposals/${copy.id}`)
    } catch (err) {
      notifications.show({ title: 'Could not duplicate', message: errorMessage(err), color: 'red' })
    }
  }

  return (
    <>
      <PageHeader
        title="Proposals"
        subtitle="Write, price and export your sales proposals."
        actions={
          <Button
            leftSection={<IconPlus size={16} />}
            onClick={() => navigate('/proposals/new')}
            data-testid="new-proposal"
          >
            New proposal
          </Button>
        }
      />

      {sample && (
        <Alert
          variant="light"
          color="indigo"
          radius="md"
          mb="lg"
          icon={<IconSparkles size={20} />}
          title="Welcome to ProposalDesk"
          data-testid="welcome"
        >
          <Text size="sm" mb="sm">
            We added a sample proposal so you can see how a finished one looks: open it, change a
            line, export its PDF. When you are ready, delete it and write your own.
          </Text>
          <Group gap="xs">
            <Button
              size="xs"
              onClick={() => navigate(`/proposals/${sample.id}`)}
              data-testid="open-sample"
            >
              Open the sample
            </Button>
            <Button
              size="xs"
              variant="default"
              leftSection={<IconTrash size={14} />}
              onClick={() => void remove(sample)}
              data-testid="delete-sample"
            >
              Delete the sample
            </Button>
          </Group>
        </Alert>
      )}

      <Paper withBorder radius="md" p={0}>
        <Stack p="sm" gap="sm" style={{ borderBottom: '1px solid var(--mantine-color-gray-3)' }}>
          <Group gap="sm" wrap="nowrap">
            <TextInput
              placeholder="Search number, title or client"
              aria-label="Search proposals"
              leftSection={<IconSearch size={16} />}
              value={search}
              onChange={(e) => setSearch(e.currentTarget.value)}
              w={360}
              data-testid="proposals-search"
            />
            <Group gap={4} ml="auto" wrap="nowrap">
              <Select
                aria-label="Sort by"
                data={SORTS}
                value={sort}
                onChange={(v) => v && setSort(v)}
                allowDeselect={false}
                w={176}
                leftSection={<IconArrowsSort size={16} />}
                data-testid="proposals-sort"
              />
              <Tooltip label={direction === 'asc' ? 'Ascending' : 'Descending'}>
                <ActionIcon
                  variant="default"
                  size="lg"
                  aria-label={direction === 'asc' ? 'Sort ascending' : 'Sort descending'}
                  onClick={() => setDirection((d) => (d === 'asc' ? 'desc' : 'asc'))}
                  data-testid="sort-direction"
                >
                  {direction === 'asc' ? (
                    <IconSortAscending size={16} />
                  ) : (
                    <IconSortDescending size={16} />
                  )}
                </ActionIcon>
              </Tooltip>
            </Group>
          </Group>
          <Chip.Group multiple={false} value={status} onChange={(v) => setStatus(v)}>
            <Group gap={6} data-testid="status-filter">
              <Chip value="all" size="xs" variant="outline">
                All
              </Chip>
              {PROPOSAL_STATUSES.map((s) => (
                <Chip key={s} value={s} size="xs" variant="outline">
                  {STATUS_LABELS[s]}
                </Chip>
              ))}
            </Group>
          </Chip.Group>
        </Stack>

        {list.isError ? (
          <EmptyBlock title="Could not load proposals" description={errorMessage(list.error)} />
        ) : items.length === 0 && !list.isLoading ? (
          filtered ? (
            <EmptyBlock
              icon={<IconSearch size={26} stroke={1.5} />}
              title="No proposals match"
              description="Try another search or status."
              action={
                <Button
                  variant="subtle"
                  onClick={() => {
                    setSearch('')
                    setStatus('all')
                  }}
                >
                  Clear filters
                </Button>
              }
            />
          ) : (
            <EmptyBlock
              icon={<IconFileInvoice size={28} stroke={1.5} />}
              title="No proposals yet"
              description="Create your first proposal: pick a client, add priced lines and export a PDF."
              action={
                <Button
                  leftSection={<IconPlus size={16} />}
                  onClick={() => navigate('/proposals/new')}
                >
                  New proposal
                </Button>
              }
            />
          )
        ) : (
          <Table
            highlightOnHover
            verticalSpacing="sm"
            horizontalSpacing="md"
            data-testid="proposals-table"
          >
            <Table.Thead>
              <Table.Tr>
                <Table.Th w={140}>Number</Table.Th>
                <Table.Th miw={220}>Title</Table.Th>
                <Table.Th>Client</Table.Th>
                <Table.Th w={100}>Status</Table.Th>
                <Table.Th w={120}>Valid until</Table.Th>
                <Table.Th w={140} ta="right">
                  Total
                </Table.Th>
                <Table.Th w={190} visibleFrom="xl">
                  Updated
                </Table.Th>
                <Table.Th w={48} />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((p) => (
                <Table.Tr
                  key={p.id}
                  data-testid="proposal-row"
                  data-number={p.number}
                  style={{ cursor: 'pointer' }}
                  {...rowActivation(() => navigate(`/proposals/${p.id}`))}
                >
                  <Table.Td ff="monospace" fz="sm" style={{ whiteSpace: 'nowrap' }}>
                    {p.number}
                    {p.revision > 0 && (
                      <Text span inherit c="dimmed" data-testid="row-revision">
                        {' · Rev '}
                        {revisionLetter(p.revision)}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <Group gap="xs" wrap="nowrap">
                      <Text size="sm" fw={500} lineClamp={1}>
                        {p.title}
                      </Text>
                      {p.isSample && <SampleBadge />}
                    </Group>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm" lineClamp={1}>
                      {p.clientName || (
                        <Text span c="dimmed" size="sm">
                          No client
                        </Text>
                      )}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <StatusBadge status={p.status} />
                  </Table.Td>
                  <Table.Td fz="sm">
                    {formatDate(p.validUntil)}
                    <ExpiryHint status={p.status} validUntil={p.validUntil} />
                  </Table.Td>
                  <Table.Td
                    ta="right"
                    fz="sm"
                    fw={500}
                    style={{ fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' }}
                    data-testid="row-total"
                  >
                    {money(p.gross, p.currency)}
                  </Table.Td>
                  <Table.Td fz="sm" c="dimmed" style={{ whiteSpace: 'nowrap' }} visibleFrom="xl">
                    {formatTimestamp(p.updatedAt)}
                  </Table.Td>
                  <Table.Td onClick={(e) => e.stopPropagation()}>
                    <Menu position="bottom-end" withinPortal>
                      <Menu.Target>
                        <ActionIcon
                          variant="subtle"
                          color="gray"
                          aria-label={`Actions for ${p.number}`}
                        >
                          <IconDots size={16} />
                        </ActionIcon>
                      </Menu.Target>
                      <Menu.Dropdown>
                        <Menu.Item
                          leftSection={<IconCopy size={14} />}
                          onClick={() => void duplicate(p)}
                        >
                          Duplicate
                        </Menu.Item>
                        <Menu.Item
                          color="red"
                          leftSection={<IconTrash size={14} />}
                          onClick={() => void remove(p)}
                        >
                          Delete
                        </Menu.Item>
                      </Menu.Dropdown>
                    </Menu>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Paper>
      {list.data && list.data.total > items.length && (
        <Text size="sm" c="dimmed" mt="sm">
          Showing {items.length} of {list.data.total}. Refine the search to find older proposals.
        </Text>
      )}
    </>
  )
}
