import {
  Alert,
  Input,
  Button,
  Grid,
  Group,
  Loader,
  Menu,
  Paper,
  SegmentedControl,
  Stack,
  Switch,
  Text,
  Textarea,
  TextInput,
  Title,
  Tooltip,
} from '@mantine/core'
import { useHotkeys } from '@mantine/hooks'
import { notifications } from '@mantine/notifications'
import {
  IconAlertCircle,
  IconChevronDown,
  IconCopy,
  IconDeviceFloppy,
  IconDots,
  IconEye,
  IconFileTypePdf,
  IconTrash,
} from '@tabler/icons-react'
import { useQueryClient } from '@tanstack/react-query'
import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react'
import type {
  CompanySettings,
  Proposal,
  ProposalStatus,
} from '../../../src-shared/domain/proposal.types.ts'
import { revisionLetter } from '../../../src-shared/domain/numbering.ts'
import { STATUS_TRANSITIONS } from '../../../src-shared/domain/status-machine.ts'
import { ApiError } from '../../../src-shared/ipc/client.ts'
import { proposalFieldsSchema } from '../../../src-shared/ipc/schemas.ts'
import { useApi } from '../../app/api-context.tsx'
import { navigate, setNavigationGuard, useBeforeUnload } from '../../app/router.tsx'
import { useConfirm } from '../../components/confirm.tsx'
import { CurrencySelect } from '../../components/currency-select.tsx'
import { NotFound } from '../../components/not-found.tsx'
import { SampleBadge, STATUS_LABELS, StatusBadge } from '../../components/status-badge.tsx'
import {
  apiFieldErrors,
  errorMessage,
  summariseErrors,
  zodFieldErrors,
  type FieldErrors,
} from '../../lib/errors.ts'
import { formatTimestamp } from '../../lib/format.ts'
import { useProposal, useSettings } from '../../lib/queries.ts'
import { SendProposalButton } from '../email/send-proposal-dialog.tsx'
import { ClientPicker } from './editor/client-picker.tsx'
import {
  draftFromProposal,
  draftToFields,
  liveTotals,
  newDraft,
  type ProposalDraft,
} from './editor/editor-draft.ts'
import { LineItemsEditor } from './editor/line-items-editor.tsx'
import { MissingGlyphsNotice, PdfExportPanel, usePdfExport } from './editor/pdf-export.tsx'
import { PdfPreviewModal } from './editor/pdf-preview.tsx'
import { SectionsEditor } from './editor/sections-editor.tsx'
import { InsertFromLibraryButton } from '../library/library-picker.tsx'
import { useSaveAsTemplate } from '../templates/save-as-template.tsx'
import { TotalsPanel } from './editor/totals-panel.tsx'

/** Proposal id → `force`: an export requested before the save that gave the proposal its id. */
const pendingExports = new Map<string, boolean>()
/** Proposals whose preview was asked for before the save that gave them their id. */
const pendingPreviews = new Set<string>()

export function ProposalEditorPage({ id }: { id: string | null }) {
  const proposal = useProposal(id)
  const settings = useSettings()

  if (id !== null && proposal.isError) {
    if (proposal.error instanceof ApiError && proposal.error.code === 'not_found')
      return <NotFound what="Proposal" />
    return (
      <Alert color="red" title="Could not load the proposal" icon={<IconAlertCircle />}>
        {errorMessage(proposal.error)}
      </Alert>
    )
  }
  if (settings.isError) {
    return (
      <Alert color="red" title="Could not load the settings" icon={<IconAlertCircle />}>
        {errorMessage(settings.error)}
      </Alert>
    )
  }
  if ((id !== null && !proposal.data) || !settings.data) {
    return (
      <Group justify="center" py={80}>
        <Loader size="sm" />
      </Group>
    )
  }
  return <Editor loaded={id === null ? null : (proposal.data ?? null)} settings={settings.data} />
}

function Card({
  title,
  children,
  right,
  testId,
}: {
  title: string
  children: ReactNode
  right?: ReactNode
  testId?: string
}) {
  return (
    <Paper withBorder radius="md" p="lg" data-testid={testId}>
      <Group justify="space-between" mb="md">
        <Title order={4} fz={16}>
          {title}
        </Title>
        {right}
      </Group>
      {children}
    </Paper>
  )
}

function Editor({
  loaded: initial,
  settings,
}: {
  loaded: Proposal | null
  settings: CompanySettings
}) {
  const api = useApi()
  const qc = useQueryClient()
  const confirm = useConfirm()
  const [saved, setSaved] = useState<Proposal | null>(initial)
  const [baseline, setBaseline] = useState<ProposalDraft>(() =>
    initial ? draftFromProposal(initial) : newDraft(settings),
  )
  const [draft, setDraft] = useState<ProposalDraft>(baseline)
  const [touched, setTouched] = useState<Set<string>>(() => new Set())
  const [submitted, setSubmitted] = useState(false)
  const [serverErrors, setServerErrors] = useState<FieldErrors>({})
  const [saveError, setSaveError] = useState<string | null>(null)
  const [saving, setSaving] = useState(false)
  const pdf = usePdfExport(saved?.id ?? null)

  const fields = useMemo(() => draftToFields(draft), [draft])
  const dirty = useMemo(
    () => JSON.stringify(fields) !== JSON.stringify(draftToFields(baseline)),
    [fields, baseline],
  )
  const clientErrors = useMemo(() => {
    const r = proposalFieldsSchema.safeParse(fields)
    return r.success ? {} : zodFieldErrors(r.error)
  }, [fields])
  const totals = useMemo(() => liveTotals(draft), [draft])
  const readOnly = false

  const touch = useCallback((path: string) => {
    setTouched((t) => (t.has(path) ? t : new Set(t).add(path)))
    setServerErrors((e) => {
      if (!(path in e)) return e
      const { [path]: _omit, ...rest } = e
      return rest
    })
  }, [])

  const errorAt = (path: string, touchKey = path): string | undefined => {
    const shown = submitted || touched.has(touchKey)
    return (shown ? clientErrors[path] : undefined) ?? serverErrors[path]
  }

  const set = <K extends keyof ProposalDraft>(k: K, v: ProposalDraft[K]) => {
    touch(k)
    setDraft((d) => ({ ...d, [k]: v }))
  }

  // Unsaved-changes protection: in-app navigation asks; closing or reloading the page warns.
  const dirtyRef = useRef(dirty)
  dirtyRef.current = dirty
  useBeforeUnload(dirty)
  useEffect(
    () =>
      setNavigationGuard((proceed) => {
        if (!dirtyRef.current) return false
        void confirm({
          title: 'Discard unsaved changes?',
          message: 'This proposal has changes that are not saved. Leave and lose them?',
          confirmLabel: 'Discard changes',
          cancelLabel: 'Keep editing',
          danger: true,
        }).then((ok) => ok && proceed())
        return true
      }),
    [confirm],
  )

  const adopt = (p: Proposal) => {
    const d = draftFromProposal(p)
    setSaved(p)
    setBaseline(d)
    setDraft(d)
    setTouched(new Set())
    setSubmitted(false)
    setServerErrors({})
    setSaveError(null)
    qc.setQueryData(['proposals', 'get', p.id], p)
    void qc.invalidateQueries({ queryKey: ['proposals', 'list'] })
  }

  /** Saves; resolves with the stored proposal, or null when nothing was saved. */
  const save = async (
    opts: { thenExport?: boolean; thenPreview?: boolean } = {},
  ): Promise<Proposal | null> => {
    setSubmitted(true)
    if (Object.keys(clientErrors).length > 0) {
      setSaveError('Nothing was saved. Fix the highlighted fields first.')
      return null
    }
    if (saved && !dirty) return saved
    setSaving(true)
    setSaveError(null)
    try {
      const p = saved
        ? await api.call('proposals.update', {
            id: saved.id,
            patch: fields,
            expectedUpdatedAt: saved.updatedAt,
          })
        : await api.call('proposals.create', fields)
      const wasNew = !saved
      // Saving a sent-or-later proposal creates its next revision (another id); the sent one
      // stays as the client has it.
      const revised = !!saved && p.id !== saved.id
      adopt(p)
      notifications.show({
        message: wasNew
          ? `Created ${p.number}`
          : revised
            ? `Saved as a new revision of ${p.number}; the sent one is kept unchanged`
            : `Saved ${p.number}`,
        color: 'teal',
      })
      if (wasNew || revised) {
        // The editor remounts on the new id; it picks the export up from there.
        if (opts.thenExport !== undefined) pendingExports.set(p.id, opts.thenExport)
        if (opts.thenPreview) pendingPreviews.add(p.id)
        navigate(`/proposals/${p.id}`, { replace: !revised, force: true })
      }
      return p
    } catch (err) {
      const fe = apiFieldErrors(err)
      setServerErrors(fe)
      if (err instanceof ApiError && err.code === 'conflict') {
        setSaveError(
          'Someone else changed this proposal since you opened it. Copy your changes, then reload.',
        )
      } else {
        setSaveError(
          Object.keys(fe).length > 0
            ? 'Nothing was saved. Fix the highlighted fields first.'
            : errorMessage(err),
        )
      }
      return null
    } finally {
      setSaving(false)
    }
  }

  useHotkeys([['mod+S', () => void save(), { preventDefault: true }]], [])

  const exportPdf = async (force: boolean) => {
    const before = saved?.id
    const p = !saved || dirty ? await save({ thenExport: force }) : saved
    // A new id means this editor is being replaced; the new one runs the export.
    if (!p || p.id !== before) return
    await pdf.start(p.id, force)
  }

  // An export asked for before the first save (or before a new revision) continues here.
  const savedId = saved?.id
  const startExport = pdf.start
  useEffect(() => {
    if (!savedId || !pendingExports.has(savedId)) return
    const force = pendingExports.get(savedId) ?? false
    pendingExports.delete(savedId)
    void startExport(savedId, force)
  }, [savedId, startExport])

  const [previewOpen, setPreviewOpen] = useState(false)
  const openPreview = async () => {
    const before = saved?.id
    const p = !saved || dirty ? await save({ thenPreview: true }) : saved
    // A new id (first save, new revision) replaces this editor; the new one opens the preview.
    if (p && p.id === before) setPreviewOpen(true)
  }
  useEffect(() => {
    if (savedId && pendingPreviews.delete(savedId)) setPreviewOpen(true)
  }, [savedId])

  const setStatus = async (status: ProposalStatus) => {
    if (!saved) return
    try {
      const p = await api.call('proposals.setStatus', { id: saved.id, status })
      setSaved(p)
      qc.setQueryData(['proposals', 'get', p.id], p)
      void qc.invalidateQueries({ queryKey: ['proposals', 'list'] })
      notifications.show({
        message: `Marked as ${STATUS_LABELS[status].toLowerCase()}`,
        color: 'teal',
      })
    } catch (err) {
      notifications.show({
        color: 'red',
        title: 'Could not change the status',
        message: errorMessage(err),
      })
    }
  }

  // "Expired" follows from the valid-until date and is never stored, so it is not offered.
  const nextStatuses = saved ? STATUS_TRANSITIONS[saved.status].filter((s) => s !== 'expired') : []

  const saveAsTemplate = useSaveAsTemplate()

  const duplicate = async () => {
    const p = dirty ? await save() : saved
    if (!p) return
    try {
      const copy = await api.call('proposals.duplicate', { id: p.id })
      void qc.invalidateQueries({ queryKey: ['proposals', 'list'] })
      notifications.show({
        message: `Created ${copy.number} as a copy of ${p.number}`,
        color: 'teal',
      })
      navigate(`/proposals/${copy.id}`, { force: true })
    } catch (err) {
      notifications.show({ color: 'red', title: 'Could not duplicate', message: errorMessage(err) })
    }
  }

  const remove = async () => {
    if (!saved) {
      navigate('/proposals')
      return
    }
    const ok = await confirm({
      title: 'Delete proposal?',
      message: `${saved.number} "${saved.title}" will be deleted.`,
      confirmLabel: 'Delete',
      danger: true,
    })
    if (!ok) return
    try {
      await api.call('proposals.delete', { id: saved.id })
      qc.removeQueries({ queryKey: ['proposals', 'get', saved.id] })
      void qc.invalidateQueries({ queryKey: ['proposals', 'list'] })
      notifications.show({ message: `Deleted ${saved.number}`, color: 'gray' })
      navigate('/proposals', { force: true })
    } catch (err) {
      notifications.show({ color: 'red', title: 'Could not delete', message: errorMessage(err) })
    }
  }

  const allErrors = { ...(submitted ? clientErrors : {}), ...serverErrors }
  const summary = summariseErrors(allErrors)
  const lineError = (i: number, f: string) => {
    const key = draft.lines[i]?.key ?? ''
    return errorAt(`lines[${i}].${f}`, `${key}.${f}`)
  }

  return (
    <div data-testid="proposal-editor" data-dirty={dirty ? 'true' : 'false'}>
      <Group justify="space-between" align="flex-start" mb={6} wrap="nowrap" gap="md">
        {/* The number, badge and "unsaved" note keep their width; on a narrow window the actions
            wrap onto a second row instead of squeezing them ("S…"). */}
        <Group gap="sm" wrap="nowrap" mih={36} style={{ flexShrink: 0 }}>
          <Text ff="monospace" c="dimmed" size="sm" style={{ whiteSpace: 'nowrap', flexShrink: 0 }}>
            <span data-testid="proposal-number">{saved ? saved.number : 'New proposal'}</span>
            {saved && saved.revision > 0 && (
              <span data-testid="proposal-revision"> · Rev {revisionLetter(saved.revision)}</span>
            )}
          </Text>
          {saved && (
            <span style={{ flexShrink: 0, display: 'inline-flex' }}>
              <StatusBadge status={saved.status} />
            </span>
          )}
          {saved?.isSample && (
            <span style={{ flexShrink: 0, display: 'inline-flex' }}>
              <SampleBadge />
            </span>
          )}
          {dirty && (
            <Text
              size="xs"
              c="orange.8"
              fw={500}
              style={{ whiteSpace: 'nowrap' }}
              data-testid="unsaved-indicator"
            >
              Unsaved changes
            </Text>
          )}
        </Group>
        <Group gap="xs" justify="flex-end" style={{ minWidth: 0 }}>
          {saved && (
            <Menu position="bottom-end">
              <Menu.Target>
                <Button
                  variant="default"
                  rightSection={<IconChevronDown size={14} />}
                  data-testid="status-menu"
                >
                  Status: {STATUS_LABELS[saved.status]}
                </Button>
              </Menu.Target>
              <Menu.Dropdown>
                <Menu.Label>Change status</Menu.Label>
                {nextStatuses.length === 0 ? (
                  <Menu.Item disabled data-testid="status-final">
                    {STATUS_LABELS[saved.status]} is final
                  </Menu.Item>
                ) : (
                  nextStatuses.map((s) => (
                    <Menu.Item
                      key={s}
                      onClick={() => void setStatus(s)}
                      data-testid={`status-${s}`}
                    >
                      {STATUS_LABELS[s]}
                    </Menu.Item>
                  ))
                )}
              </Menu.Dropdown>
            </Menu>
          )}
          {saved && (
            <Tooltip label="Save your changes first" disabled={!dirty}>
              <span>
                <SendProposalButton
                  proposalId={saved.id}
                  disabled={dirty}
                  onSent={() => {
                    // Sending may move the status to "sent": show what the store now holds.
                    void api
                      .call('proposals.get', { id: saved.id })
                      .then(adopt)
                      .catch(() => undefined)
                  }}
                />
              </span>
            </Tooltip>
          )}
          <Button
            variant="default"
            leftSection={<IconEye size={16} />}
            onClick={() => void openPreview()}
            data-testid="preview-pdf"
          >
            Preview
          </Button>
          <Button
            variant="default"
            leftSection={<IconFileTypePdf size={16} />}
            onClick={() => void exportPdf(false)}
            loading={pdf.state?.running}
            data-testid="export-pdf"
          >
            Export PDF
          </Button>
          <Tooltip label="Save (Ctrl+S)">
            <Button
              leftSection={<IconDeviceFloppy size={16} />}
              onClick={() => void save()}
              loading={saving}
              disabled={!!saved && !dirty}
              data-testid="save-proposal"
            >
              Save
            </Button>
          </Tooltip>
          <Menu position="bottom-end">
            <Menu.Target>
              <Button variant="default" px={8} aria-label="More actions" data-testid="more-actions">
                <IconDots size={16} />
              </Button>
            </Menu.Target>
            <Menu.Dropdown>
              <Menu.Item
                leftSection={<IconCopy size={14} />}
                disabled={!saved}
                onClick={() => void duplicate()}
                data-testid="duplicate-proposal"
              >
                Duplicate
              </Menu.Item>
              <Menu.Item
                leftSection={<IconFileTypePdf size={14} />}
                disabled={!saved}
                onClick={() => void exportPdf(true)}
              >
                Regenerate PDF
              </Menu.Item>
              <Menu.Item
                disabled={!saved}
                onClick={() => saved && navigate(`/proposals/${saved.id}/history`)}
                data-testid="proposal-history"
              >
                History and revisions
              </Menu.Item>
              <Menu.Item
                disabled={!saved}
                onClick={() => saved && saveAsTemplate.open(saved.id, saved.title)}
                data-testid="save-as-template"
              >
                Save as template
              </Menu.Item>
              <Menu.Divider />
              <Menu.Item
                color="red"
                leftSection={<IconTrash size={14} />}
                onClick={() => void remove()}
                data-testid="delete-proposal"
              >
                {saved ? 'Delete' : 'Discard'}
              </Menu.Item>
            </Menu.Dropdown>
          </Menu>
        </Group>
      </Group>
      <Title order={2} fz={24} lineClamp={2} data-testid="page-title">
        {draft.title || 'Untitled proposal'}
      </Title>
      <Text size="xs" c="dimmed" mt={4} mb="lg">
        {saved ? `Last saved ${formatTimestamp(saved.updatedAt)}` : 'Not saved yet'}
      </Text>

      {saved && <MissingGlyphsNotice proposalId={saved.id} version={saved.updatedAt} />}

      {saved && pdf.state && (
        <PdfExportPanel
          proposalId={saved.id}
          state={pdf.state}
          onRegenerate={() => void exportPdf(true)}
          onCancel={() => void pdf.cancel()}
          onDismiss={pdf.dismiss}
        />
      )}

      {saved && (
        <PdfPreviewModal
          proposalId={saved.id}
          title={saved.title}
          opened={previewOpen}
          onClose={() => setPreviewOpen(false)}
        />
      )}

      {saveError && (
        <Alert
          color="red"
          variant="light"
          mb="lg"
          icon={<IconAlertCircle size={18} />}
          title={saveError}
          data-testid="save-error"
        >
          {summary.length > 0 && (
            <Stack gap={2}>
              {summary.slice(0, 8).map((s) => (
                <Text size="sm" key={s}>
                  {s}
                </Text>
              ))}
            </Stack>
          )}
        </Alert>
      )}

      <Stack gap="lg">
        <Card title="Details">
          <Grid gap="md">
            <Grid.Col span={{ base: 12, md: 7 }}>
              <TextInput
                label="Title"
                required
                placeholder="e.g. Website redesign"
                value={draft.title}
                onChange={(e) => set('title', e.currentTarget.value)}
                error={errorAt('title')}
                data-testid="proposal-title"
                data-autofocus
              />
            </Grid.Col>
            <Grid.Col span={{ base: 12, md: 5 }}>
              <ClientPicker
                value={draft.clientId}
                snapshot={saved?.client ?? null}
                onChange={(v) => set('clientId', v)}
                error={errorAt('clientId')}
                readOnly={readOnly}
              />
            </Grid.Col>
            <Grid.Col span={{ base: 6, md: 3 }}>
              <TextInput
                type="date"
                label="Issue date"
                value={draft.issueDate ?? ''}
                onChange={(e) => set('issueDate', e.currentTarget.value || null)}
                error={errorAt('issueDate')}
                data-testid="proposal-issue-date"
              />
            </Grid.Col>
            <Grid.Col span={{ base: 6, md: 3 }}>
              <TextInput
                type="date"
                label="Valid until"
                value={draft.validUntil ?? ''}
                onChange={(e) => set('validUntil', e.currentTarget.value || null)}
                error={errorAt('validUntil')}
                data-testid="proposal-valid-until"
              />
            </Grid.Col>
            <Grid.Col span={{ base: 12, md: 3 }}>
              <CurrencySelect
                value={draft.currency}
                onChange={(v) => set('currency', v)}
                error={errorAt('currency')}
                testId="proposal-currency"
              />
            </Grid.Col>
          </Grid>
        </Card>

        {saveAsTemplate.modal}
        <Card
          title="Sections"
          right={
            saved && (
              <InsertFromLibraryButton
                proposalId={saved.id}
                expectedUpdatedAt={saved.updatedAt}
                disabled={dirty}
                onInserted={(p) => {
                  const moved = p.id !== saved.id
                  adopt(p)
                  if (moved) navigate(`/proposals/${p.id}`, { force: true })
                }}
              />
            )
          }
        >
          <SectionsEditor
            sections={draft.sections}
            errorFor={(i, f) => errorAt(`sections[${i}].${f}`, 'sections')}
            onChange={(s) => set('sections', s)}
            readOnly={readOnly}
          />
        </Card>

        <Card title="Line items" testId="lines-card">
          <LineItemsEditor
            lines={draft.lines}
            currency={draft.currency}
            settings={settings}
            totals={totals}
            errorFor={lineError}
            onChange={(lines) => setDraft((d) => ({ ...d, lines }))}
            onTouch={(key, field) => {
              touch(`${key}.${field}`)
              // A server error is addressed by position; editing the field clears it.
              const i = draft.lines.findIndex((l) => l.key === key)
              if (i >= 0) touch(`lines[${i}].${field}`)
            }}
            readOnly={readOnly}
          />
          <Grid mt="lg" gap="xl">
            <Grid.Col span={{ base: 12, md: 6 }}>
              <Stack gap="sm" maw={380}>
                <TextInput
                  label="Document discount %"
                  inputMode="decimal"
                  value={draft.documentDiscountPercent}
                  onChange={(e) => set('documentDiscountPercent', e.currentTarget.value)}
                  error={errorAt('documentDiscountPercent')}
                  w={180}
                  styles={{ input: { textAlign: 'right' } }}
                  data-testid="document-discount"
                />
                <div>
                  <Input.Label mb={4}>Tax rounding</Input.Label>
                  <SegmentedControl
                    size="xs"
                    value={draft.taxRounding}
                    onChange={(v) => set('taxRounding', v)}
                    data={[
                      { value: 'per-document', label: 'Per document' },
                      { value: 'per-line', label: 'Per line' },
                    ]}
                    aria-label="Tax rounding"
                    data-testid="tax-rounding"
                  />
                </div>
                <Switch
                  label="Prices include tax"
                  checked={draft.pricesIncludeTax}
                  onChange={(e) => set('pricesIncludeTax', e.currentTarget.checked)}
                  data-testid="prices-include-tax"
                />
              </Stack>
            </Grid.Col>
            <Grid.Col span={{ base: 12, md: 6 }}>
              <Paper bg="var(--mantine-color-gray-0)" p="md" radius="md" maw={420} ml="auto">
                <TotalsPanel totals={totals} currency={draft.currency} />
              </Paper>
            </Grid.Col>
          </Grid>
        </Card>

        <Card title="Terms and notes">
          <Stack gap="sm">
            <Textarea
              label="Terms"
              description="Printed at the end of the proposal."
              autosize
              minRows={3}
              maxRows={14}
              value={draft.terms}
              onChange={(e) => set('terms', e.currentTarget.value)}
              error={errorAt('terms')}
              data-testid="proposal-terms"
            />
            <Textarea
              label="Internal notes"
              description="For you and your team; not printed."
              autosize
              minRows={2}
              maxRows={10}
              value={draft.notes}
              onChange={(e) => set('notes', e.currentTarget.value)}
              error={errorAt('notes')}
            />
          </Stack>
        </Card>
      </Stack>
    </div>
  )
}
