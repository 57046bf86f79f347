import { Button, Table, Text } from '@mantine/core'
import { notifications } from '@mantine/notifications'
import { IconRestore } from '@tabler/icons-react'
import { useQuery, useQueryClient } from '@tanstack/react-query'
import { useApi } from '../../app/api-context.tsx'
import { navigate } from '../../app/router.tsx'
import { EmptyBlock } from '../../components/empty-block.tsx'
import { PageHeader } from '../../components/page-header.tsx'
import { StatusBadge } from '../../components/status-badge.tsx'
import { errorMessage } from '../../lib/errors.ts'
import { formatTimestamp, money } from '../../lib/format.ts'

export function TrashPage() {
  const api = useApi()
  const qc = useQueryClient()
  const q = useQuery({
    queryKey: ['proposals', 'trash'],
    queryFn: () => api.call('trash.list', {}),
  })
  const restore = async (id: string, number: string) => {
    try {
      await api.call('trash.restore', { id })
      notifications.show({ message: `Restored ${number}`, color: 'teal' })
      await qc.invalidateQueries({ queryKey: ['proposals'] })
      navigate(`/proposals/${id}`)
    } catch (err) {
      notifications.show({ title: 'Could not restore', message: errorMessage(err), color: 'red' })
    }
  }
  const items = q.data ?? []
  return (
    <>
      <PageHeader title="Trash" subtitle="Deleted proposals. Restore one to bring it back." />
      {q.isSuccess && items.length === 0 ? (
        <EmptyBlock title="The trash is empty" />
      ) : (
        <Table highlightOnHover data-testid="trash-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Number</Table.Th>
              <Table.Th>Title</Table.Th>
              <Table.Th>Client</Table.Th>
              <Table.Th>Status</Table.Th>
              <Table.Th ta="right">Total</Table.Th>
              <Table.Th>Deleted</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {items.map((p) => (
              <Table.Tr key={p.id}>
                <Table.Td>{p.number}</Table.Td>
                <Table.Td>
                  <Text size="sm" lineClamp={1}>
                    {p.title}
                  </Text>
                </Table.Td>
                <Table.Td>{p.clientName}</Table.Td>
                <Table.Td>
                  <StatusBadge status={p.status} />
                </Table.Td>
                <Table.Td ta="right">{money(p.gross, p.currency)}</Table.Td>
                <Table.Td fz="sm">{formatTimestamp(p.deletedAt)}</Table.Td>
                <Table.Td>
                  <Button
                    size="xs"
                    variant="light"
                    leftSection={<IconRestore size={14} />}
                    onClick={() => void restore(p.id, p.number)}
                    data-testid="restore"
                  >
                    Restore
                  </Button>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </>
  )
}
