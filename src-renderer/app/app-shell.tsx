import { AppShell, Badge, Group, NavLink, ScrollArea, Text, ThemeIcon } from '@mantine/core'
import { IconFileDescription } from '@tabler/icons-react'
import { useQuery } from '@tanstack/react-query'
import { useEffect } from 'react'
import { useApi } from './api-context.tsx'
import { hrefFor, matchPath, navigate, useLocation } from './router.tsx'
import { DEFAULT_PATH, routes } from './routes.tsx'
import { NotFound } from '../components/not-found.tsx'
import { SyncIndicator } from '../features/sync/sync-indicator.tsx'

export function Shell() {
  const api = useApi()
  const location = useLocation()
  const info = useQuery({ queryKey: ['app.info'], queryFn: () => api.call('app.info', {}) })

  let element = null
  for (const r of routes) {
    const params = matchPath(r.path, location.path)
    if (params) {
      element = r.element(params)
      break
    }
  }
  useEffect(() => {
    if (location.path === '/') navigate(DEFAULT_PATH, { replace: true, force: true })
  }, [location.path])

  return (
    <AppShell
      layout="alt"
      navbar={{ width: 232, breakpoint: 0 }}
      header={{ height: 40 }}
      padding="lg"
    >
      <AppShell.Header
        px="lg"
        withBorder
        style={{ display: 'flex', alignItems: 'center', justifyContent: 'flex-end' }}
        data-testid="shell-header"
      >
        <SyncIndicator />
      </AppShell.Header>
      <AppShell.Navbar p="sm" data-testid="nav">
        <Group gap="xs" px="xs" pt={4} pb="md">
          <ThemeIcon variant="filled" size="md" radius="sm">
            <IconFileDescription size={18} stroke={1.8} />
          </ThemeIcon>
          <Text fw={700} size="md">
            ProposalDesk
          </Text>
        </Group>
        <AppShell.Section grow component={ScrollArea}>
          {routes
            .filter((r) => r.nav)
            .map((r) => {
              const Icon = r.icon
              const active = location.path === r.path || location.path.startsWith(`${r.path}/`)
              return (
                <NavLink
                  key={r.path}
                  href={hrefFor(r.path)}
                  label={r.label}
                  active={active}
                  leftSection={<Icon size={18} stroke={1.6} />}
                  data-testid={`nav-${r.path.slice(1)}`}
                  style={{ borderRadius: 'var(--mantine-radius-sm)' }}
                  mb={2}
                  onClick={(e) => {
                    if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey) return
                    e.preventDefault()
                    navigate(r.path)
                  }}
                />
              )
            })}
        </AppShell.Section>
        <AppShell.Section px="xs" pt="sm">
          {info.data && (
            <Group gap={6} wrap="nowrap">
              <Badge
                size="xs"
                variant="light"
                color={info.data.host === 'electron' ? 'indigo' : 'gray'}
              >
                {info.data.host === 'electron' ? 'Desktop' : 'Browser'}
              </Badge>
              <Text size="xs" c="dimmed">
                v{info.data.version}
              </Text>
            </Group>
          )}
        </AppShell.Section>
      </AppShell.Navbar>
      <AppShell.Main bg="var(--mantine-color-gray-0)" mih="100vh">
        {element ?? (location.path === '/' ? null : <NotFound />)}
      </AppShell.Main>
    </AppShell>
  )
}
