import {
  Alert,
  Input,
  Button,
  FileButton,
  Grid,
  Group,
  Image,
  Loader,
  Paper,
  SegmentedControl,
  Stack,
  Switch,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core'
import { notifications } from '@mantine/notifications'
import { IconAlertCircle, IconPhoto, IconTrash, IconUpload } from '@tabler/icons-react'
import { useQuery, useQueryClient } from '@tanstack/react-query'
import { useEffect, useMemo, useRef, useState, type ReactNode } from 'react'
import { formatProposalNumber, validateSeries } from '../../../src-shared/domain/numbering.ts'
import type { CompanySettings } from '../../../src-shared/domain/proposal.types.ts'
import { settingsPatchSchema } from '../../../src-shared/ipc/schemas.ts'
import { useApi } from '../../app/api-context.tsx'
import { setNavigationGuard, useBeforeUnload } from '../../app/router.tsx'
import { useConfirm } from '../../components/confirm.tsx'
import { CurrencySelect } from '../../components/currency-select.tsx'
import { PageHeader } from '../../components/page-header.tsx'
import { apiFieldErrors, errorMessage, zodFieldErrors, type FieldErrors } from '../../lib/errors.ts'
import { todayLocal } from '../../lib/format.ts'
import { useSettings } from '../../lib/queries.ts'

type Editable = Omit<CompanySettings, 'hasLogo' | 'logoMime' | 'validityDays'> & {
  validityDays: string
}

function editable(s: CompanySettings): Editable {
  const { hasLogo: _h, logoMime: _m, ...rest } = s
  return { ...rest, validityDays: String(s.validityDays) }
}

function Section({
  title,
  description,
  children,
}: {
  title: string
  description: string
  children: ReactNode
}) {
  return (
    <Paper withBorder radius="md" p="lg">
      <Grid gap="xl">
        <Grid.Col span={{ base: 12, md: 4 }}>
          <Title order={4} fz={16} mb={4}>
            {title}
          </Title>
          <Text size="sm" c="dimmed">
            {description}
          </Text>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 8 }}>{children}</Grid.Col>
      </Grid>
    </Paper>
  )
}

export function SettingsPage() {
  const settings = useSettings()
  if (settings.isError)
    return (
      <Alert color="red" title="Could not load the settings" icon={<IconAlertCircle />}>
        {errorMessage(settings.error)}
      </Alert>
    )
  if (!settings.data)
    return (
      <Group justify="center" py={80}>
        <Loader size="sm" />
      </Group>
    )
  return <SettingsForm initial={settings.data} />
}

function readAsBase64(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader()
    reader.onload = () => {
      const url = typeof reader.result === 'string' ? reader.result : ''
      resolve(url.slice(url.indexOf(',') + 1))
    }
    reader.onerror = () => reject(reader.error ?? new Error('could not read the file'))
    reader.readAsDataURL(file)
  })
}

function LogoBlock({ hasLogo }: { hasLogo: boolean }) {
  const api = useApi()
  const qc = useQueryClient()
  const logo = useQuery({
    queryKey: ['settings', 'logo'],
    queryFn: () => api.call('settings.getLogo', {}),
  })
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)

  const upload = async (file: File | null) => {
    if (!file) return
    setError(null)
    setBusy(true)
    try {
      const dataBase64 = await readAsBase64(file)
      await api.call('settings.setLogo', {
        mime: file.type || 'application/octet-stream',
        dataBase64,
        fileName: file.name,
      })
      await qc.invalidateQueries({ queryKey: ['settings'] })
      notifications.show({ message: 'Logo updated', color: 'teal' })
    } catch (err) {
      const fe = apiFieldErrors(err)
      setError(Object.values(fe)[0] ?? errorMessage(err))
    } finally {
      setBusy(false)
    }
  }
  const remove = async () => {
    setBusy(true)
    try {
      await api.call('settings.removeLogo', {})
      await qc.invalidateQueries({ queryKey: ['settings'] })
    } catch (err) {
      setError(errorMessage(err))
    } finally {
      setBusy(false)
    }
  }

  return (
    <Stack gap="xs">
      <Input.Label>Logo</Input.Label>
      <Group align="center" gap="md">
        <Paper
          withBorder
          radius="sm"
          w={180}
          h={90}
          p={6}
          style={{ display: 'flex', alignItems: 'center', justifyContent: 'center' }}
          data-testid="logo-preview"
        >
          {logo.data?.dataUrl ? (
            <Image src={logo.data.dataUrl} alt="Company logo" fit="contain" h="100%" w="100%" />
          ) : (
            <Stack align="center" gap={2}>
              <IconPhoto size={22} color="var(--mantine-color-gray-5)" />
              <Text size="xs" c="dimmed">
                No logo
              </Text>
            </Stack>
          )}
        </Paper>
        <Stack gap={6}>
          <FileButton onChange={(f) => void upload(f)} accept="image/png,image/jpeg,image/svg+xml">
            {(props) => (
              <Button
                {...props}
                variant="default"
                leftSection={<IconUpload size={16} />}
                loading={busy}
                data-testid="logo-upload"
              >
                {hasLogo ? 'Replace logo' : 'Upload logo'}
              </Button>
            )}
          </FileButton>
          {hasLogo && (
            <Button
              variant="subtle"
              color="red"
              size="xs"
              leftSection={<IconTrash size={14} />}
              onClick={() => void remove()}
              disabled={busy}
            >
              Remove logo
            </Button>
          )}
          <Text size="xs" c="dimmed">
            PNG, JPEG or SVG, up to 2 MB.
          </Text>
        </Stack>
      </Group>
      {error && (
        <Text size="sm" c="red.7" role="alert" data-testid="logo-error">
          {error}
        </Text>
      )}
    </Stack>
  )
}

function SettingsForm({ initial }: { initial: CompanySettings }) {
  const api = useApi()
  const qc = useQueryClient()
  const confirm = useConfirm()
  const [baseline, setBaseline] = useState<Editable>(() => editable(initial))
  const [draft, setDraft] = useState<Editable>(baseline)
  const [errors, setErrors] = useState<FieldErrors>({})
  const [saving, setSaving] = useState(false)
  const dirty = JSON.stringify(draft) !== JSON.stringify(baseline)

  const dirtyRef = useRef(dirty)
  dirtyRef.current = dirty
  useBeforeUnload(dirty)
  useEffect(
    () =>
      setNavigationGuard((proceed) => {
        if (!dirtyRef.current) return false
        void confirm({
          title: 'Discard unsaved settings?',
          message: 'Your changes to the settings are not saved.',
          confirmLabel: 'Discard changes',
          cancelLabel: 'Keep editing',
          danger: true,
        }).then((ok) => ok && proceed())
        return true
      }),
    [confirm],
  )

  const set = <K extends keyof Editable>(k: K, v: Editable[K]) => {
    setDraft((d) => ({ ...d, [k]: v }))
    setErrors((e) => {
      const { [k]: _omit, ...rest } = e
      return rest
    })
  }
  const text = (k: keyof Editable) => (e: { currentTarget: { value: string } }) =>
    set(k, e.currentTarget.value as never)

  const seriesPreview = useMemo(() => {
    const v = validateSeries(draft.numberingSeries)
    if (!v.ok) return null
    try {
      return formatProposalNumber(draft.numberingSeries, todayLocal(), 1)
    } catch {
      return null
    }
  }, [draft.numberingSeries])

  const save = async () => {
    const days = /^\d+$/.test(draft.validityDays.trim())
      ? Number(draft.validityDays.trim())
      : Number.NaN
    const patch = { ...draft, validityDays: days }
    const parsed = settingsPatchSchema.safeParse(patch)
    const fe = parsed.success ? {} : zodFieldErrors(parsed.error)
    if (Number.isNaN(days)) fe.validityDays = 'Validity (days): not a whole number'
    const series = validateSeries(draft.numberingSeries)
    if (!series.ok && !fe.numberingSeries) fe.numberingSeries = `Numbering series: ${series.error}`
    if (Object.keys(fe).length > 0) {
      setErrors(fe)
      return
    }
    setSaving(true)
    try {
      const s = await api.call('settings.update', { patch })
      qc.setQueryData(['settings'], s)
      const b = editable(s)
      setBaseline(b)
      setDraft(b)
      notifications.show({ message: 'Settings saved', color: 'teal' })
    } catch (err) {
      const sfe = apiFieldErrors(err)
      setErrors(sfe)
      if (Object.keys(sfe).length === 0)
        notifications.show({
          color: 'red',
          title: 'Could not save the settings',
          message: errorMessage(err),
        })
    } finally {
      setSaving(false)
    }
  }

  return (
    <form
      onSubmit={(e) => {
        e.preventDefault()
        void save()
      }}
      noValidate
      data-testid="settings-form"
    >
      <PageHeader
        title="Settings"
        subtitle="Your company details and the defaults for new proposals."
        actions={
          <>
            {dirty && (
              <Button variant="subtle" color="gray" onClick={() => setDraft(baseline)}>
                Discard changes
              </Button>
            )}
            <Button type="submit" loading={saving} disabled={!dirty} data-testid="settings-save">
              Save settings
            </Button>
          </>
        }
      />
      <Stack gap="lg">
        <Section
          title="Company profile"
          description="Printed in the header and footer of every proposal."
        >
          <Stack gap="sm">
            <LogoBlock hasLogo={initial.hasLogo} />
            <TextInput
              label="Company name"
              value={draft.companyName}
              onChange={text('companyName')}
              error={errors.companyName}
              data-testid="settings-company-name"
            />
            <Textarea
              label="Address"
              autosize
              minRows={3}
              value={draft.address}
              onChange={text('address')}
              error={errors.address}
              data-testid="settings-address"
            />
            <Group grow align="flex-start">
              <TextInput
                label="Email"
                type="email"
                value={draft.email}
                onChange={text('email')}
                error={errors.email}
                data-testid="settings-email"
              />
              <TextInput
                label="Phone"
                value={draft.phone}
                onChange={text('phone')}
                error={errors.phone}
                data-testid="settings-phone"
              />
            </Group>
            <Group grow align="flex-start">
              <TextInput
                label="Website"
                value={draft.website}
                onChange={text('website')}
                error={errors.website}
                data-testid="settings-website"
              />
              <TextInput
                label="Tax ID"
                value={draft.taxId}
                onChange={text('taxId')}
                error={errors.taxId}
                data-testid="settings-taxid"
              />
            </Group>
            <Textarea
              label="Payment details"
              description="Bank account, payment terms — printed in the footer."
              autosize
              minRows={2}
              value={draft.paymentDetails}
              onChange={text('paymentDetails')}
              error={errors.paymentDetails}
              data-testid="settings-payment"
            />
          </Stack>
        </Section>

        <Section
          title="Proposal defaults"
          description="Used when you create a new proposal. Existing proposals keep their own values."
        >
          <Stack gap="sm">
            <Group grow align="flex-start">
              <CurrencySelect
                label="Default currency"
                value={draft.defaultCurrency}
                onChange={(v) => set('defaultCurrency', v)}
                error={errors.defaultCurrency}
                testId="settings-currency"
              />
              <TextInput
                label="Default tax rate %"
                inputMode="decimal"
                value={draft.defaultTaxRate}
                onChange={text('defaultTaxRate')}
                error={errors.defaultTaxRate}
                data-testid="settings-tax-rate"
              />
              <TextInput
                label="Valid for (days)"
                inputMode="numeric"
                value={draft.validityDays}
                onChange={text('validityDays')}
                error={errors.validityDays}
                data-testid="settings-validity"
              />
            </Group>
            <TextInput
              label="Numbering series"
              description={
                seriesPreview
                  ? // No channel tells the next sequence value: an example, not a promise.
                    `Numbers follow this pattern, e.g. ${seriesPreview}; {SEQ} counts on from the last number issued. Tokens: {YYYY}, {YY}, {MM}, {DD}, {SEQ:n}.`
                  : 'Tokens: {YYYY}, {YY}, {MM}, {DD}, {SEQ:n}.'
              }
              value={draft.numberingSeries}
              onChange={text('numberingSeries')}
              error={errors.numberingSeries}
              styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
              data-testid="settings-series"
            />
            <Group align="flex-end" gap="xl">
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
                  aria-label="Default tax rounding"
                />
              </div>
              <Switch
                label="Prices include tax"
                checked={draft.pricesIncludeTax}
                onChange={(e) => set('pricesIncludeTax', e.currentTarget.checked)}
                mb={4}
              />
            </Group>
            <Textarea
              label="Default terms"
              autosize
              minRows={4}
              maxRows={14}
              value={draft.defaultTerms}
              onChange={text('defaultTerms')}
              error={errors.defaultTerms}
              data-testid="settings-terms"
            />
          </Stack>
        </Section>
      </Stack>
    </form>
  )
}
