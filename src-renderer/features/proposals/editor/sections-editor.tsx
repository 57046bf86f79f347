import { ActionIcon, Button, Group, Paper, Stack, Text, Textarea, TextInput } from '@mantine/core'
import { IconArrowDown, IconArrowUp, IconPlus, IconTrash } from '@tabler/icons-react'
import { moveItem, newKey, type SectionDraft } from './editor-draft.ts'

export function SectionsEditor({
  sections,
  errorFor,
  onChange,
  readOnly,
}: {
  sections: SectionDraft[]
  errorFor: (index: number, field: 'title' | 'body') => string | undefined
  onChange: (sections: SectionDraft[]) => void
  readOnly: boolean
}) {
  const update = (i: number, patch: Partial<SectionDraft>) =>
    onChange(sections.map((s, j) => (j === i ? { ...s, ...patch } : s)))
  return (
    <Stack gap="sm">
      {sections.length === 0 && (
        <Text size="sm" c="dimmed">
          Sections hold the words around the prices: an introduction, the scope, the approach.
        </Text>
      )}
      {sections.map((s, i) => {
        const n = i + 1
        return (
          <Paper
            key={s.key}
            withBorder
            p="sm"
            radius="sm"
            bg="var(--mantine-color-gray-0)"
            data-testid="section"
          >
            <Group align="flex-start" gap="sm" wrap="nowrap">
              <Stack gap="xs" style={{ flex: 1 }}>
                <TextInput
                  aria-label={`Section ${n} title`}
                  placeholder="Section title"
                  value={s.title}
                  onChange={(e) => update(i, { title: e.currentTarget.value })}
                  error={errorFor(i, 'title')}
                  readOnly={readOnly}
                  fw={600}
                  data-testid="section-title"
                />
                <Textarea
                  aria-label={`Section ${n} text`}
                  placeholder="Text (plain text or Markdown)"
                  autosize
                  minRows={3}
                  maxRows={16}
                  value={s.body}
                  onChange={(e) => update(i, { body: e.currentTarget.value })}
                  error={errorFor(i, 'body')}
                  readOnly={readOnly}
                  data-testid="section-body"
                />
              </Stack>
              {!readOnly && (
                <Stack gap={2}>
                  <ActionIcon
                    variant="subtle"
                    color="gray"
                    aria-label={`Move section ${n} up`}
                    disabled={i === 0}
                    onClick={() => onChange(moveItem(sections, i, i - 1))}
                  >
                    <IconArrowUp size={15} />
                  </ActionIcon>
                  <ActionIcon
                    variant="subtle"
                    color="gray"
                    aria-label={`Move section ${n} down`}
                    disabled={i === sections.length - 1}
                    onClick={() => onChange(moveItem(sections, i, i + 1))}
                  >
                    <IconArrowDown size={15} />
                  </ActionIcon>
                  <ActionIcon
                    variant="subtle"
                    color="red"
                    aria-label={`Remove section ${n}`}
                    onClick={() => onChange(sections.filter((_, j) => j !== i))}
                  >
                    <IconTrash size={15} />
                  </ActionIcon>
                </Stack>
              )}
            </Group>
          </Paper>
        )
      })}
      {!readOnly && (
        <Group>
          <Button
            variant="default"
            leftSection={<IconPlus size={16} />}
            onClick={() => onChange([...sections, { key: newKey(), title: '', body: '' }])}
            data-testid="add-section"
          >
            Add section
          </Button>
        </Group>
      )}
    </Stack>
  )
}
