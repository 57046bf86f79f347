import type { Migration } from 'kysely'
import * as m0001 from './2026_12_03_0001_initial.ts'
import * as m0300email from './2026_12_03_0300_email_outbox.ts'
import * as m0400quoting from './2026_12_03_0400_quoting.ts'
import * as m0401listIndexes from './2026_12_03_0401_list_indexes.ts'
import * as m0402statusIndexes from './2026_12_03_0402_status_indexes.ts'
import * as m0403searchPrefixes from './2026_12_03_0403_search_prefixes.ts'
import * as m0500numberBlocks from './2026_12_03_0500_number_blocks.ts'

/**
 * Static registry (no directory scan: it must work inside a bundle). Names sort in apply order.
 * Add new migrations at the end; never edit an applied one.
 */
export const localMigrations: Record<string, Migration> = {
  '2026_12_03_0001_initial': m0001,
  '2026_12_03_0300_email_outbox': m0300email,
  '2026_12_03_0400_quoting': m0400quoting,
  '2026_12_03_0401_list_indexes': m0401listIndexes,
  '2026_12_03_0402_status_indexes': m0402statusIndexes,
  '2026_12_03_0403_search_prefixes': m0403searchPrefixes,
  '2026_12_03_0500_number_blocks': m0500numberBlocks,
}
