import { Button, Modal } from '@mantine/core'
import { notifications } from '@mantine/notifications'
import { IconBooks } from '@tabler/icons-react'
import { useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import type { Proposal } from '../../../src-shared/domain/proposal.types.ts'
import { useApi } from '../../app/api-context.tsx'
import { errorMessage } from '../../lib/errors.ts'
import { LibraryBrowser } from './library.page.tsx'

/**
 * "Insert from library" for the proposal editor: one click copies a section into the proposal
 * (saved server-side). `onInserted` receives the saved proposal — for a sent proposal that is its
 * new revision (another id).
 */
export function InsertFromLibraryButton({
  proposalId,
  expectedUpdatedAt,
  disabled = false,
  onInserted,
}: {
  proposalId: string
  expectedUpdatedAt?: string
  /** e.g. while the editor has unsaved changes (save first). */
  disabled?: boolean
  onInserted: (p: Proposal) => void
}) {
  const api = useApi()
  const qc = useQueryClient()
  const [open, setOpen] = useState(false)
  const insert = async (sectionId: string) => {
    try {
      const p = await api.call('library.insert', {
        proposalId,
        sectionId,
        ...(expectedUpdatedAt ? { expectedUpdatedAt } : {}),
      })
      setOpen(false)
      await qc.invalidateQueries({ queryKey: ['proposals'] })
      onInserted(p)
    } catch (err) {
      notifications.show({ title: 'Could not insert', message: errorMessage(err), color: 'red' })
    }
  }
  return (
    <>
      <Button
        variant="default"
        size="xs"
        leftSection={<IconBooks size={14} />}
        onClick={() => setOpen(true)}
        disabled={disabled}
        title={disabled ? 'Save your changes first' : undefined}
        data-testid="insert-from-library"
      >
        From library
      </Button>
      <Modal opened={open} onClose={() => setOpen(false)} title="Insert a section" size="xl">
        <LibraryBrowser
          renderActions={(s) => (
            <Button size="xs" onClick={() => void insert(s.id)} data-testid="library-insert">
              Insert
            </Button>
          )}
        />
      </Modal>
    </>
  )
}
