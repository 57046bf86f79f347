import { Alert, Button, Group, Paper, Progress, Stack, Text, ThemeIcon } from '@mantine/core'
import { notifications } from '@mantine/notifications'
import { useQuery } from '@tanstack/react-query'
import {
  IconAlertTriangle,
  IconCheck,
  IconExternalLink,
  IconFolderOpen,
  IconRefresh,
  IconX,
} from '@tabler/icons-react'
import { useCallback, useEffect, useRef, useState } from 'react'
import type { PdfExportResult } from '../../../../src-shared/ipc/contract.ts'
import type { EventMap } from '../../../../src-shared/ipc/events.ts'
import { useApi } from '../../../app/api-context.tsx'
import { errorMessage } from '../../../lib/errors.ts'

type Phase = EventMap['pdf.progress']['phase']

export interface PdfExportState {
  running: boolean
  phase: Phase | 'starting'
  progress: number
  message: string | null
  result: PdfExportResult | null
  error: string | null
  /** Progress phases received for this run (lets tests and support see that progress arrived). */
  seen: string[]
}

const PHASE_TEXT: Record<PdfExportState['phase'], string> = {
  starting: 'Starting…',
  queued: 'Waiting for a free PDF worker…',
  rendering: 'Rendering pages…',
  writing: 'Saving the file…',
  done: 'Done',
  failed: 'Failed',
  cancelled: 'Cancelled',
}

/**
 * Runs `pdf.export` without blocking anything: the call is a promise, progress arrives as
 * 'pdf.progress' events for this proposal.
 */
export function usePdfExport(proposalId: string | null) {
  const api = useApi()
  const [state, setState] = useState<PdfExportState | null>(null)
  const running = useRef(false)

  useEffect(() => {
    if (!proposalId) return
    return api.on('pdf.progress', (e) => {
      if (e.proposalId !== proposalId || !running.current) return
      setState((s) =>
        s
          ? {
              ...s,
              phase: e.phase,
              progress: Math.max(s.progress, e.progress),
              message: e.message ?? null,
              seen: s.seen.includes(e.phase) ? s.seen : [...s.seen, e.phase],
            }
          : s,
      )
    })
  }, [api, proposalId])

  const start = useCallback(
    async (id: string, force: boolean) => {
      running.current = true
      setState({
        running: true,
        phase: 'starting',
        progress: 0,
        message: null,
        result: null,
        error: null,
        seen: [],
      })
      try {
        const result = await api.call('pdf.export', { proposalId: id, force })
        setState((s) => ({
          running: false,
          phase: 'done',
          progress: 1,
          message: null,
          result,
          error: null,
          seen: s?.seen ?? [],
        }))
      } catch (err) {
        setState((s) => ({
          running: false,
          phase: 'failed',
          progress: s?.progress ?? 0,
          message: null,
          result: null,
          error: errorMessage(err),
          seen: s?.seen ?? [],
        }))
      } finally {
        running.current = false
      }
    },
    [api],
  )

  const cancel = useCallback(async () => {
    if (!proposalId) return
    await api.call('pdf.cancel', { proposalId })
  }, [api, proposalId])

  return { state, start, cancel, dismiss: () => setState(null) }
}

function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(0)} KB`
  return `${(n / 1024 / 1024).toFixed(1)} MB`
}

export function PdfExportPanel({
  proposalId,
  state,
  onRegenerate,
  onCancel,
  onDismiss,
}: {
  proposalId: string
  state: PdfExportState
  onRegenerate: () => void
  onCancel: () => void
  onDismiss: () => void
}) {
  const api = useApi()
  const r = state.result

  const open = async () => {
    try {
      const res = await api.call('pdf.open', { proposalId })
      if (res.url) window.open(res.url, '_blank', 'noopener')
      else if (!res.opened)
        notifications.show({ color: 'orange', message: 'No PDF viewer could open the file.' })
    } catch (err) {
      notifications.show({
        color: 'red',
        title: 'Could not open the PDF',
        message: errorMessage(err),
      })
    }
  }
  const reveal = async () => {
    try {
      const res = await api.call('pdf.reveal', { proposalId })
      if (!res.revealed)
        notifications.show({ title: 'Saved at', message: res.path, autoClose: 10_000 })
    } catch (err) {
      notifications.show({
        color: 'red',
        title: 'Could not show the file',
        message: errorMessage(err),
      })
    }
  }

  return (
    <Paper
      withBorder
      radius="md"
      p="md"
      mb="lg"
      data-testid="pdf-panel"
      data-phases={state.seen.join(',')}
      aria-live="polite"
    >
      {state.running ? (
        <Stack gap="xs" data-testid="pdf-progress">
          <Group justify="space-between">
            <Text size="sm" fw={500}>
              Exporting PDF — {state.message ?? PHASE_TEXT[state.phase]}
            </Text>
            <Button
              size="xs"
              variant="subtle"
              color="gray"
              leftSection={<IconX size={14} />}
              onClick={onCancel}
            >
              Cancel
            </Button>
          </Group>
          <Progress
            value={Math.round(state.progress * 100)}
            animated
            striped={state.progress === 0}
            aria-label="PDF export progress"
            data-testid="pdf-progress-bar"
          />
        </Stack>
      ) : state.error ? (
        <Group justify="space-between" wrap="nowrap" data-testid="pdf-error">
          <Group gap="sm" wrap="nowrap">
            <ThemeIcon color="red" variant="light" radius="xl">
              <IconAlertTriangle size={16} />
            </ThemeIcon>
            <Text size="sm">PDF export failed: {state.error}</Text>
          </Group>
          <Group gap="xs">
            <Button size="xs" variant="default" onClick={onRegenerate}>
              Try again
            </Button>
            <Button size="xs" variant="subtle" color="gray" onClick={onDismiss}>
              Dismiss
            </Button>
          </Group>
        </Group>
      ) : r ? (
        <Stack gap="sm" data-testid="pdf-result" data-cached={r.cached ? 'true' : 'false'}>
          <Group justify="space-between" wrap="nowrap">
            <Group gap="sm" wrap="nowrap">
              <ThemeIcon color="teal" variant="light" radius="xl">
                <IconCheck size={16} />
              </ThemeIcon>
              <div>
                <Text size="sm" fw={600} data-testid="pdf-status">
                  {r.cached
                    ? 'PDF ready (cached — unchanged since the last export)'
                    : 'PDF ready (rendered)'}
                </Text>
                <Text size="xs" c="dimmed">
                  {r.fileName} · {r.pages} {r.pages === 1 ? 'page' : 'pages'} ·{' '}
                  {formatBytes(r.bytes)}
                  {r.cached
                    ? ''
                    : ` · ${r.ms >= 1000 ? `${(r.ms / 1000).toFixed(1)} s` : `${Math.round(r.ms)} ms`}`}
                </Text>
              </div>
            </Group>
            <Group gap="xs" wrap="nowrap">
              <Button
                size="xs"
                leftSection={<IconExternalLink size={14} />}
                onClick={() => void open()}
                data-testid="pdf-open"
              >
                Open
              </Button>
              <Button
                size="xs"
                variant="default"
                leftSection={<IconFolderOpen size={14} />}
                onClick={() => void reveal()}
                data-testid="pdf-reveal"
              >
                Show file
              </Button>
              <Button
                size="xs"
                variant="default"
                leftSection={<IconRefresh size={14} />}
                onClick={onRegenerate}
                data-testid="pdf-regenerate"
              >
                Regenerate
              </Button>
              <Button
                size="xs"
                variant="subtle"
                color="gray"
                onClick={onDismiss}
                aria-label="Close PDF panel"
              >
                <IconX size={14} />
              </Button>
            </Group>
          </Group>
          {r.missingGlyphs.length > 0 && (
            <Alert
              color="orange"
              variant="light"
              icon={<IconAlertTriangle size={18} />}
              title="Some characters cannot be drawn"
              data-testid="pdf-missing-glyphs"
            >
              The bundled fonts have no glyph for:{' '}
              {r.missingGlyphs.map((g) => `${g.char} (${g.codePoint})`).join(', ')}. In the PDF they
              are shown as �.
            </Alert>
          )}
        </Stack>
      ) : null}
    </Paper>
  )
}

/**
 * Before any export: characters of the saved proposal no bundled font can draw. Shown in the
 * editor so the user can fix the text before the PDF goes to the client.
 */
export function MissingGlyphsNotice({
  proposalId,
  version,
}: {
  proposalId: string
  /** Anything that changes with the proposal's content (its updatedAt, the PDF's hash). */
  version: string
}) {
  const api = useApi()
  const coverage = useQuery({
    queryKey: ['proposals', 'coverage', proposalId, version],
    queryFn: () => api.call('pdf.coverage', { proposalId }),
  })
  const missing = coverage.data?.missingGlyphs ?? []
  if (missing.length === 0) return null
  return (
    <Alert
      color="orange"
      variant="light"
      mb="lg"
      icon={<IconAlertTriangle size={18} />}
      title="Some characters cannot be drawn in the PDF"
      data-testid="pdf-coverage-warning"
    >
      The bundled fonts have no glyph for:{' '}
      {missing.map((g) => `${g.char} (${g.codePoint})`).join(', ')}. In the PDF they are shown as �;
      change the text if the client must read them.
    </Alert>
  )
}
