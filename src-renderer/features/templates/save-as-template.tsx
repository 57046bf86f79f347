import { Button, Group, Modal, Stack, TextInput } from '@mantine/core'
import { notifications } from '@mantine/notifications'
import { useQueryClient } from '@tanstack/react-query'
import { useState, type ReactNode } from 'react'
import { useApi } from '../../app/api-context.tsx'
import { errorMessage } from '../../lib/errors.ts'

/**
 * "Save as template" for the proposal editor: `open(id, title)` asks for a name, then stores the
 * proposal's sections, lines, terms and validity as a template. Render `modal` once in the page.
 */
export function useSaveAsTemplate(): {
  open: (proposalId: string, title: string) => void
  modal: ReactNode
} {
  const api = useApi()
  const qc = useQueryClient()
  const [target, setTarget] = useState<string | null>(null)
  const [name, setName] = useState('')
  const [description, setDescription] = useState('')
  const save = async () => {
    if (!target) return
    try {
      const t = await api.call('templates.createFromProposal', {
        proposalId: target,
        name,
        description,
      })
      setTarget(null)
      await qc.invalidateQueries({ queryKey: ['templates'] })
      notifications.show({ message: `Saved template "${t.name}"`, color: 'teal' })
    } catch (err) {
      notifications.show({ title: 'Could not save', message: errorMessage(err), color: 'red' })
    }
  }
  const modal = (
    <Modal opened={target !== null} onClose={() => setTarget(null)} title="Save as template">
      <Stack>
        <TextInput
          label="Template name"
          required
          value={name}
          onChange={(e) => setName(e.currentTarget.value)}
          data-testid="template-name"
        />
        <TextInput
          label="Description"
          value={description}
          onChange={(e) => setDescription(e.currentTarget.value)}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={() => setTarget(null)}>
            Cancel
          </Button>
          <Button
            onClick={() => void save()}
            disabled={name.trim() === ''}
            data-testid="template-save"
          >
            Save template
          </Button>
        </Group>
      </Stack>
    </Modal>
  )
  return {
    open: (proposalId, title) => {
      setTarget(proposalId)
      setName(title)
      setDescription('')
    },
    modal,
  }
}
