import type { Generated } from 'kysely'

/** Bookkeeping columns of every synced table (see migrations/local/2026_12_03_0001_initial.ts). */
export interface SyncedColumns {
  created_at: string
  updated_at: string
  updated_by: Generated<string>
  deleted_at: string | null
  row_version: Generated<number>
}

export interface CompanySettingsTable extends SyncedColumns {
  id: string
  company_name: Generated<string>
  address: Generated<string>
  email: Generated<string>
  phone: Generated<string>
  website: Generated<string>
  tax_id: Generated<string>
  payment_details: Generated<string>
  logo: Buffer | null
  logo_mime: string | null
  default_currency: Generated<string>
  default_tax_rate: Generated<string>
  validity_days: Generated<number>
  numbering_series: Generated<string>
  default_terms: Generated<string>
  tax_rounding: Generated<'per-document' | 'per-line'>
  prices_include_tax: Generated<0 | 1>
  locale: Generated<string>
}

export interface ClientsTable extends SyncedColumns {
  id: string
  name: string
  contact_name: Generated<string>
  email: Generated<string>
  phone: Generated<string>
  address: Generated<string>
  tax_id: Generated<string>
  notes: Generated<string>
}

export interface ProductsTable extends SyncedColumns {
  id: string
  sku: Generated<string>
  name: string
  description: Generated<string>
  unit: Generated<string>
  /** decimal string, major units */
  unit_price: string
  currency: string
  /** JSON TaxInput[] */
  taxes: Generated<string>
  active: Generated<0 | 1>
}

export interface ProposalsTable extends SyncedColumns {
  id: string
  number: string
  revision: Generated<number>
  revision_of: string | null
  title: string
  status: Generated<'draft' | 'sent' | 'accepted' | 'declined' | 'expired' | 'cancelled'>
  client_id: string | null
  /** JSON ClientSnapshot, frozen when the proposal leaves draft; null = use the live client. */
  client_snapshot: string | null
  currency: string
  issue_date: string | null
  valid_until: string | null
  tax_rounding: Generated<'per-document' | 'per-line'>
  prices_include_tax: Generated<0 | 1>
  document_discount_percent: Generated<string>
  terms: Generated<string>
  notes: Generated<string>
  net_minor: Generated<number>
  tax_minor: Generated<number>
  gross_minor: Generated<number>
  is_sample: Generated<0 | 1>
  sent_at: string | null
}

export interface ProposalSectionsTable extends SyncedColumns {
  id: string
  proposal_id: string
  position: string
  title: Generated<string>
  body: Generated<string>
}

export interface LineItemsTable extends SyncedColumns {
  id: string
  proposal_id: string
  position: string
  product_id: string | null
  sku: Generated<string>
  description: string
  quantity: string
  unit: Generated<string>
  unit_price: string
  discount_percent: Generated<string>
  /** JSON TaxInput[] */
  taxes: Generated<string>
  optional: Generated<0 | 1>
  net_minor: Generated<number>
}

export interface NumberCountersTable {
  series_key: string
  next_seq: number
}

/** Proposal numbers the sync server reserved for this device (2026_12_03_0500_number_blocks). */
export interface NumberBlocksTable {
  series_key: string
  first_seq: number
  last_seq: number
  /** The next unused number of the block; the block is used up once it passes last_seq. */
  next_seq: number
}

export interface SyncOutboxTable {
  mutation_id: Generated<number>
  entity: string
  row_id: string
  op: 'insert' | 'patch' | 'delete'
  /** JSON object: column name -> new value */
  fields: string
  base_version: number
  hlc: string
  created_at: string
}

/** Device-local email outbox (migrations/local/2026_12_03_0300_email_outbox.ts). */
export interface EmailOutboxTable {
  id: string
  message_id: string
  proposal_id: string
  proposal_number: string
  proposal_updated_at: string
  status: 'queued' | 'sending' | 'sent' | 'failed' | 'unknown'
  from_name: Generated<string>
  from_address: string
  to_json: string
  cc_json: Generated<string>
  bcc_json: Generated<string>
  subject: string
  body: string
  attachment_name: string
  attachment_sha256: string
  attachment_size: number
  attachment_key: string
  attachment: Buffer
  attempts: Generated<number>
  next_attempt_at: string | null
  failure_code: string | null
  failure_message: string | null
  server_response: string | null
  owner: string | null
  created_at: string
  updated_at: string
  sent_at: string | null
}

export interface LocalStateTable {
  key: string
  value: string
}

/**
 * The local store's schema as Kysely sees it. Areas that add tables (activity, templates, sync,
 * email outbox, FTS…) extend this interface here, next to their migration.
 */
export interface LocalDatabase {
  company_settings: CompanySettingsTable
  clients: ClientsTable
  products: ProductsTable
  proposals: ProposalsTable
  proposal_sections: ProposalSectionsTable
  line_items: LineItemsTable
  number_counters: NumberCountersTable
  number_blocks: NumberBlocksTable
  sync_outbox: SyncOutboxTable
  local_state: LocalStateTable
  email_outbox: EmailOutboxTable
  activity: ActivityTable
  proposal_templates: ProposalTemplatesTable
  library_sections: LibrarySectionsTable
  search_docs: SearchDocsTable
}

/** Proposal timeline (migrations/local/2026_12_03_0400_quoting.ts); device-local, append-only. */
export interface ActivityTable {
  id: string
  proposal_id: string
  kind: string
  actor: Generated<string>
  at: string
  /** JSON object */
  data: Generated<string>
}

export interface ProposalTemplatesTable extends SyncedColumns {
  id: string
  name: string
  description: Generated<string>
  title: Generated<string>
  currency: string | null
  validity_days: number | null
  tax_rounding: Generated<'per-document' | 'per-line'>
  prices_include_tax: Generated<0 | 1>
  document_discount_percent: Generated<string>
  terms: Generated<string>
  notes: Generated<string>
  /** JSON [{title, body}] */
  sections: Generated<string>
  /** JSON line inputs (no ids) */
  lines: Generated<string>
}

export interface LibrarySectionsTable extends SyncedColumns {
  id: string
  title: string
  body: Generated<string>
  category: Generated<string>
  /** JSON string[] */
  tags: Generated<string>
}

/** Stable FTS rowids for proposals (proposal_fts itself is queried with raw SQL). */
export interface SearchDocsTable {
  doc: Generated<number>
  proposal_id: string
}
