import { ActionIcon, Button, Group, Table, Text, TextInput, Tooltip } from '@mantine/core'
import { notifications } from '@mantine/notifications'
import { IconFilePlus, IconTrash } from '@tabler/icons-react'
import { useQuery, useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import { useApi } from '../../app/api-context.tsx'
import { navigate } from '../../app/router.tsx'
import { useConfirm } from '../../components/confirm.tsx'
import { EmptyBlock } from '../../components/empty-block.tsx'
import { PageHeader } from '../../components/page-header.tsx'
import { errorMessage } from '../../lib/errors.ts'
import { formatTimestamp } from '../../lib/format.ts'

export function TemplatesPage() {
  const api = useApi()
  const qc = useQueryClient()
  const confirm = useConfirm()
  const [search, setSearch] = useState('')
  const q = useQuery({
    queryKey: ['templates', 'list', search],
    queryFn: () => api.call('templates.list', { search }),
  })
  const start = async (templateId: string) => {
    try {
      const p = await api.call('templates.createProposal', { templateId })
      await qc.invalidateQueries({ queryKey: ['proposals'] })
      navigate(`/proposals/${p.id}`)
    } catch (err) {
      notifications.show({ title: 'Could not create', message: errorMessage(err), color: 'red' })
    }
  }
  const remove = async (id: string, name: string) => {
    if (!(await confirm({ title: 'Delete template?', message: `"${name}"`, danger: true }))) return
    await api.call('templates.delete', { id })
    await qc.invalidateQueries({ queryKey: ['templates'] })
  }
  const items = q.data ?? []
  return (
    <>
      <PageHeader
        title="Templates"
        subtitle="Start a proposal from a saved one. Save a template from any proposal's menu."
      />
      <TextInput
        placeholder="Search templates"
        value={search}
        onChange={(e) => setSearch(e.currentTarget.value)}
        mb="md"
      />
      {q.isSuccess && items.length === 0 ? (
        <EmptyBlock title="No templates yet" />
      ) : (
        <Table highlightOnHover data-testid="templates-table">
          <Table.Tbody>
            {items.map((t) => (
              <Table.Tr key={t.id}>
                <Table.Td>
                  <Text fw={600}>{t.name}</Text>
                  <Text size="xs" c="dimmed">
                    {t.description}
                  </Text>
                </Table.Td>
                <Table.Td fz="sm">
                  {t.sectionCount} sections · {t.lineCount} lines
                </Table.Td>
                <Table.Td fz="sm">{formatTimestamp(t.updatedAt)}</Table.Td>
                <Table.Td>
                  <Group gap="xs" justify="flex-end" wrap="nowrap">
                    <Button
                      size="xs"
                      leftSection={<IconFilePlus size={14} />}
                      onClick={() => void start(t.id)}
                      data-testid="use-template"
                    >
                      New proposal
                    </Button>
                    <Tooltip label="Delete">
                      <ActionIcon
                        variant="subtle"
                        color="red"
                        onClick={() => void remove(t.id, t.name)}
                        aria-label="Delete template"
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
    </>
  )
}
