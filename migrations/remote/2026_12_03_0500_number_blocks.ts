/**
 * Server schema v2: per-device blocks of proposal numbers (docs/sync.md "Numbering"). Frozen in
 * time: never import from src-*. Expand only: v1 tables are untouched; each step is ONE
 * idempotent statement.
 */
import type { RemoteStep } from './2026_12_03_0001_initial.ts'

const TABLE_OPTS = 'ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci'
const ID = 'CHAR(36) CHARACTER SET ascii COLLATE ascii_bin'

export const steps: RemoteStep[] = [
  {
    // Ranges of sync_number_counter handed to one device; a number pushed from inside its own
    // range is accepted as final. Keyed like sync_number_counter (the resolved series prefix).
    name: '0017_sync_number_block',
    sql: `CREATE TABLE IF NOT EXISTS sync_number_block (
      series_key VARCHAR(100) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
      first_seq BIGINT UNSIGNED NOT NULL,
      last_seq BIGINT UNSIGNED NOT NULL,
      client_id ${ID} NOT NULL,
      created_at DATETIME(3) NOT NULL,
      PRIMARY KEY (series_key, first_seq),
      KEY sync_number_block_client (client_id, series_key)
    ) ${TABLE_OPTS}`,
  },
  // Last: the server is "at v2" only once everything above exists.
  {
    name: '0018_sync_meta_v2',
    sql: `UPDATE sync_meta SET schema_version = GREATEST(schema_version, 2) WHERE id = 1`,
  },
]
