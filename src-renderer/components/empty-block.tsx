import { Stack, Text, ThemeIcon } from '@mantine/core'
import type { ReactNode } from 'react'

export function EmptyBlock({
  icon,
  title,
  description,
  action,
  testId = 'empty-state',
}: {
  icon?: ReactNode
  title: string
  description?: ReactNode
  action?: ReactNode
  testId?: string
}) {
  return (
    <Stack align="center" gap={6} py={56} px="md" data-testid={testId}>
      {icon && (
        <ThemeIcon size={52} radius="xl" variant="light" color="gray" mb={6}>
          {icon}
        </ThemeIcon>
      )}
      <Text fw={600}>{title}</Text>
      {description && (
        <Text size="sm" c="dimmed" ta="center" maw={420}>
          {description}
        </Text>
      )}
      {action && <div style={{ marginTop: 10 }}>{action}</div>}
    </Stack>
  )
}
