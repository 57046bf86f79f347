import {
  ActionIcon,
  Button,
  Drawer,
  Group,
  Paper,
  Table,
  Text,
  TextInput,
  Tooltip,
} from '@mantine/core'
import { useDebouncedValue } from '@mantine/hooks'
import { notifications } from '@mantine/notifications'
import { IconEdit, IconPlus, IconSearch, IconTrash, IconUsers } from '@tabler/icons-react'
import { useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import type { Client } from '../../../src-shared/domain/proposal.types.ts'
import { useApi } from '../../app/api-context.tsx'
import { useConfirm } from '../../components/confirm.tsx'
import { EmptyBlock } from '../../components/empty-block.tsx'
import { PageHeader } from '../../components/page-header.tsx'
import { errorMessage } from '../../lib/errors.ts'
import { rowActivation } from '../../lib/row-activation.ts'
import { useClients } from '../../lib/queries.ts'
import { ClientForm } from './client-form.tsx'

export function ClientsPage() {
  const api = useApi()
  const qc = useQueryClient()
  const confirm = useConfirm()
  const [search, setSearch] = useState('')
  const [debounced] = useDebouncedValue(search, 200)
  const clients = useClients(debounced)
  const [editing, setEditing] = useState<Client | 'new' | null>(null)

  const remove = async (c: Client) => {
    const ok = await confirm({
      title: 'Delete client?',
      message: `"${c.name}" will be removed from the client list. Proposals already written for this client keep their copy of the details.`,
      confirmLabel: 'Delete',
      danger: true,
    })
    if (!ok) return
    try {
      await api.call('clients.delete', { id: c.id })
      notifications.show({ message: `Deleted ${c.name}`, color: 'gray' })
      await qc.invalidateQueries({ queryKey: ['clients'] })
    } catch (err) {
      notifications.show({ title: 'Could not delete', message: errorMessage(err), color: 'red' })
    }
  }

  const rows = clients.data ?? []
  return (
    <>
      <PageHeader
        title="Clients"
        subtitle="The companies and people you write proposals for."
        actions={
          <Button
            leftSection={<IconPlus size={16} />}
            onClick={() => setEditing('new')}
            data-testid="new-client"
          >
            New client
          </Button>
        }
      />
      <Paper withBorder radius="md" p={0}>
        <Group p="sm" style={{ borderBottom: '1px solid var(--mantine-color-gray-3)' }}>
          <TextInput
            placeholder="Search clients by name, contact or email"
            aria-label="Search clients"
            leftSection={<IconSearch size={16} />}
            value={search}
            onChange={(e) => setSearch(e.currentTarget.value)}
            w={360}
            data-testid="clients-search"
          />
          <Text size="sm" c="dimmed" ml="auto">
            {clients.data ? `${rows.length} ${rows.length === 1 ? 'client' : 'clients'}` : ''}
          </Text>
        </Group>
        {clients.isError ? (
          <EmptyBlock title="Could not load clients" description={errorMessage(clients.error)} />
        ) : rows.length === 0 && !clients.isLoading ? (
          <EmptyBlock
            icon={<IconUsers size={28} stroke={1.5} />}
            title={debounced ? 'No clients match your search' : 'No clients yet'}
            description={
              debounced ? 'Try another name or email.' : 'Add the companies you send proposals to.'
            }
            action={
              debounced ? undefined : (
                <Button variant="light" onClick={() => setEditing('new')}>
                  Add your first client
                </Button>
              )
            }
          />
        ) : (
          <Table
            highlightOnHover
            verticalSpacing="sm"
            horizontalSpacing="md"
            data-testid="clients-table"
          >
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Name</Table.Th>
                <Table.Th>Contact</Table.Th>
                <Table.Th>Email</Table.Th>
                <Table.Th>Phone</Table.Th>
                <Table.Th w={96} />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((c) => (
                <Table.Tr
                  key={c.id}
                  data-testid="client-row"
                  style={{ cursor: 'pointer' }}
                  {...rowActivation(() => setEditing(c))}
                >
                  <Table.Td fw={500}>{c.name}</Table.Td>
                  <Table.Td>
                    {c.contactName || (
                      <Text c="dimmed" span>
                        —
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    {c.email || (
                      <Text c="dimmed" span>
                        —
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    {c.phone || (
                      <Text c="dimmed" span>
                        —
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td onClick={(e) => e.stopPropagation()}>
                    <Group gap={4} justify="flex-end" wrap="nowrap">
                      <Tooltip label="Edit">
                        <ActionIcon
                          variant="subtle"
                          color="gray"
                          aria-label={`Edit ${c.name}`}
                          onClick={() => setEditing(c)}
                        >
                          <IconEdit size={16} />
                        </ActionIcon>
                      </Tooltip>
                      <Tooltip label="Delete">
                        <ActionIcon
                          variant="subtle"
                          color="red"
                          aria-label={`Delete ${c.name}`}
                          onClick={() => void remove(c)}
                          data-testid="client-delete"
                        >
                          <IconTrash size={16} />
                        </ActionIcon>
                      </Tooltip>
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Paper>
      <Drawer
        opened={editing !== null}
        onClose={() => setEditing(null)}
        title={<Text fw={600}>{editing === 'new' ? 'New client' : 'Edit client'}</Text>}
        position="right"
        size="md"
      >
        {editing !== null && (
          <ClientForm
            key={editing === 'new' ? 'new' : editing.id}
            client={editing === 'new' ? null : editing}
            onCancel={() => setEditing(null)}
            onSaved={(c) => {
              notifications.show({ message: `Saved ${c.name}`, color: 'teal' })
              setEditing(null)
              void qc.invalidateQueries({ queryKey: ['clients'] })
            }}
          />
        )}
      </Drawer>
    </>
  )
}
