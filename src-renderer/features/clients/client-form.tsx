import { Button, Group, Stack, Textarea, TextInput } from '@mantine/core'
import { useState } from 'react'
import type { Client } from '../../../src-shared/domain/proposal.types.ts'
import { clientInputSchema, type ClientInput } from '../../../src-shared/ipc/schemas.ts'
import { useApi } from '../../app/api-context.tsx'
import { apiFieldErrors, errorMessage, zodFieldErrors, type FieldErrors } from '../../lib/errors.ts'

type ClientDraft = Required<{ [K in keyof ClientInput]: string }>

function draftOf(c: Client | null): ClientDraft {
  return {
    name: c?.name ?? '',
    contactName: c?.contactName ?? '',
    email: c?.email ?? '',
    phone: c?.phone ?? '',
    address: c?.address ?? '',
    taxId: c?.taxId ?? '',
    notes: c?.notes ?? '',
  }
}

/** Create or edit a client; used by the Clients page and inline by the proposal editor. */
export function ClientForm({
  client,
  onSaved,
  onCancel,
}: {
  client: Client | null
  onSaved: (c: Client) => void
  onCancel: () => void
}) {
  const api = useApi()
  const [draft, setDraft] = useState<ClientDraft>(() => draftOf(client))
  const [errors, setErrors] = useState<FieldErrors>({})
  const [formError, setFormError] = useState<string | null>(null)
  const [saving, setSaving] = useState(false)

  const set = (k: keyof ClientDraft) => (e: { currentTarget: { value: string } }) => {
    const v = e.currentTarget.value
    setDraft((d) => ({ ...d, [k]: v }))
    setErrors((er) => {
      const { [k]: _omit, ...rest } = er
      return rest
    })
  }

  const submit = async () => {
    const parsed = clientInputSchema.safeParse(draft)
    if (!parsed.success) {
      setErrors(zodFieldErrors(parsed.error))
      return
    }
    setSaving(true)
    setFormError(null)
    try {
      const saved = client
        ? await api.call('clients.update', { id: client.id, patch: draft })
        : await api.call('clients.create', draft)
      onSaved(saved)
    } catch (err) {
      const fe = apiFieldErrors(err)
      setErrors(fe)
      if (Object.keys(fe).length === 0) setFormError(errorMessage(err))
    } finally {
      setSaving(false)
    }
  }

  return (
    <form
      onSubmit={(e) => {
        e.preventDefault()
        void submit()
      }}
      noValidate
      data-testid="client-form"
    >
      <Stack gap="sm">
        <TextInput
          label="Name"
          required
          value={draft.name}
          onChange={set('name')}
          error={errors.name}
          data-autofocus
          data-testid="client-name"
        />
        <TextInput
          label="Contact name"
          value={draft.contactName}
          onChange={set('contactName')}
          error={errors.contactName}
          data-testid="client-contact"
        />
        <Group grow align="flex-start">
          <TextInput
            label="Email"
            type="email"
            value={draft.email}
            onChange={set('email')}
            error={errors.email}
            data-testid="client-email"
          />
          <TextInput
            label="Phone"
            value={draft.phone}
            onChange={set('phone')}
            error={errors.phone}
            data-testid="client-phone"
          />
        </Group>
        <Textarea
          label="Address"
          autosize
          minRows={3}
          value={draft.address}
          onChange={set('address')}
          error={errors.address}
          data-testid="client-address"
        />
        <TextInput
          label="Tax ID"
          value={draft.taxId}
          onChange={set('taxId')}
          error={errors.taxId}
          data-testid="client-taxid"
        />
        <Textarea
          label="Notes"
          autosize
          minRows={2}
          value={draft.notes}
          onChange={set('notes')}
          error={errors.notes}
        />
        {formError && (
          <div role="alert" style={{ color: 'var(--mantine-color-red-7)', fontSize: 14 }}>
            {formError}
          </div>
        )}
        <Group justify="flex-end" gap="xs" mt="xs">
          <Button variant="default" onClick={onCancel}>
            Cancel
          </Button>
          <Button type="submit" loading={saving} data-testid="client-save">
            {client ? 'Save client' : 'Create client'}
          </Button>
        </Group>
      </Stack>
    </form>
  )
}
