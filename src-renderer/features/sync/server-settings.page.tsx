import {
  Alert,
  Button,
  Checkbox,
  Grid,
  Group,
  NumberInput,
  Paper,
  PasswordInput,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core'
import { notifications } from '@mantine/notifications'
import { IconCheck, IconInfoCircle, IconPlugConnected, IconRefresh } from '@tabler/icons-react'
import { useQueryClient } from '@tanstack/react-query'
import { useEffect, useState } from 'react'
import type { SyncSettingsView, SyncTestResult } from '../../../src-shared/ipc/sync.contract.ts'
import { useApi } from '../../app/api-context.tsx'
import { PageHeader } from '../../components/page-header.tsx'
import { errorMessage } from '../../lib/errors.ts'
import { SyncIndicator } from './sync-indicator.tsx'
import { ago, useSyncSettings, useSyncStatus } from './sync-queries.ts'

interface Form {
  host: string
  port: number | ''
  database: string
  user: string
  password: string
  removePassword: boolean
  tlsCa: string
}

function toForm(v: SyncSettingsView): Form {
  return {
    host: v.host,
    port: v.port,
    database: v.database,
    user: v.user,
    password: '',
    removePassword: false,
    tlsCa: v.tlsCa ?? '',
  }
}

/**
 * Settings → Server. The password is write-only: the stored one never comes back here; leaving
 * the field empty keeps it.
 */
export function ServerSettingsPage() {
  const api = useApi()
  const qc = useQueryClient()
  const settings = useSyncSettings()
  const status = useSyncStatus()
  const [form, setForm] = useState<Form | null>(null)
  const [test, setTest] = useState<SyncTestResult | null>(null)
  const [busy, setBusy] = useState<'save' | 'test' | 'sync' | null>(null)

  useEffect(() => {
    if (settings.data && form === null) setForm(toForm(settings.data))
  }, [settings.data, form])

  if (!form || !settings.data) return <Text c="dimmed">Loading…</Text>
  const set = <K extends keyof Form>(k: K, v: Form[K]) => setForm({ ...form, [k]: v })
  const port = form.port === '' ? 3306 : form.port

  const save = async () => {
    setBusy('save')
    try {
      const view = await api.call('sync.saveSettings', {
        host: form.host,
        port,
        database: form.database,
        user: form.user,
        tlsCa: form.tlsCa.trim() || null,
        ...(form.removePassword
          ? { password: null }
          : form.password
            ? { password: form.password }
            : {}),
      })
      setForm(toForm(view))
      await qc.invalidateQueries({ queryKey: ['sync'] })
      notifications.show({
        color: 'teal',
        message: view.host ? 'Server settings saved' : 'Sync turned off',
      })
    } catch (e) {
      notifications.show({ color: 'red', message: errorMessage(e) })
    } finally {
      setBusy(null)
    }
  }
  const testNow = async () => {
    setBusy('test')
    try {
      setTest(
        await api.call('sync.testConnection', {
          host: form.host,
          port,
          database: form.database,
          user: form.user,
          tlsCa: form.tlsCa.trim() || null,
          ...(form.password ? { password: form.password } : {}),
        }),
      )
    } catch (e) {
      setTest({
        ok: false,
        message: errorMessage(e),
        serverVersion: null,
        schemaVersion: null,
        ms: 0,
      })
    } finally {
      setBusy(null)
    }
  }
  const syncNow = async () => {
    setBusy('sync')
    try {
      const r = await api.call('sync.now', {})
      notifications.show({
        color: r.conflicts > 0 ? 'orange' : 'teal',
        message: `Sent ${r.pushed}, received ${r.pulled}${r.conflicts ? `, ${r.conflicts} conflict(s) to review` : ''}`,
      })
    } catch (e) {
      notifications.show({ color: 'red', title: 'Sync failed', message: errorMessage(e) })
    } finally {
      setBusy(null)
      await qc.invalidateQueries({ queryKey: ['sync'] })
    }
  }
  const s = status.data

  return (
    <>
      <PageHeader
        title="Server"
        subtitle="Share clients, products and proposals through your organisation's MySQL/MariaDB server"
        actions={<SyncIndicator />}
      />
      <Grid>
        <Grid.Col span={{ base: 12, md: 7 }}>
          <Paper withBorder p="md">
            <Stack gap="sm">
              <Group grow>
                <TextInput
                  label="Host"
                  placeholder="db.example.com"
                  value={form.host}
                  onChange={(e) => set('host', e.currentTarget.value)}
                  data-testid="sync-host"
                />
                <NumberInput
                  label="Port"
                  min={1}
                  max={65535}
                  value={form.port}
                  onChange={(v) => set('port', typeof v === 'number' ? v : '')}
                  maw={140}
                />
              </Group>
              <Group grow>
                <TextInput
                  label="Database"
                  value={form.database}
                  onChange={(e) => set('database', e.currentTarget.value)}
                  data-testid="sync-database"
                />
                <TextInput
                  label="User"
                  value={form.user}
                  onChange={(e) => set('user', e.currentTarget.value)}
                  data-testid="sync-user"
                />
              </Group>
              <PasswordInput
                label="Password"
                description={
                  settings.data.passwordSet
                    ? `A password is stored (${settings.data.secretStore}). Leave empty to keep it.`
                    : `Kept in ${settings.data.secretStore}; never shown again.`
                }
                value={form.password}
                disabled={form.removePassword}
                onChange={(e) => set('password', e.currentTarget.value)}
                autoComplete="new-password"
                data-testid="sync-password"
              />
              {settings.data.passwordSet && (
                <Checkbox
                  label="Remove the stored password"
                  checked={form.removePassword}
                  onChange={(e) => set('removePassword', e.currentTarget.checked)}
                />
              )}
              <Textarea
                label="TLS certificate authority (PEM)"
                description="Paste the CA certificate your administrator gave you. With it, the connection is encrypted and the server is verified."
                autosize
                minRows={2}
                maxRows={8}
                value={form.tlsCa}
                onChange={(e) => set('tlsCa', e.currentTarget.value)}
                styles={{ input: { fontFamily: 'monospace', fontSize: 12 } }}
              />
              <Group justify="space-between">
                <Button
                  variant="default"
                  leftSection={<IconPlugConnected size={16} />}
                  loading={busy === 'test'}
                  onClick={() => void testNow()}
                  data-testid="sync-test"
                >
                  Test connection
                </Button>
                <Button
                  leftSection={<IconCheck size={16} />}
                  loading={busy === 'save'}
                  onClick={() => void save()}
                  data-testid="sync-save"
                >
                  Save
                </Button>
              </Group>
              {test && (
                <Alert
                  color={test.ok ? 'teal' : 'orange'}
                  icon={<IconInfoCircle size={16} />}
                  data-testid="sync-test-result"
                >
                  {test.message}
                  {test.ok ? ` (${test.ms} ms)` : ''}
                </Alert>
              )}
            </Stack>
          </Paper>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 5 }}>
          <Paper withBorder p="md" data-testid="sync-status">
            <Title order={4} mb="xs">
              Status
            </Title>
            {!s?.configured ? (
              <Text c="dimmed" size="sm">
                No server set: this computer works on its own. Everything you do is kept and will be
                sent once a server is set.
              </Text>
            ) : (
              <Stack gap={6}>
                <Text size="sm">Last sync: {ago(s.lastSyncAt)}</Text>
                <Text size="sm">Changes waiting to be sent: {s.pendingChanges}</Text>
                <Text size="sm">Open conflicts: {s.conflicts}</Text>
                {s.lastError && (
                  <Alert color="orange" p="xs">
                    {s.lastError}
                  </Alert>
                )}
                {s.lastReport && (
                  <Text size="xs" c="dimmed">
                    Last session: sent {s.lastReport.pushed}, received {s.lastReport.pulled} in{' '}
                    {s.lastReport.ms} ms
                  </Text>
                )}
                <Button
                  mt="xs"
                  leftSection={<IconRefresh size={16} />}
                  loading={busy === 'sync' || s.state === 'syncing'}
                  onClick={() => void syncNow()}
                  data-testid="sync-now"
                >
                  Sync now
                </Button>
              </Stack>
            )}
          </Paper>
        </Grid.Col>
      </Grid>
    </>
  )
}
