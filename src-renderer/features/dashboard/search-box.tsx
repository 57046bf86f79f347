import { Group, Paper, Stack, Text, TextInput, UnstyledButton } from '@mantine/core'
import { useDebouncedValue } from '@mantine/hooks'
import { IconSearch } from '@tabler/icons-react'
import { useQuery } from '@tanstack/react-query'
import { useState } from 'react'
import { useApi } from '../../app/api-context.tsx'
import { navigate } from '../../app/router.tsx'
import { StatusBadge } from '../../components/status-badge.tsx'
import { money } from '../../lib/format.ts'
import { HighlightedText } from '../activity/highlighted-text.tsx'

/** Full-text search over every proposal (numbers, titles, clients, sections, lines). */
export function SearchBox() {
  const api = useApi()
  const [text, setText] = useState('')
  const [query] = useDebouncedValue(text.trim(), 150)
  const q = useQuery({
    queryKey: ['proposals', 'search', query],
    queryFn: () => api.call('search.proposals', { query, limit: 10 }),
    enabled: query !== '',
  })
  return (
    <Stack gap="xs">
      <TextInput
        leftSection={<IconSearch size={16} />}
        placeholder="Search proposals, clients, lines…"
        value={text}
        onChange={(e) => setText(e.currentTarget.value)}
        data-testid="global-search"
      />
      {query !== '' && (
        <Paper withBorder radius="md" p="xs" data-testid="search-results">
          {q.data?.length === 0 && <Text c="dimmed">No match.</Text>}
          {q.data?.map((h) => (
            <UnstyledButton
              key={h.id}
              onClick={() => navigate(`/proposals/${h.id}`)}
              w="100%"
              p={4}
            >
              <Group justify="space-between" wrap="nowrap">
                <Text size="sm" fw={600} lineClamp={1}>
                  <HighlightedText runs={h.highlights.number} /> ·{' '}
                  <HighlightedText runs={h.highlights.title} /> ·{' '}
                  <HighlightedText runs={h.highlights.client} />
                </Text>
                <Group gap="xs" wrap="nowrap">
                  <StatusBadge status={h.status} size="xs" />
                  <Text size="sm">{money(h.gross, h.currency)}</Text>
                </Group>
              </Group>
              {h.highlights.body.some((r) => r.match) && (
                <Text size="xs" c="dimmed" lineClamp={2}>
                  <HighlightedText runs={h.highlights.body} />
                </Text>
              )}
            </UnstyledButton>
          ))}
        </Paper>
      )}
    </Stack>
  )
}
