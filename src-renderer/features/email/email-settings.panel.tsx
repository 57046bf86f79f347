import {
  Alert,
  Button,
  Checkbox,
  Grid,
  Group,
  NumberInput,
  Paper,
  PasswordInput,
  SegmentedControl,
  Stack,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core'
import { notifications } from '@mantine/notifications'
import { IconAlertTriangle, IconCheck, IconInfoCircle, IconMailForward } from '@tabler/icons-react'
import { useQueryClient } from '@tanstack/react-query'
import { useEffect, useState } from 'react'
import type {
  EmailSettingsView,
  EmailTestResult,
  SmtpSecurity,
} from '../../../src-shared/ipc/email.contract.ts'
import { useApi } from '../../app/api-context.tsx'
import { apiFieldErrors, errorMessage } from '../../lib/errors.ts'
import { useEmailSettings } from './email-queries.ts'

interface Form {
  host: string
  port: number | ''
  security: SmtpSecurity
  user: string
  password: string
  removePassword: boolean
  fromName: string
  fromAddress: string
  ca: string
}

function toForm(v: EmailSettingsView): Form {
  return {
    host: v.host,
    port: v.port ?? '',
    security: v.security,
    user: v.user,
    password: '',
    removePassword: false,
    fromName: v.fromName,
    fromAddress: v.fromAddress,
    ca: v.ca,
  }
}

/**
 * SMTP settings. The password field is write-only: the stored password is never sent here; an
 * empty field keeps it.
 */
export function EmailSettingsPanel() {
  const api = useApi()
  const qc = useQueryClient()
  const settings = useEmailSettings()
  const [form, setForm] = useState<Form | null>(null)
  const [errors, setErrors] = useState<Record<string, string>>({})
  const [saving, setSaving] = useState(false)
  const [testTo, setTestTo] = useState('')
  const [testing, setTesting] = useState(false)
  const [test, setTest] = useState<EmailTestResult | null>(null)

  useEffect(() => {
    if (settings.data && form === null) setForm(toForm(settings.data))
  }, [settings.data, form])

  if (!form || !settings.data) return <Text c="dimmed">Loading…</Text>
  const view = settings.data
  const set = <K extends keyof Form>(k: K, v: Form[K]) => setForm({ ...form, [k]: v })

  const save = async (): Promise<boolean> => {
    setSaving(true)
    setErrors({})
    try {
      const saved = await api.call('email.saveSettings', {
        host: form.host,
        port: form.port === '' ? null : form.port,
        security: form.security,
        user: form.user,
        ...(form.removePassword
          ? { password: '' }
          : form.password
            ? { password: form.password }
            : {}),
        fromName: form.fromName,
        fromAddress: form.fromAddress,
        ca: form.ca,
      })
      qc.setQueryData(['email', 'settings'], saved)
      setForm(toForm(saved))
      notifications.show({ color: 'teal', message: 'Email settings saved' })
      return true
    } catch (err) {
      setErrors(apiFieldErrors(err))
      notifications.show({ color: 'red', title: 'Not saved', message: errorMessage(err) })
      return false
    } finally {
      setSaving(false)
    }
  }

  const sendTest = async () => {
    setTesting(true)
    setTest(null)
    try {
      if (!(await save())) return
      setTest(await api.call('email.sendTest', testTo.trim() ? { to: testTo.trim() } : {}))
    } catch (err) {
      notifications.show({ color: 'red', title: 'Test not sent', message: errorMessage(err) })
    } finally {
      setTesting(false)
    }
  }

  const defaultPort = form.security === 'tls' ? 465 : 587

  return (
    <Paper withBorder radius="md" p="lg" data-testid="email-settings">
      <Stack gap="md">
        {(view.envOverride.url || view.envOverride.from) && (
          <Alert color="blue" icon={<IconInfoCircle size={18} />}>
            {view.envOverride.url ? 'PROPOSALDESK_SMTP_URL' : ''}
            {view.envOverride.url && view.envOverride.from ? ' and ' : ''}
            {view.envOverride.from ? 'PROPOSALDESK_SMTP_FROM' : ''} are set in the environment and
            take precedence over these settings.
          </Alert>
        )}
        <Grid gap="md">
          <Grid.Col span={{ base: 12, sm: 8 }}>
            <TextInput
              label="Mail server (SMTP host)"
              placeholder="smtp.example.com"
              value={form.host}
              onChange={(e) => set('host', e.currentTarget.value)}
              error={errors.host}
              data-testid="smtp-host"
            />
          </Grid.Col>
          <Grid.Col span={{ base: 12, sm: 4 }}>
            <NumberInput
              label="Port"
              placeholder={String(defaultPort)}
              value={form.port}
              onChange={(v) => set('port', typeof v === 'number' ? v : '')}
              min={1}
              max={65535}
              allowDecimal={false}
              error={errors.port}
              data-testid="smtp-port"
            />
          </Grid.Col>
        </Grid>
        <div>
          <Text size="sm" fw={500} mb={4}>
            Security
          </Text>
          <SegmentedControl
            value={form.security}
            onChange={(v) => set('security', v)}
            data={[
              { label: 'STARTTLS (usually port 587)', value: 'starttls' },
              { label: 'TLS (usually port 465)', value: 'tls' },
            ]}
          />
          <Text size="xs" c="dimmed" mt={4}>
            The connection is always encrypted and the server’s certificate always verified.
          </Text>
        </div>
        <Grid gap="md">
          <Grid.Col span={{ base: 12, sm: 6 }}>
            <TextInput
              label="User name"
              value={form.user}
              onChange={(e) => set('user', e.currentTarget.value)}
              autoComplete="off"
              data-testid="smtp-user"
            />
          </Grid.Col>
          <Grid.Col span={{ base: 12, sm: 6 }}>
            <PasswordInput
              label="Password"
              description={
                view.hasPassword
                  ? `A password is stored (${view.secretStore}). Leave empty to keep it.`
                  : `Stored in: ${view.secretStore}`
              }
              placeholder={view.hasPassword ? '•••••••• (unchanged)' : ''}
              value={form.password}
              onChange={(e) => set('password', e.currentTarget.value)}
              disabled={form.removePassword}
              autoComplete="new-password"
              data-testid="smtp-password"
            />
            {view.hasPassword && (
              <Checkbox
                mt={6}
                size="xs"
                label="Remove the stored password"
                checked={form.removePassword}
                onChange={(e) => set('removePassword', e.currentTarget.checked)}
              />
            )}
          </Grid.Col>
        </Grid>
        <Grid gap="md">
          <Grid.Col span={{ base: 12, sm: 6 }}>
            <TextInput
              label="From name"
              value={form.fromName}
              onChange={(e) => set('fromName', e.currentTarget.value)}
              data-testid="smtp-from-name"
            />
          </Grid.Col>
          <Grid.Col span={{ base: 12, sm: 6 }}>
            <TextInput
              label="From address"
              placeholder="sales@example.com"
              value={form.fromAddress}
              onChange={(e) => set('fromAddress', e.currentTarget.value)}
              error={errors.fromAddress}
              data-testid="smtp-from-address"
            />
          </Grid.Col>
        </Grid>
        <Textarea
          label="Company CA certificate (optional)"
          description="Only if your network inspects encrypted traffic (antivirus, corporate proxy) and sending fails with “TLS certificate not trusted”. Paste the PEM text; it is trusted in addition to the system certificates."
          placeholder="-----BEGIN CERTIFICATE-----"
          value={form.ca}
          onChange={(e) => set('ca', e.currentTarget.value)}
          autosize
          minRows={2}
          maxRows={8}
          error={errors.ca}
          styles={{ input: { fontFamily: 'monospace', fontSize: 12 } }}
          data-testid="smtp-ca"
        />
        <Group justify="space-between" align="flex-end">
          <Group align="flex-end" gap="xs">
            <TextInput
              label="Send a test email to"
              placeholder={form.fromAddress || 'me@example.com'}
              value={testTo}
              onChange={(e) => setTestTo(e.currentTarget.value)}
              w={260}
              data-testid="smtp-test-to"
            />
            <Button
              variant="default"
              leftSection={<IconMailForward size={16} />}
              onClick={() => void sendTest()}
              loading={testing}
              data-testid="smtp-test"
            >
              Save and send test email
            </Button>
          </Group>
          <Button onClick={() => void save()} loading={saving} data-testid="smtp-save">
            Save
          </Button>
        </Group>
        {test && (
          <Alert
            color={test.delivered ? 'teal' : 'red'}
            icon={test.delivered ? <IconCheck size={18} /> : <IconAlertTriangle size={18} />}
            title={test.delivered ? `Test email sent to ${test.to}` : 'The test email was not sent'}
            data-testid="smtp-test-result"
          >
            {test.delivered ? 'Your email settings work.' : test.failure?.message}
            {test.failure?.serverResponse && (
              <Text size="xs" c="dimmed" mt={4}>
                Server said: {test.failure.serverResponse}
              </Text>
            )}
          </Alert>
        )}
      </Stack>
    </Paper>
  )
}
