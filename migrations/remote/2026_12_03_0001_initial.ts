/**
 * Server schema v1. Frozen in time: never import from src-*. Each step is ONE idempotent statement
 * (MySQL DDL commits implicitly, so a half-applied multi-statement migration could never be
 * retried safely). Later migrations follow expand → upgrade clients → contract: add columns and
 * tables first, drop them only after `sync_meta.min_client_schema` has moved past the last client
 * that reads them.
 *
 * Portable subset of MariaDB 10.6+ and MySQL 8: no JSON type (MariaDB aliases it to LONGTEXT and
 * mysql2 parses it differently), no UUID type, no RETURNING, no row aliases in upserts.
 */
export interface RemoteStep {
  name: string
  sql: string
}

const TABLE_OPTS = 'ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci'
const ID = 'CHAR(36) CHARACTER SET ascii COLLATE ascii_bin'
// Bookkeeping every synced table carries. row_version = the sync seq of the last change;
// _fv = JSON {field: [seq, hlc, client_id]} for the per-field 3-way merge (never pulled).
const META = `
  created_at DATETIME(3) NOT NULL,
  updated_at DATETIME(3) NOT NULL,
  updated_by VARCHAR(190) NOT NULL DEFAULT '',
  deleted_at DATETIME(3) NULL,
  deleted_seq BIGINT UNSIGNED NULL,
  row_version BIGINT UNSIGNED NOT NULL,
  _fv LONGTEXT NOT NULL`

export const steps: RemoteStep[] = [
  {
    name: '0001_sync_meta',
    sql: `CREATE TABLE IF NOT EXISTS sync_meta (
      id TINYINT UNSIGNED NOT NULL PRIMARY KEY,
      schema_version INT NOT NULL,
      min_client_schema INT NOT NULL DEFAULT 1,
      server_epoch ${ID} NOT NULL,
      created_at DATETIME(3) NOT NULL
    ) ${TABLE_OPTS}`,
  },
  {
    name: '0002_sync_counter',
    sql: `CREATE TABLE IF NOT EXISTS sync_counter (
      id TINYINT UNSIGNED NOT NULL PRIMARY KEY,
      seq BIGINT UNSIGNED NOT NULL
    ) ${TABLE_OPTS}`,
  },
  { name: '0003_sync_counter_row', sql: `INSERT IGNORE INTO sync_counter (id, seq) VALUES (1, 0)` },
  {
    name: '0004_sync_change',
    sql: `CREATE TABLE IF NOT EXISTS sync_change (
      seq BIGINT UNSIGNED NOT NULL,
      ord INT UNSIGNED NOT NULL,
      entity VARCHAR(32) CHARACTER SET ascii NOT NULL,
      row_id ${ID} NOT NULL,
      op VARCHAR(8) CHARACTER SET ascii NOT NULL,
      client_id ${ID} NULL,
      mutation_id BIGINT UNSIGNED NULL,
      changed_at DATETIME(3) NOT NULL,
      PRIMARY KEY (seq, ord)
    ) ${TABLE_OPTS}`,
  },
  {
    name: '0005_sync_client',
    sql: `CREATE TABLE IF NOT EXISTS sync_client (
      client_id ${ID} NOT NULL PRIMARY KEY,
      last_mutation_id BIGINT UNSIGNED NOT NULL DEFAULT 0,
      user_name VARCHAR(190) NOT NULL DEFAULT '',
      app_version VARCHAR(40) NOT NULL DEFAULT '',
      protocol INT NOT NULL DEFAULT 0,
      last_seen_at DATETIME(3) NULL
    ) ${TABLE_OPTS}`,
  },
  {
    name: '0006_sync_mutation_result',
    sql: `CREATE TABLE IF NOT EXISTS sync_mutation_result (
      client_id ${ID} NOT NULL,
      mutation_id BIGINT UNSIGNED NOT NULL,
      status VARCHAR(16) CHARACTER SET ascii NOT NULL,
      seq BIGINT UNSIGNED NULL,
      detail TEXT NULL,
      PRIMARY KEY (client_id, mutation_id)
    ) ${TABLE_OPTS}`,
  },
  {
    name: '0007_sync_conflict',
    sql: `CREATE TABLE IF NOT EXISTS sync_conflict (
      id ${ID} NOT NULL PRIMARY KEY,
      client_id ${ID} NOT NULL,
      mutation_id BIGINT UNSIGNED NOT NULL,
      kind VARCHAR(16) CHARACTER SET ascii NOT NULL,
      entity VARCHAR(32) CHARACTER SET ascii NOT NULL,
      row_id ${ID} NOT NULL,
      field VARCHAR(64) CHARACTER SET ascii NULL,
      server_value LONGTEXT NULL,
      client_value LONGTEXT NULL,
      detail TEXT NULL,
      seq BIGINT UNSIGNED NOT NULL,
      created_at DATETIME(3) NOT NULL,
      KEY sync_conflict_client (client_id, mutation_id)
    ) ${TABLE_OPTS}`,
  },
  {
    name: '0008_sync_number_counter',
    sql: `CREATE TABLE IF NOT EXISTS sync_number_counter (
      series_key VARCHAR(100) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL PRIMARY KEY,
      next_seq BIGINT UNSIGNED NOT NULL
    ) ${TABLE_OPTS}`,
  },
  {
    name: '0009_sync_revision_map',
    sql: `CREATE TABLE IF NOT EXISTS sync_revision_map (
      client_id ${ID} NOT NULL,
      original_id ${ID} NOT NULL,
      revision_id ${ID} NOT NULL,
      PRIMARY KEY (client_id, original_id)
    ) ${TABLE_OPTS}`,
  },
  {
    name: '0010_company_settings',
    sql: `CREATE TABLE IF NOT EXISTS company_settings (
      id ${ID} NOT NULL PRIMARY KEY,
      company_name MEDIUMTEXT NOT NULL,
      address MEDIUMTEXT NOT NULL,
      email MEDIUMTEXT NOT NULL,
      phone MEDIUMTEXT NOT NULL,
      website MEDIUMTEXT NOT NULL,
      tax_id MEDIUMTEXT NOT NULL,
      payment_details MEDIUMTEXT NOT NULL,
      logo MEDIUMBLOB NULL,
      logo_mime VARCHAR(100) NULL,
      default_currency VARCHAR(8) NOT NULL DEFAULT 'EUR',
      default_tax_rate DECIMAL(12,6) NOT NULL DEFAULT 20,
      validity_days INT NOT NULL DEFAULT 30,
      numbering_series VARCHAR(100) NOT NULL DEFAULT 'PR-{YYYY}-{SEQ:4}',
      default_terms MEDIUMTEXT NOT NULL,
      tax_rounding VARCHAR(16) NOT NULL DEFAULT 'per-document',
      prices_include_tax TINYINT(1) NOT NULL DEFAULT 0,
      locale VARCHAR(35) NOT NULL DEFAULT 'en-GB',
      ${META},
      KEY company_settings_rv (row_version)
    ) ${TABLE_OPTS}`,
  },
  {
    name: '0011_clients',
    sql: `CREATE TABLE IF NOT EXISTS clients (
      id ${ID} NOT NULL PRIMARY KEY,
      name MEDIUMTEXT NOT NULL,
      contact_name MEDIUMTEXT NOT NULL,
      email MEDIUMTEXT NOT NULL,
      phone MEDIUMTEXT NOT NULL,
      address MEDIUMTEXT NOT NULL,
      tax_id MEDIUMTEXT NOT NULL,
      notes MEDIUMTEXT NOT NULL,
      ${META},
      KEY clients_rv (row_version)
    ) ${TABLE_OPTS}`,
  },
  {
    name: '0012_products',
    sql: `CREATE TABLE IF NOT EXISTS products (
      id ${ID} NOT NULL PRIMARY KEY,
      sku MEDIUMTEXT NOT NULL,
      name MEDIUMTEXT NOT NULL,
      description MEDIUMTEXT NOT NULL,
      unit MEDIUMTEXT NOT NULL,
      unit_price DECIMAL(24,6) NOT NULL,
      currency VARCHAR(8) NOT NULL,
      taxes LONGTEXT NOT NULL,
      active TINYINT(1) NOT NULL DEFAULT 1,
      ${META},
      KEY products_rv (row_version)
    ) ${TABLE_OPTS}`,
  },
  {
    name: '0013_proposals',
    sql: `CREATE TABLE IF NOT EXISTS proposals (
      id ${ID} NOT NULL PRIMARY KEY,
      number VARCHAR(100) NOT NULL,
      revision INT NOT NULL DEFAULT 0,
      revision_of ${ID} NULL,
      title MEDIUMTEXT NOT NULL,
      status VARCHAR(16) CHARACTER SET ascii NOT NULL DEFAULT 'draft',
      client_id ${ID} NULL,
      client_snapshot LONGTEXT NULL,
      currency VARCHAR(8) NOT NULL,
      issue_date DATE NULL,
      valid_until DATE NULL,
      tax_rounding VARCHAR(16) NOT NULL DEFAULT 'per-document',
      prices_include_tax TINYINT(1) NOT NULL DEFAULT 0,
      document_discount_percent DECIMAL(12,6) NOT NULL DEFAULT 0,
      terms MEDIUMTEXT NOT NULL,
      notes MEDIUMTEXT NOT NULL,
      net_minor BIGINT NOT NULL DEFAULT 0,
      tax_minor BIGINT NOT NULL DEFAULT 0,
      gross_minor BIGINT NOT NULL DEFAULT 0,
      is_sample TINYINT(1) NOT NULL DEFAULT 0,
      sent_at DATETIME(3) NULL,
      ${META},
      UNIQUE KEY proposals_number (number, revision),
      KEY proposals_rv (row_version)
    ) ${TABLE_OPTS}`,
  },
  {
    name: '0014_proposal_sections',
    sql: `CREATE TABLE IF NOT EXISTS proposal_sections (
      id ${ID} NOT NULL PRIMARY KEY,
      proposal_id ${ID} NOT NULL,
      position VARCHAR(255) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
      title MEDIUMTEXT NOT NULL,
      body MEDIUMTEXT NOT NULL,
      ${META},
      KEY proposal_sections_proposal (proposal_id, position),
      KEY proposal_sections_rv (row_version)
    ) ${TABLE_OPTS}`,
  },
  {
    name: '0015_line_items',
    sql: `CREATE TABLE IF NOT EXISTS line_items (
      id ${ID} NOT NULL PRIMARY KEY,
      proposal_id ${ID} NOT NULL,
      position VARCHAR(255) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
      product_id ${ID} NULL,
      sku MEDIUMTEXT NOT NULL,
      description MEDIUMTEXT NOT NULL,
      quantity DECIMAL(24,6) NOT NULL,
      unit MEDIUMTEXT NOT NULL,
      unit_price DECIMAL(24,6) NOT NULL,
      discount_percent DECIMAL(12,6) NOT NULL DEFAULT 0,
      taxes LONGTEXT NOT NULL,
      optional TINYINT(1) NOT NULL DEFAULT 0,
      net_minor BIGINT NOT NULL DEFAULT 0,
      ${META},
      KEY line_items_proposal (proposal_id, position),
      KEY line_items_rv (row_version)
    ) ${TABLE_OPTS}`,
  },
  // Last: a server is "at v1" only once everything above exists. A new epoch id marks this
  // database; a restore from backup must get a new one (see docs/sync-admin.md).
  {
    name: '0016_sync_meta_row',
    sql: `INSERT INTO sync_meta (id, schema_version, min_client_schema, server_epoch, created_at)
      VALUES (1, 1, 1, UUID(), UTC_TIMESTAMP(3))
      ON DUPLICATE KEY UPDATE schema_version = GREATEST(schema_version, 1)`,
  },
]
