import type { SyncedEntity } from './outbox.ts'

/**
 * How each synced column travels between SQLite and MySQL/MariaDB. One table drives the codecs,
 * the merge and the pull, so adding a column means adding it here and in both migrations.
 *
 * - text:   MEDIUMTEXT/VARCHAR utf8mb4 ↔ TEXT
 * - dec:    DECIMAL ↔ decimal string (mysql2 returns DECIMAL as a string; never a float)
 * - int:    INT ↔ INTEGER
 * - big:    BIGINT (returned as a string by bigNumberStrings) ↔ INTEGER (safe integers only)
 * - bool:   TINYINT(1) ↔ 0/1
 * - date:   DATE (dateStrings) ↔ 'YYYY-MM-DD' (a calendar date: no time zone ever applies)
 * - ts:     DATETIME(3) UTC ↔ ISO 'YYYY-MM-DDTHH:mm:ss.sssZ'
 * - json:   LONGTEXT holding JSON ↔ TEXT
 * - blob:   MEDIUMBLOB ↔ BLOB (base64 inside the outbox JSON)
 * - id:     CHAR(36) ascii_bin ↔ TEXT
 */
export type ColumnKind =
  'text' | 'dec' | 'int' | 'big' | 'bool' | 'date' | 'ts' | 'json' | 'blob' | 'id'

export interface TableSpec {
  entity: SyncedEntity
  table: string
  columns: Record<string, ColumnKind>
  /** Fields where concurrent edits become a user-visible conflict (server value kept). */
  surface: ReadonlySet<string>
  /** Derived by the calculator on the server; never taken from a device. */
  derived: ReadonlySet<string>
  /** Columns that may be NULL. */
  nullable: ReadonlySet<string>
  /** Max length of short columns (VARCHAR on the server). */
  maxLength?: Record<string, number>
  /** Values for columns an insert leaves out (the local schema's DEFAULTs). */
  defaults?: Record<string, unknown>
}

const META: Record<string, ColumnKind> = {
  created_at: 'ts',
  updated_at: 'ts',
  updated_by: 'text',
  deleted_at: 'ts',
}

/** Apply order: parents before children (local foreign keys). */
export const TABLE_SPECS: readonly TableSpec[] = [
  {
    entity: 'company_settings',
    table: 'company_settings',
    columns: {
      company_name: 'text',
      address: 'text',
      email: 'text',
      phone: 'text',
      website: 'text',
      tax_id: 'text',
      payment_details: 'text',
      logo: 'blob',
      logo_mime: 'text',
      default_currency: 'text',
      default_tax_rate: 'dec',
      validity_days: 'int',
      numbering_series: 'text',
      default_terms: 'text',
      tax_rounding: 'text',
      prices_include_tax: 'bool',
      locale: 'text',
      ...META,
    },
    surface: new Set(['default_currency', 'default_tax_rate', 'default_terms', 'numbering_series']),
    derived: new Set(),
    nullable: new Set(['logo', 'logo_mime', 'deleted_at']),
    defaults: {
      default_currency: 'EUR',
      default_tax_rate: '20',
      validity_days: 30,
      numbering_series: 'PR-{YYYY}-{SEQ:4}',
      tax_rounding: 'per-document',
      locale: 'en-GB',
    },
  },
  {
    entity: 'client',
    table: 'clients',
    columns: {
      name: 'text',
      contact_name: 'text',
      email: 'text',
      phone: 'text',
      address: 'text',
      tax_id: 'text',
      notes: 'text',
      ...META,
    },
    surface: new Set(),
    derived: new Set(),
    nullable: new Set(['deleted_at']),
  },
  {
    entity: 'product',
    table: 'products',
    columns: {
      sku: 'text',
      name: 'text',
      description: 'text',
      unit: 'text',
      unit_price: 'dec',
      currency: 'text',
      taxes: 'json',
      active: 'bool',
      ...META,
    },
    surface: new Set(['unit_price', 'currency', 'taxes']),
    derived: new Set(),
    nullable: new Set(['deleted_at']),
    defaults: { active: 1 },
  },
  {
    entity: 'proposal',
    table: 'proposals',
    columns: {
      number: 'text',
      revision: 'int',
      revision_of: 'id',
      title: 'text',
      status: 'text',
      client_id: 'id',
      client_snapshot: 'json',
      currency: 'text',
      issue_date: 'date',
      valid_until: 'date',
      tax_rounding: 'text',
      prices_include_tax: 'bool',
      document_discount_percent: 'dec',
      terms: 'text',
      notes: 'text',
      net_minor: 'big',
      tax_minor: 'big',
      gross_minor: 'big',
      is_sample: 'bool',
      sent_at: 'ts',
      ...META,
    },
    surface: new Set([
      'status',
      'terms',
      'currency',
      'client_id',
      'document_discount_percent',
      'tax_rounding',
      'prices_include_tax',
      'valid_until',
    ]),
    derived: new Set(['net_minor', 'tax_minor', 'gross_minor']),
    nullable: new Set([
      'revision_of',
      'client_id',
      'client_snapshot',
      'issue_date',
      'valid_until',
      'sent_at',
      'deleted_at',
    ]),
    maxLength: { number: 100, status: 16 },
    defaults: { status: 'draft', tax_rounding: 'per-document' },
  },
  {
    entity: 'proposal_section',
    table: 'proposal_sections',
    columns: { proposal_id: 'id', position: 'text', title: 'text', body: 'text', ...META },
    surface: new Set(),
    derived: new Set(),
    nullable: new Set(['deleted_at']),
    maxLength: { position: 255 },
  },
  {
    entity: 'line_item',
    table: 'line_items',
    columns: {
      proposal_id: 'id',
      position: 'text',
      product_id: 'id',
      sku: 'text',
      description: 'text',
      quantity: 'dec',
      unit: 'text',
      unit_price: 'dec',
      discount_percent: 'dec',
      taxes: 'json',
      optional: 'bool',
      net_minor: 'big',
      ...META,
    },
    surface: new Set(['quantity', 'unit_price', 'discount_percent', 'taxes']),
    derived: new Set(['net_minor']),
    nullable: new Set(['product_id', 'deleted_at']),
    maxLength: { position: 255 },
  },
]

export const SPEC_BY_ENTITY: ReadonlyMap<string, TableSpec> = new Map(
  TABLE_SPECS.map((s) => [s.entity, s]),
)
export const ENTITY_ORDER: readonly string[] = TABLE_SPECS.map((s) => s.entity)

export function specFor(entity: string): TableSpec {
  const s = SPEC_BY_ENTITY.get(entity)
  if (!s) throw new Error(`Unknown synced entity: ${entity}`)
  return s
}

/**
 * Server schema versions this build can sync with (sync_meta.schema_version). v2 added
 * sync_number_block, which every session uses to reserve numbers, so a v1 server is refused.
 */
export const SUPPORTED_SCHEMA_VERSIONS: readonly number[] = [2]
/** Bumped when the push/merge rules change incompatibly; the server may refuse older clients. */
export const CLIENT_PROTOCOL_VERSION = 1
