import { Button, Stack, Text, Title } from '@mantine/core'
import { navigate } from '../app/router.tsx'

export function NotFound({ what = 'Page' }: { what?: string }) {
  return (
    <Stack align="center" gap="sm" py={80} data-testid="not-found">
      <Title order={3}>{what} not found</Title>
      <Text c="dimmed">It may have been deleted, or the link is wrong.</Text>
      <Button variant="light" onClick={() => navigate('/proposals')}>
        Back to proposals
      </Button>
    </Stack>
  )
}
