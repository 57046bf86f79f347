import {
  Alert,
  Anchor,
  Button,
  Group,
  Loader,
  Modal,
  Paper,
  SegmentedControl,
  Stack,
  TagsInput,
  Text,
  Textarea,
  TextInput,
  ThemeIcon,
} from '@mantine/core'
import {
  IconAlertTriangle,
  IconCheck,
  IconClockHour4,
  IconFileTypePdf,
  IconSend,
} from '@tabler/icons-react'
import { useQuery, useQueryClient } from '@tanstack/react-query'
import { useEffect, useRef, useState } from 'react'
import { MissingGlyphsNotice } from '../proposals/editor/pdf-export.tsx'
import { z } from 'zod'
import type { EmailSendResult } from '../../../src-shared/ipc/email.contract.ts'
import { useApi } from '../../app/api-context.tsx'
import { hrefFor } from '../../app/router.tsx'
import { apiFieldErrors, errorMessage } from '../../lib/errors.ts'
import { formatBytes } from './email-queries.ts'

const isEmail = (v: string): boolean => z.email().safeParse(v.trim()).success

export interface SendProposalDialogProps {
  /** The proposal to send; its current PDF (cached export) is attached by the main process. */
  proposalId: string
  opened: boolean
  onClose: () => void
  /** Called after the message was accepted by the server or queued in the outbox. */
  onSent?: (result: EmailSendResult) => void
}

function AddressInput({
  label,
  value,
  onChange,
  suggestions,
  error,
  testId,
}: {
  label: string
  value: string[]
  onChange: (v: string[]) => void
  suggestions: string[]
  error?: string | undefined
  testId: string
}) {
  const invalid = value.filter((v) => !isEmail(v))
  return (
    <TagsInput
      label={label}
      value={value}
      onChange={(v) => onChange(v.map((x) => x.trim()).filter((x) => x !== ''))}
      data={suggestions.filter((s) => !value.includes(s))}
      splitChars={[',', ';', ' ']}
      acceptValueOnBlur
      clearable
      placeholder="name@example.com"
      error={error ?? (invalid.length > 0 ? `Not an email address: ${invalid.join(', ')}` : null)}
      data-testid={testId}
    />
  )
}

/**
 * The send dialog on a proposal: recipients from the client plus free addresses, cc/bcc,
 * subject and message from the templates, a preview, and the PDF facts (name, size, SHA-256) of
 * the exact file the main process attaches.
 */
export function SendProposalDialog({
  proposalId,
  opened,
  onClose,
  onSent,
}: SendProposalDialogProps) {
  const api = useApi()
  const qc = useQueryClient()
  const compose = useQuery({
    queryKey: ['email', 'compose', proposalId],
    queryFn: () => api.call('email.compose', { proposalId }),
    enabled: opened,
    staleTime: 0,
  })
  const [to, setTo] = useState<string[]>([])
  const [cc, setCc] = useState<string[]>([])
  const [bcc, setBcc] = useState<string[]>([])
  const [subject, setSubject] = useState('')
  const [message, setMessage] = useState('')
  const [view, setView] = useState<'edit' | 'preview'>('edit')
  const [sending, setSending] = useState(false)
  const [result, setResult] = useState<EmailSendResult | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({})

  const c = compose.data
  // Fill the form once per opening. The compose data refetches after a send (the outbox and the
  // proposal changed); refilling then would wipe the outcome and offer a second send.
  const filled = useRef(false)
  useEffect(() => {
    if (!opened) {
      filled.current = false
      return
    }
    if (!c || filled.current) return
    filled.current = true
    setTo(c.to.map((t) => t.address))
    setCc([])
    setBcc([])
    setSubject(c.subject)
    setMessage(c.message)
    setResult(null)
    setError(null)
    setFieldErrors({})
    setView('edit')
  }, [opened, c])

  const all = [...to, ...cc, ...bcc]
  const valid =
    to.length > 0 && all.every(isEmail) && subject.trim() !== '' && !/[\r\n]/.test(subject)

  const send = async () => {
    setSending(true)
    setError(null)
    setFieldErrors({})
    try {
      const r = await api.call('email.send', {
        proposalId,
        to: to.map((x) => x.trim()),
        cc: cc.map((x) => x.trim()),
        bcc: bcc.map((x) => x.trim()),
        subject,
        message,
      })
      setResult(r)
      void qc.invalidateQueries({ queryKey: ['email'] })
      void qc.invalidateQueries({ queryKey: ['proposals'] })
      if (r.status === 'sent' || r.status === 'queued') onSent?.(r)
    } catch (err) {
      const fe = apiFieldErrors(err)
      setFieldErrors(fe)
      setError(errorMessage(err))
    } finally {
      setSending(false)
    }
  }

  const suggestions = c?.suggestions.map((s) => s.address) ?? []

  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title="Send proposal by email"
      size="lg"
      data-testid="send-dialog"
    >
      {compose.isLoading ? (
        <Group justify="center" p="xl">
          <Loader size="sm" />
          <Text size="sm" c="dimmed">
            Preparing the PDF…
          </Text>
        </Group>
      ) : compose.error ? (
        <Alert color="red" icon={<IconAlertTriangle size={18} />} title="Cannot prepare the email">
          {errorMessage(compose.error)}
        </Alert>
      ) : c ? (
        <Stack gap="sm">
          {!c.configured && (
            <Alert
              color="orange"
              icon={<IconAlertTriangle size={18} />}
              data-testid="send-not-configured"
            >
              Email is not set up yet.{' '}
              <Anchor href={hrefFor('/email/settings')}>Enter your mail server</Anchor> to send.
            </Alert>
          )}
          {!result && <MissingGlyphsNotice proposalId={proposalId} version={c.attachment.sha256} />}
          {result ? (
            <SendOutcome result={result} onClose={onClose} />
          ) : (
            <>
              <SegmentedControl
                value={view}
                onChange={(v) => setView(v)}
                data={[
                  { label: 'Edit', value: 'edit' },
                  { label: 'Preview', value: 'preview' },
                ]}
                size="xs"
                w={180}
              />
              {view === 'edit' ? (
                <>
                  <AddressInput
                    label="To"
                    value={to}
                    onChange={setTo}
                    suggestions={suggestions}
                    error={fieldErrors.to}
                    testId="send-to"
                  />
                  <AddressInput
                    label="Cc"
                    value={cc}
                    onChange={setCc}
                    suggestions={suggestions}
                    error={fieldErrors.cc}
                    testId="send-cc"
                  />
                  <AddressInput
                    label="Bcc"
                    value={bcc}
                    onChange={setBcc}
                    suggestions={suggestions}
                    error={fieldErrors.bcc}
                    testId="send-bcc"
                  />
                  <TextInput
                    label="Subject"
                    value={subject}
                    onChange={(e) => setSubject(e.currentTarget.value)}
                    error={fieldErrors.subject}
                    data-testid="send-subject"
                  />
                  <Textarea
                    label="Message"
                    value={message}
                    onChange={(e) => setMessage(e.currentTarget.value)}
                    autosize
                    minRows={6}
                    maxRows={14}
                    error={fieldErrors.message}
                    data-testid="send-message"
                  />
                </>
              ) : (
                <Paper withBorder p="md" radius="md" data-testid="send-preview">
                  <Text size="sm">
                    <b>From:</b> {c.from ? `${c.from.name} <${c.from.address}>` : '(not set up)'}
                  </Text>
                  <Text size="sm">
                    <b>To:</b> {to.join(', ') || '—'}
                  </Text>
                  {cc.length > 0 && (
                    <Text size="sm">
                      <b>Cc:</b> {cc.join(', ')}
                    </Text>
                  )}
                  {bcc.length > 0 && (
                    <Text size="sm">
                      <b>Bcc:</b> {bcc.join(', ')}
                    </Text>
                  )}
                  <Text size="sm" mb="sm">
                    <b>Subject:</b> {subject}
                  </Text>
                  <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
                    {message}
                  </Text>
                </Paper>
              )}
              <Group gap="sm" wrap="nowrap" data-testid="send-attachment">
                <ThemeIcon variant="light" color="red" radius="md">
                  <IconFileTypePdf size={18} />
                </ThemeIcon>
                <div style={{ minWidth: 0 }}>
                  <Text size="sm" fw={500} truncate>
                    {c.attachment.name}
                  </Text>
                  <Text size="xs" c="dimmed" title={`SHA-256 ${c.attachment.sha256}`}>
                    {formatBytes(c.attachment.bytes)} · the PDF of the current version, exactly as
                    exported
                  </Text>
                </div>
              </Group>
              {error && (
                <Alert color="red" icon={<IconAlertTriangle size={18} />} data-testid="send-error">
                  {error}
                </Alert>
              )}
              <Group justify="flex-end">
                <Button variant="default" onClick={onClose}>
                  Cancel
                </Button>
                <Button
                  leftSection={<IconSend size={16} />}
                  onClick={() => void send()}
                  loading={sending}
                  disabled={!valid || !c.configured}
                  data-testid="send-submit"
                >
                  Send
                </Button>
              </Group>
            </>
          )}
        </Stack>
      ) : null}
    </Modal>
  )
}

function SendOutcome({ result, onClose }: { result: EmailSendResult; onClose: () => void }) {
  const outcome =
    result.status === 'sent'
      ? {
          color: 'teal',
          icon: <IconCheck size={18} />,
          title: 'Sent',
          text: 'The mail server accepted the message. The proposal is now marked as sent.',
        }
      : result.status === 'queued'
        ? {
            color: 'orange',
            icon: <IconClockHour4 size={18} />,
            title: 'Queued in the outbox',
            text:
              result.failure?.message ??
              'It will be sent automatically as soon as the mail server can be reached.',
          }
        : {
            color: result.status === 'unknown' ? 'yellow' : 'red',
            icon: <IconAlertTriangle size={18} />,
            title: result.status === 'unknown' ? 'May have been sent' : 'Not sent',
            text: result.failure?.message ?? 'Sending failed.',
          }
  return (
    <Stack gap="sm" data-testid="send-result" data-status={result.status}>
      <Alert color={outcome.color} icon={outcome.icon} title={outcome.title}>
        {outcome.text}
        {result.failure?.serverResponse && (
          <Text size="xs" c="dimmed" mt={4}>
            Server said: {result.failure.serverResponse}
          </Text>
        )}
      </Alert>
      <Group justify="space-between">
        <Anchor href={hrefFor('/outbox')} size="sm">
          Open the outbox
        </Anchor>
        <Button onClick={onClose}>Close</Button>
      </Group>
    </Stack>
  )
}

/** A "Send by email" button that opens the dialog: drop-in for the proposal editor's toolbar. */
export function SendProposalButton({
  proposalId,
  disabled,
  onSent,
}: {
  proposalId: string
  disabled?: boolean
  onSent?: (result: EmailSendResult) => void
}) {
  const [opened, setOpened] = useState(false)
  return (
    <>
      <Button
        variant="default"
        leftSection={<IconSend size={16} />}
        onClick={() => setOpened(true)}
        disabled={disabled}
        data-testid="send-open"
      >
        Send by email
      </Button>
      {opened && (
        <SendProposalDialog
          proposalId={proposalId}
          opened={opened}
          onClose={() => setOpened(false)}
          onSent={onSent}
        />
      )}
    </>
  )
}
