import type { Insertable, Selectable, Updateable } from 'kysely'
import type { LocalDb } from '../db/local-database.ts'
import type { CompanySettingsTable } from '../db/tables.ts'

export type CompanySettingsRow = Selectable<CompanySettingsTable>
export type NewCompanySettingsRow = Insertable<CompanySettingsTable>

/** The one settings row of a store. */
export const COMPANY_SETTINGS_ID = 'company'

export function findCompanySettingsRow(db: LocalDb): CompanySettingsRow | undefined {
  return db.first(
    db.q.selectFrom('company_settings').selectAll().where('id', '=', COMPANY_SETTINGS_ID),
  )
}

export function insertCompanySettingsRow(db: LocalDb, row: NewCompanySettingsRow): void {
  db.run(db.q.insertInto('company_settings').values(row))
}

export function updateCompanySettingsRow(
  db: LocalDb,
  fields: Updateable<CompanySettingsTable>,
): void {
  db.run(db.q.updateTable('company_settings').set(fields).where('id', '=', COMPANY_SETTINGS_ID))
}
