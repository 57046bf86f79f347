import { revisionLetter } from '../../../src-shared/domain/numbering.ts'
import type { ProposalStatus } from '../../../src-shared/domain/proposal.types.ts'
import type { ConflictView } from '../../../src-shared/ipc/sync.contract.ts'
import { STATUS_LABELS } from '../../components/status-badge.tsx'
import { formatDate, formatTaxes, formatTimestamp } from '../../lib/format.ts'
import { FIELD_LABELS } from './sync-queries.ts'

/** Bookkeeping columns: true but meaningless to the person choosing a value. */
const HIDDEN_COLUMNS = new Set([
  'entity',
  'op',
  'id',
  'proposal_id',
  'revision_of',
  'row_version',
  'created_at',
  'updated_at',
  'created_by',
  'updated_by',
  'position',
  'sort_key',
])

/** `unit_price` → "Unit price" (known columns by their form label). */
export function columnLabel(column: string): string {
  const known = FIELD_LABELS[column]
  if (known) return known
  const words = column
    .replace(/_/g, ' ')
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase()
  return words.charAt(0).toUpperCase() + words.slice(1)
}

function isStatus(v: unknown): v is ProposalStatus {
  return typeof v === 'string' && v in STATUS_LABELS
}

function parseTaxes(v: unknown): { name: string; rate: string }[] | null {
  let value = v
  if (typeof v === 'string') {
    try {
      value = JSON.parse(v)
    } catch {
      return null
    }
  }
  if (!Array.isArray(value)) return null
  const out: { name: string; rate: string }[] = []
  for (const t of value as unknown[]) {
    if (typeof t !== 'object' || t === null || !('rate' in t)) return null
    const name = 'name' in t && typeof t.name === 'string' ? t.name : ''
    out.push({ name, rate: String(t.rate) })
  }
  return out
}

/** One stored column value as the form shows it: "Sent", "VAT 20%", "Yes", "3 Dec 2026". */
export function formatColumnValue(
  column: string | null,
  v: unknown,
  clientName: (id: string) => string | undefined = () => undefined,
): string {
  if (v === null || v === undefined) return '—'
  switch (column) {
    case 'status':
      if (isStatus(v)) return STATUS_LABELS[v]
      break
    case 'taxes': {
      const taxes = parseTaxes(v)
      if (taxes) return taxes.length === 0 ? 'No tax' : formatTaxes(taxes)
      break
    }
    case 'prices_include_tax':
    case 'optional':
      return v === true || v === 1 || v === '1' ? 'Yes' : 'No'
    case 'tax_rounding':
      if (v === 'per-line') return 'Per line'
      if (v === 'per-document') return 'Per document'
      break
    case 'issue_date':
    case 'valid_until':
      if (typeof v === 'string') return formatDate(v)
      break
    case 'deleted_at':
    case 'sent_at':
      if (typeof v === 'string') return formatTimestamp(v)
      break
    case 'client_id':
      if (typeof v === 'string') return clientName(v) ?? 'A client no longer on this computer'
      break
  }
  if (typeof v === 'string') return v === '' ? '(empty)' : v
  if (typeof v === 'boolean') return v ? 'Yes' : 'No'
  if (typeof v === 'number') return String(v)
  if (typeof v === 'object' && '$base64' in v) return '(a file)'
  return JSON.stringify(v)
}

/** What one side of a conflict holds, in words; `link` opens what it refers to. */
export interface ConflictSide {
  lines: string[]
  link?: { label: string; path: string }
}

function record(v: unknown): Record<string, unknown> | null {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
    ? (v as Record<string, unknown>)
    : null
}

/** `{ unit_price: '10', … }` → ["Unit price: 10", …] without bookkeeping columns. */
function describeFields(
  fields: Record<string, unknown>,
  clientName: (id: string) => string | undefined,
): string[] {
  return Object.entries(fields)
    .filter(([k]) => !HIDDEN_COLUMNS.has(k))
    .map(([k, v]) => `${columnLabel(k)}: ${formatColumnValue(k, v, clientName)}`)
}

export function describeConflictSide(
  c: ConflictView,
  side: 'server' | 'mine',
  clientName: (id: string) => string | undefined = () => undefined,
): ConflictSide {
  const value = side === 'server' ? c.serverValue : c.clientValue
  const obj = record(value)
  if (c.kind === 'field') return { lines: [formatColumnValue(c.field, value, clientName)] }
  if (c.kind === 'revision' && obj) {
    if (side === 'server') {
      const status = isStatus(obj.status) ? STATUS_LABELS[obj.status].toLowerCase() : 'sent'
      return {
        lines: [
          `${typeof obj.number === 'string' ? obj.number : 'The proposal'} stays as ${status}`,
        ],
      }
    }
    const n = typeof obj.revision === 'number' ? obj.revision : null
    const id = typeof obj.revisionId === 'string' ? obj.revisionId : null
    return {
      lines: [
        n !== null && n >= 0 ? `Saved as revision ${revisionLetter(n)}` : 'Saved as a new revision',
      ],
      ...(id ? { link: { label: 'Open the revision', path: `/proposals/${id}` } } : {}),
    }
  }
  if (value === null || value === undefined) {
    return { lines: [side === 'server' ? 'Not stored on the server' : '—'] }
  }
  if (obj) {
    if (typeof obj.deleted_at === 'string' && Object.keys(obj).length === 1) {
      return { lines: [`Deleted ${formatTimestamp(obj.deleted_at)}`] }
    }
    // A refused or orphaned edit: `{ entity, id, op, fields }` or the fields themselves.
    const fields = record(obj.fields) ?? obj
    const lines = describeFields(fields, clientName)
    if (obj.op === 'delete') return { lines: ['Deleted'] }
    return { lines: lines.length > 0 ? lines : ['(no visible change)'] }
  }
  return { lines: [formatColumnValue(c.field, value, clientName)] }
}
