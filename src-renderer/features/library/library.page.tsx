import {
  ActionIcon,
  Badge,
  Button,
  Group,
  Modal,
  Paper,
  Select,
  Stack,
  Text,
  TextInput,
  Textarea,
  TagsInput,
} from '@mantine/core'
import { useDebouncedValue } from '@mantine/hooks'
import { notifications } from '@mantine/notifications'
import { IconEdit, IconPlus, IconSearch, IconTrash } from '@tabler/icons-react'
import { useQuery, useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import type { LibrarySection } from '../../../src-shared/ipc/quoting.contract.ts'
import { useApi } from '../../app/api-context.tsx'
import { EmptyBlock } from '../../components/empty-block.tsx'
import { PageHeader } from '../../components/page-header.tsx'
import { errorMessage } from '../../lib/errors.ts'
import { HighlightedText } from '../activity/highlighted-text.tsx'

type Editing = Pick<LibrarySection, 'title' | 'body' | 'category' | 'tags'> & { id: string | null }

export function useLibrary(search: string, category: string | null) {
  const api = useApi()
  return useQuery({
    queryKey: ['library', 'list', search, category],
    queryFn: () =>
      api.call('library.list', { search, ...(category ? { category } : {}), limit: 200 }),
    placeholderData: (prev) => prev,
  })
}

/** Search box + category filter + results, shared by the page and the editor's picker. */
export function LibraryBrowser({
  renderActions,
}: {
  renderActions: (s: LibrarySection) => React.ReactNode
}) {
  const api = useApi()
  const [search, setSearch] = useState('')
  const [debounced] = useDebouncedValue(search.trim(), 150)
  const [category, setCategory] = useState<string | null>(null)
  const list = useLibrary(debounced, category)
  const categories = useQuery({
    queryKey: ['library', 'categories'],
    queryFn: () => api.call('library.categories', {}),
  })
  return (
    <Stack gap="sm">
      <Group grow>
        <TextInput
          leftSection={<IconSearch size={16} />}
          placeholder="Search the library"
          value={search}
          onChange={(e) => setSearch(e.currentTarget.value)}
          data-testid="library-search"
        />
        <Select
          placeholder="All categories"
          clearable
          data={categories.data ?? []}
          value={category}
          onChange={setCategory}
        />
      </Group>
      {list.isSuccess && (list.data ?? []).length === 0 && <EmptyBlock title="No sections" />}
      {(list.data ?? []).map((s) => (
        <Paper key={s.id} withBorder p="sm" radius="md" data-testid="library-item">
          <Group justify="space-between" wrap="nowrap" align="flex-start">
            <Stack gap={2} style={{ minWidth: 0 }}>
              <Text fw={600}>
                <HighlightedText runs={s.titleHighlight} />
              </Text>
              <Text size="sm" c="dimmed" lineClamp={3} style={{ whiteSpace: 'pre-wrap' }}>
                <HighlightedText runs={s.bodySnippet} />
              </Text>
              <Group gap={4}>
                {s.category && (
                  <Badge size="xs" variant="light">
                    {s.category}
                  </Badge>
                )}
                {s.tags.map((t) => (
                  <Badge key={t} size="xs" variant="outline" color="gray">
                    {t}
                  </Badge>
                ))}
              </Group>
            </Stack>
            <Group gap={4} wrap="nowrap">
              {renderActions(s)}
            </Group>
          </Group>
        </Paper>
      ))}
    </Stack>
  )
}

export function LibraryPage() {
  const api = useApi()
  const qc = useQueryClient()
  const [editing, setEditing] = useState<Editing | null>(null)
  const save = async () => {
    if (!editing) return
    try {
      const { id, ...fields } = editing
      if (id) await api.call('library.update', { id, patch: fields })
      else await api.call('library.create', fields)
      setEditing(null)
      await qc.invalidateQueries({ queryKey: ['library'] })
    } catch (err) {
      notifications.show({ title: 'Could not save', message: errorMessage(err), color: 'red' })
    }
  }
  const remove = async (id: string) => {
    await api.call('library.delete', { id })
    await qc.invalidateQueries({ queryKey: ['library'] })
  }
  return (
    <>
      <PageHeader
        title="Content library"
        subtitle="Reusable sections. Inserting one copies it: later edits here never change proposals already written."
        actions={
          <Button
            leftSection={<IconPlus size={16} />}
            onClick={() => setEditing({ id: null, title: '', body: '', category: '', tags: [] })}
            data-testid="new-library-section"
          >
            New section
          </Button>
        }
      />
      <LibraryBrowser
        renderActions={(s) => (
          <>
            <ActionIcon variant="subtle" aria-label="Edit" onClick={() => setEditing({ ...s })}>
              <IconEdit size={16} />
            </ActionIcon>
            <ActionIcon
              variant="subtle"
              color="red"
              aria-label="Delete"
              onClick={() => void remove(s.id)}
            >
              <IconTrash size={16} />
            </ActionIcon>
          </>
        )}
      />
      <Modal
        opened={editing !== null}
        onClose={() => setEditing(null)}
        title={editing?.id ? 'Edit section' : 'New section'}
        size="lg"
      >
        {editing && (
          <Stack>
            <TextInput
              label="Title"
              required
              value={editing.title}
              onChange={(e) => setEditing({ ...editing, title: e.currentTarget.value })}
              data-testid="library-title"
            />
            <Textarea
              label="Body (Markdown)"
              autosize
              minRows={6}
              value={editing.body}
              onChange={(e) => setEditing({ ...editing, body: e.currentTarget.value })}
              data-testid="library-body"
            />
            <TextInput
              label="Category"
              value={editing.category}
              onChange={(e) => setEditing({ ...editing, category: e.currentTarget.value })}
            />
            <TagsInput
              label="Tags"
              value={editing.tags}
              onChange={(tags) => setEditing({ ...editing, tags })}
            />
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setEditing(null)}>
                Cancel
              </Button>
              <Button onClick={() => void save()} data-testid="library-save">
                Save
              </Button>
            </Group>
          </Stack>
        )}
      </Modal>
    </>
  )
}
