import { Button, Code, Group, Paper, Stack, Text, Textarea, TextInput } from '@mantine/core'
import { notifications } from '@mantine/notifications'
import { useQueryClient } from '@tanstack/react-query'
import { useEffect, useState } from 'react'
import type { EmailTemplates } from '../../../src-shared/ipc/email.contract.ts'
import { useApi } from '../../app/api-context.tsx'
import { errorMessage } from '../../lib/errors.ts'
import { useEmailTemplates } from './email-queries.ts'

/** The subject and message every send dialog starts from, with `{{merge fields}}`. */
export function EmailTemplatesPanel() {
  const api = useApi()
  const qc = useQueryClient()
  const templates = useEmailTemplates()
  const [form, setForm] = useState<EmailTemplates | null>(null)
  const [saving, setSaving] = useState(false)

  useEffect(() => {
    if (templates.data && form === null) {
      setForm({ subject: templates.data.subject, message: templates.data.message })
    }
  }, [templates.data, form])

  if (!form || !templates.data) return <Text c="dimmed">Loading…</Text>
  const t = templates.data

  const save = async () => {
    setSaving(true)
    try {
      await api.call('email.templates.save', form)
      await qc.invalidateQueries({ queryKey: ['email'] })
      notifications.show({ color: 'teal', message: 'Templates saved' })
    } catch (err) {
      notifications.show({ color: 'red', title: 'Not saved', message: errorMessage(err) })
    } finally {
      setSaving(false)
    }
  }

  return (
    <Paper withBorder radius="md" p="lg" data-testid="email-templates">
      <Stack gap="md">
        <Text size="sm" c="dimmed">
          Merge fields:{' '}
          {t.mergeFields.map((f) => (
            <Code key={f} mr={6}>{`{{${f}}}`}</Code>
          ))}
        </Text>
        <TextInput
          label="Subject"
          value={form.subject}
          onChange={(e) =>
            setForm({ ...form, subject: e.currentTarget.value.replace(/[\r\n]/g, ' ') })
          }
          data-testid="template-subject"
        />
        <Textarea
          label="Message"
          value={form.message}
          onChange={(e) => setForm({ ...form, message: e.currentTarget.value })}
          autosize
          minRows={8}
          data-testid="template-message"
        />
        <Group justify="space-between">
          <Button variant="subtle" color="gray" onClick={() => setForm({ ...t.defaults })}>
            Restore the defaults
          </Button>
          <Button onClick={() => void save()} loading={saving} data-testid="template-save">
            Save templates
          </Button>
        </Group>
      </Stack>
    </Paper>
  )
}
