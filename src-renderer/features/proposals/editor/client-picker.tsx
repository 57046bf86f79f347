import { Button, Group, Modal, Select, Text } from '@mantine/core'
import { IconPlus } from '@tabler/icons-react'
import { useQueryClient } from '@tanstack/react-query'
import { useMemo, useState } from 'react'
import type { Client, ClientSnapshot } from '../../../../src-shared/domain/proposal.types.ts'
import { useClients } from '../../../lib/queries.ts'
import { ClientForm } from '../../clients/client-form.tsx'

export function ClientPicker({
  value,
  snapshot,
  onChange,
  error,
  readOnly,
}: {
  value: string | null
  /** What the saved proposal printed (shown when the client was deleted since). */
  snapshot: ClientSnapshot | null
  onChange: (id: string | null) => void
  error?: string | undefined
  readOnly: boolean
}) {
  const qc = useQueryClient()
  const clients = useClients('')
  const [creating, setCreating] = useState(false)
  const data = useMemo(() => {
    const list = (clients.data ?? []).map((c) => ({ value: c.id, label: c.name }))
    if (value && !list.some((c) => c.value === value) && snapshot)
      list.unshift({ value, label: snapshot.name })
    return list
  }, [clients.data, value, snapshot])
  const selected = clients.data?.find((c) => c.id === value)
  const detail = selected ?? (value ? snapshot : null)

  return (
    <>
      <Group align="flex-end" gap="xs" wrap="nowrap">
        <Select
          label="Client"
          placeholder="Choose a client"
          data={data}
          value={value}
          onChange={(v) => onChange(v)}
          searchable
          clearable
          nothingFoundMessage="No client matches — create one"
          error={error}
          readOnly={readOnly}
          style={{ flex: 1 }}
          data-testid="client-select"
        />
        {!readOnly && (
          <Button
            variant="default"
            leftSection={<IconPlus size={16} />}
            onClick={() => setCreating(true)}
            data-testid="new-client-inline"
          >
            New client
          </Button>
        )}
      </Group>
      {detail && (
        <Text
          size="xs"
          c="dimmed"
          mt={6}
          style={{ whiteSpace: 'pre-line' }}
          data-testid="client-detail"
        >
          {[detail.contactName, detail.email, detail.address].filter(Boolean).join(' · ') ||
            'No contact details'}
        </Text>
      )}
      <Modal
        opened={creating}
        onClose={() => setCreating(false)}
        title={<Text fw={600}>New client</Text>}
        size="lg"
      >
        {creating && (
          <ClientForm
            client={null}
            onCancel={() => setCreating(false)}
            onSaved={(c) => {
              setCreating(false)
              // Show the new client at once; the refetch below brings the server's order.
              qc.setQueryData<Client[]>(['clients', 'list', ''], (old) => [...(old ?? []), c])
              void qc.invalidateQueries({ queryKey: ['clients'] })
              onChange(c.id)
            }}
          />
        )}
      </Modal>
    </>
  )
}
