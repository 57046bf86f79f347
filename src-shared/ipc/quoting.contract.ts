import { z } from 'zod'
import type { MinorUnits } from '../domain/money.types.ts'
import type {
  IsoTimestamp,
  CalendarDate,
  Proposal,
  ProposalStatus,
  ProposalSummary,
} from '../domain/proposal.types.ts'
import type { ErrorCode } from './result.ts'
import { currencyCode, id, lineInputSchema, percentString, sectionInputSchema } from './schemas.ts'

// Quoting depth channels (activity, revisions, trash, templates, content library, CSV, search,
// dashboard), spread into `contract` (contract.ts).

function out<T>(): T {
  return undefined as T
}
function channel<I extends z.ZodType, O>(input: I, output: O, errors: readonly ErrorCode[] = []) {
  return { input, output, errors }
}

const text = (max: number) => z.string().max(max, { message: `at most ${max} characters` })
const required = (max: number) =>
  text(max).refine((v) => v.trim().length > 0, { message: 'is required' })

/** Kinds the app records; other areas may add their own (free text, shown as-is). */
export const ACTIVITY_KINDS = [
  'created',
  'edited',
  'status_changed',
  'revision_created',
  'revised',
  'duplicated',
  'deleted',
  'restored',
  'exported',
  'emailed',
  'template_applied',
  'library_inserted',
] as const
export type ActivityKind = (typeof ACTIVITY_KINDS)[number] | (string & {})

export interface ActivityEntry {
  id: string
  proposalId: string
  kind: ActivityKind
  /** Who: the user name recorded on this device. */
  actor: string
  at: IsoTimestamp
  data: Record<string, unknown>
  /** Filled on `activity.recent` (dashboard) for display. */
  number?: string
  revision?: number
  title?: string
}

export interface RevisionSummary {
  id: string
  number: string
  revision: number
  /** "A", "B", … */
  letter: string
  revisionOf: string | null
  status: ProposalStatus
  gross: MinorUnits
  currency: string
  createdAt: IsoTimestamp
  sentAt: IsoTimestamp | null
}

export interface LineSnapshot {
  description: string
  sku: string
  quantity: string
  unit: string
  unitPrice: string
  discountPercent: string
  taxes: { name: string; rate: string }[]
  optional: boolean
  net: MinorUnits
}

export interface RevisionDiff {
  from: RevisionSummary
  to: RevisionSummary
  lines: {
    added: LineSnapshot[]
    removed: LineSnapshot[]
    changed: { before: LineSnapshot; after: LineSnapshot; fields: string[] }[]
    unchanged: number
  }
  sections: { added: string[]; removed: string[]; changed: string[] }
  /** Proposal-level fields whose value differs (title, terms, validUntil, …). */
  fields: { field: string; before: unknown; after: unknown }[]
  totals: {
    currency: string
    before: { net: MinorUnits; tax: MinorUnits; gross: MinorUnits }
    after: { net: MinorUnits; tax: MinorUnits; gross: MinorUnits }
    delta: { net: MinorUnits; tax: MinorUnits; gross: MinorUnits }
  }
}

export interface TrashItem extends ProposalSummary {
  deletedAt: IsoTimestamp
}

export interface TemplateSummary {
  id: string
  name: string
  description: string
  sectionCount: number
  lineCount: number
  updatedAt: IsoTimestamp
}

export interface ProposalTemplate extends TemplateSummary {
  title: string
  currency: string | null
  validityDays: number | null
  taxRounding: 'per-document' | 'per-line'
  pricesIncludeTax: boolean
  documentDiscountPercent: string
  terms: string
  notes: string
  sections: { title: string; body: string }[]
  lines: z.output<typeof templateLineSchema>[]
  createdAt: IsoTimestamp
}

export interface LibrarySection {
  id: string
  title: string
  body: string
  category: string
  tags: string[]
  createdAt: IsoTimestamp
  updatedAt: IsoTimestamp
}

/** Text split into plain and matched runs (no markup crosses the boundary). */
export type Highlighted = { text: string; match: boolean }[]

export interface LibrarySearchHit extends LibrarySection {
  titleHighlight: Highlighted
  bodySnippet: Highlighted
}

export interface SearchHit {
  id: string
  number: string
  revision: number
  title: string
  clientName: string
  status: ProposalStatus
  currency: string
  gross: MinorUnits
  updatedAt: IsoTimestamp
  highlights: { number: Highlighted; title: Highlighted; client: Highlighted; body: Highlighted }
}

export const CSV_ENTITIES = ['clients', 'products'] as const
export type CsvEntity = (typeof CSV_ENTITIES)[number]

/** Target fields a CSV column can map to, per entity. */
export const CSV_FIELDS = {
  clients: ['name', 'contactName', 'email', 'phone', 'address', 'taxId', 'notes'],
  products: [
    'sku',
    'name',
    'description',
    'unit',
    'unitPrice',
    'currency',
    'taxRate',
    'taxes',
    'active',
  ],
} as const satisfies Record<CsvEntity, readonly string[]>

export interface CsvRowError {
  /** 1-based line number of the record in the file (the header is line 1). */
  row: number
  field: string | null
  message: string
}

export interface CsvPreview {
  delimiter: ',' | ';' | '\t'
  headers: string[]
  /** Column index → target field ('' = ignored); guessed from the headers when not given. */
  mapping: Record<string, string>
  /** The first rows as they would be imported. */
  rows: { row: number; values: Record<string, unknown>; action: 'create' | 'update' }[]
  errors: CsvRowError[]
  totalRows: number
  validRows: number
}

export interface CsvImportResult {
  created: number
  updated: number
  skipped: number
  errors: CsvRowError[]
}

export interface CsvExport {
  fileName: string
  /** UTF-8 text with a BOM (so spreadsheet apps detect the encoding), comma separated. */
  text: string
  rows: number
}

export interface PipelineBucket {
  status: ProposalStatus
  currency: string
  count: number
  gross: MinorUnits
}

export interface Dashboard {
  today: CalendarDate
  pipeline: PipelineBucket[]
  expiringThisWeek: (ProposalSummary & { daysLeft: number })[]
  winRate: { days: number; accepted: number; declined: number; rate: number | null }
  recentActivity: ActivityEntry[]
}

export const templateLineSchema = lineInputSchema.omit({ id: true })
const templateSectionSchema = sectionInputSchema.omit({ id: true })

const csvInput = z.object({
  entity: z.enum(CSV_ENTITIES),
  /** The file's text (a BOM is accepted). Max ~20 MB. */
  text: z.string().max(20_000_000, { message: 'file too large (max 20 MB)' }),
  delimiter: z.enum([',', ';', '\t']).optional(),
  /** Column index (as a string) → target field or '' to ignore; guessed when absent. */
  mapping: z.record(z.string(), z.string()).optional(),
})

export const quotingContract = {
  /** Timeline of one proposal, oldest first, including its earlier revisions. */
  'activity.list': channel(
    z.object({ proposalId: id, limit: z.number().int().min(1).max(1000).default(200) }),
    out<ActivityEntry[]>(),
    ['not_found'],
  ),
  'activity.recent': channel(
    z.object({ limit: z.number().int().min(1).max(200).default(20) }),
    out<ActivityEntry[]>(),
  ),

  /** Every revision of this proposal's number, A first. */
  'revisions.list': channel(z.object({ proposalId: id }), out<RevisionSummary[]>(), ['not_found']),
  'revisions.compare': channel(z.object({ fromId: id, toId: id }), out<RevisionDiff>(), [
    'not_found',
    'validation',
  ]),

  'trash.list': channel(
    z.object({ limit: z.number().int().min(1).max(500).default(100) }),
    out<TrashItem[]>(),
  ),
  'trash.restore': channel(z.object({ id }), out<Proposal>(), ['not_found']),

  'templates.list': channel(z.object({ search: text(200).default('') }), out<TemplateSummary[]>()),
  'templates.get': channel(z.object({ id }), out<ProposalTemplate>(), ['not_found']),
  'templates.createFromProposal': channel(
    z.object({ proposalId: id, name: required(500), description: text(2000).default('') }),
    out<ProposalTemplate>(),
    ['not_found', 'validation'],
  ),
  'templates.update': channel(
    z.object({
      id,
      patch: z
        .object({
          name: required(500),
          description: text(2000),
          title: text(1000),
          currency: currencyCode.nullable(),
          validityDays: z.number().int().min(0).max(3650).nullable(),
          documentDiscountPercent: percentString,
          terms: text(100000),
          notes: text(100000),
          sections: z.array(templateSectionSchema).max(500),
          lines: z.array(templateLineSchema).max(10000),
        })
        .partial(),
    }),
    out<ProposalTemplate>(),
    ['not_found', 'validation'],
  ),
  'templates.delete': channel(z.object({ id }), out<{ id: string }>(), ['not_found']),
  /** Starts a new draft from a template (sections, lines, terms, validity copied). */
  'templates.createProposal': channel(
    z.object({
      templateId: id,
      clientId: id.nullable().default(null),
      title: text(1000).optional(),
    }),
    out<Proposal>(),
    ['not_found', 'validation'],
  ),

  'library.list': channel(
    z.object({
      search: text(200).default(''),
      category: text(200).optional(),
      limit: z.number().int().min(1).max(500).default(100),
    }),
    out<LibrarySearchHit[]>(),
  ),
  'library.categories': channel(z.object({}).strict().default({}), out<string[]>()),
  'library.get': channel(z.object({ id }), out<LibrarySection>(), ['not_found']),
  'library.create': channel(
    z.object({
      title: required(1000),
      body: text(100000).default(''),
      category: text(200).default(''),
      tags: z.array(text(100)).max(50).default([]),
    }),
    out<LibrarySection>(),
    ['validation'],
  ),
  'library.update': channel(
    z.object({
      id,
      patch: z
        .object({
          title: required(1000),
          body: text(100000),
          category: text(200),
          tags: z.array(text(100)).max(50),
        })
        .partial(),
    }),
    out<LibrarySection>(),
    ['not_found', 'validation'],
  ),
  'library.delete': channel(z.object({ id }), out<{ id: string }>(), ['not_found']),
  /**
   * Copies a library section into a proposal at `index` (default: the end). A sent proposal gets
   * a new revision, like any other edit.
   */
  'library.insert': channel(
    z.object({
      proposalId: id,
      sectionId: id,
      index: z.number().int().min(0).optional(),
      expectedUpdatedAt: z.string().optional(),
    }),
    out<Proposal>(),
    ['not_found', 'validation', 'conflict', 'invalid_state'],
  ),

  'csv.preview': channel(csvInput, out<CsvPreview>(), ['validation']),
  /** Nothing is written when a row is bad, unless `skipBadRows`. */
  'csv.import': channel(
    csvInput.extend({ skipBadRows: z.boolean().default(false) }),
    out<CsvImportResult>(),
    ['validation'],
  ),
  'csv.export': channel(z.object({ entity: z.enum(CSV_ENTITIES) }), out<CsvExport>()),

  /** Full-text search (prefix matching, accents folded) over the latest revision of each proposal. */
  'search.proposals': channel(
    z.object({ query: text(200), limit: z.number().int().min(1).max(200).default(20) }),
    out<SearchHit[]>(),
  ),

  'dashboard.get': channel(z.object({}).strict().default({}), out<Dashboard>()),
} as const
