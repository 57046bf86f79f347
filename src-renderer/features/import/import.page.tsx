import {
  Alert,
  Button,
  Checkbox,
  FileButton,
  Group,
  Paper,
  SegmentedControl,
  Select,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core'
import { notifications } from '@mantine/notifications'
import { IconDownload, IconUpload } from '@tabler/icons-react'
import { useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import {
  CSV_FIELDS,
  type CsvEntity,
  type CsvPreview,
} from '../../../src-shared/ipc/quoting.contract.ts'
import { useApi } from '../../app/api-context.tsx'
import { PageHeader } from '../../components/page-header.tsx'
import { errorMessage } from '../../lib/errors.ts'
import { formatTaxes } from '../../lib/format.ts'

function download(fileName: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }))
  const a = document.createElement('a')
  a.href = url
  a.download = fileName
  a.click()
  setTimeout(() => URL.revokeObjectURL(url), 1000)
}

/** CSV import (mapping, preview, per-row errors) and export of clients and products. */
function isTaxList(v: unknown): v is { name: string; rate: string }[] {
  return (
    Array.isArray(v) &&
    v.every((t) => typeof t === 'object' && t !== null && 'rate' in t && 'name' in t)
  )
}

/** A parsed CSV value as a person reads it: taxes as "VAT 20%", not as JSON. */
function previewValue(v: unknown): string {
  if (v === undefined || v === null) return ''
  if (typeof v === 'string') return v
  if (typeof v === 'boolean') return v ? 'Yes' : 'No'
  if (typeof v === 'number') return String(v)
  if (isTaxList(v))
    return formatTaxes(v.map((t) => ({ name: String(t.name), rate: String(t.rate) })))
  return JSON.stringify(v)
}

export function ImportPage() {
  const api = useApi()
  const qc = useQueryClient()
  const [entity, setEntity] = useState<CsvEntity>('clients')
  const [text, setText] = useState<string | null>(null)
  const [fileName, setFileName] = useState('')
  const [mapping, setMapping] = useState<Record<string, string> | undefined>(undefined)
  const [preview, setPreview] = useState<CsvPreview | null>(null)
  const [skipBadRows, setSkipBadRows] = useState(false)
  const [error, setError] = useState<string | null>(null)

  const runPreview = async (
    t: string,
    e: CsvEntity,
    m: Record<string, string> | undefined,
  ): Promise<void> => {
    try {
      setError(null)
      const p = await api.call('csv.preview', { entity: e, text: t, ...(m ? { mapping: m } : {}) })
      setPreview(p)
      setMapping(p.mapping)
    } catch (err) {
      setPreview(null)
      setError(errorMessage(err))
    }
  }

  const onFile = async (file: File | null) => {
    if (!file) return
    const t = await file.text()
    setText(t)
    setFileName(file.name)
    setMapping(undefined)
    await runPreview(t, entity, undefined)
  }

  const runImport = async () => {
    if (text === null) return
    try {
      const r = await api.call('csv.import', {
        entity,
        text,
        skipBadRows,
        ...(mapping ? { mapping } : {}),
      })
      notifications.show({
        title: 'Import done',
        message: `${r.created} created, ${r.updated} updated, ${r.skipped} skipped`,
        color: 'teal',
      })
      await qc.invalidateQueries({ queryKey: [entity] })
      setText(null)
      setPreview(null)
    } catch (err) {
      setError(errorMessage(err))
    }
  }

  const exportCsv = async (e: CsvEntity) => {
    const r = await api.call('csv.export', { entity: e })
    download(r.fileName, r.text)
  }

  const fields = CSV_FIELDS[entity]
  const previewFields = preview ? [...new Set(Object.values(preview.mapping).filter(Boolean))] : []
  return (
    <>
      <PageHeader title="Import & export" subtitle="Clients and products as CSV files." />
      <Stack>
        <Paper withBorder p="md" radius="md">
          <Title order={4} mb="sm">
            Import from CSV
          </Title>
          <Group mb="md">
            <SegmentedControl
              value={entity}
              onChange={(v) => {
                const e: CsvEntity = v === 'products' ? 'products' : 'clients'
                setEntity(e)
                setMapping(undefined)
                if (text !== null) void runPreview(text, e, undefined)
              }}
              data={[
                { value: 'clients', label: 'Clients' },
                { value: 'products', label: 'Products' },
              ]}
            />
            <FileButton onChange={(f) => void onFile(f)} accept=".csv,text/csv,text/plain">
              {(props) => (
                <Button leftSection={<IconUpload size={16} />} {...props} data-testid="csv-file">
                  Choose a CSV file
                </Button>
              )}
            </FileButton>
            {fileName && <Text size="sm">{fileName}</Text>}
          </Group>
          {error && (
            <Alert color="red" mb="md" data-testid="csv-error">
              {error}
            </Alert>
          )}
          {preview && (
            <Stack>
              <Text size="sm">
                {preview.totalRows} rows, {preview.validRows} ready to import
                {preview.errors.length > 0 ? `, ${preview.errors.length} problem(s)` : ''}.
                Separator “{preview.delimiter === '\t' ? 'tab' : preview.delimiter}”.
              </Text>
              <Group gap="xs" align="flex-end">
                {preview.headers.map((h, i) => (
                  <Select
                    key={i}
                    label={h || `Column ${i + 1}`}
                    w={160}
                    data={[
                      { value: '', label: '— ignore —' },
                      ...fields.map((f) => ({ value: f, label: f })),
                    ]}
                    value={mapping?.[String(i)] ?? ''}
                    onChange={(v) => {
                      const m = { ...(mapping ?? {}), [String(i)]: v ?? '' }
                      setMapping(m)
                      if (text !== null) void runPreview(text, entity, m)
                    }}
                  />
                ))}
              </Group>
              <Table data-testid="csv-preview">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Row</Table.Th>
                    <Table.Th>Action</Table.Th>
                    {previewFields.map((f) => (
                      <Table.Th key={f}>{f}</Table.Th>
                    ))}
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {preview.rows.map((r) => (
                    <Table.Tr key={r.row}>
                      <Table.Td>{r.row}</Table.Td>
                      <Table.Td>{r.action}</Table.Td>
                      {previewFields.map((f) => {
                        const v = f === 'taxRate' ? r.values.taxes : r.values[f]
                        return (
                          <Table.Td key={f} style={{ whiteSpace: 'pre-wrap' }}>
                            {previewValue(v)}
                          </Table.Td>
                        )
                      })}
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
              {preview.errors.length > 0 && (
                <Alert color="orange" title="Rows with problems" data-testid="csv-row-errors">
                  {preview.errors.slice(0, 50).map((e, i) => (
                    <Text key={i} size="sm">
                      Row {e.row}
                      {e.field ? `, ${e.field}` : ''}: {e.message}
                    </Text>
                  ))}
                </Alert>
              )}
              <Group>
                <Checkbox
                  label="Skip the rows with problems"
                  checked={skipBadRows}
                  onChange={(e) => setSkipBadRows(e.currentTarget.checked)}
                />
                <Button
                  onClick={() => void runImport()}
                  disabled={preview.validRows === 0 || (preview.errors.length > 0 && !skipBadRows)}
                  data-testid="csv-import"
                >
                  Import {preview.validRows} {entity}
                </Button>
              </Group>
            </Stack>
          )}
        </Paper>
        <Paper withBorder p="md" radius="md">
          <Title order={4} mb="sm">
            Export to CSV
          </Title>
          <Group>
            <Button
              variant="default"
              leftSection={<IconDownload size={16} />}
              onClick={() => void exportCsv('clients')}
            >
              Clients
            </Button>
            <Button
              variant="default"
              leftSection={<IconDownload size={16} />}
              onClick={() => void exportCsv('products')}
            >
              Products
            </Button>
          </Group>
        </Paper>
      </Stack>
    </>
  )
}
