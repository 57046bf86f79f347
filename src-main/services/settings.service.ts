import type { CompanySettings } from '../../src-shared/domain/proposal.types.ts'
import { validateSeries } from '../../src-shared/domain/numbering.ts'
import { formatPath, validationError, type FieldIssue } from '../../src-shared/ipc/result.ts'
import { settingsPatchSchema } from '../../src-shared/ipc/schemas.ts'
import {
  COMPANY_SETTINGS_ID,
  findCompanySettingsRow,
  insertCompanySettingsRow,
  updateCompanySettingsRow,
  type CompanySettingsRow,
} from '../repositories/settings.repository.ts'
import { recordMutation } from '../sync/outbox.ts'
import type { SettingsService } from './index.ts'
import { checkCurrency, checkDecimal, TAX_RATE_RULE } from './input-rules.ts'
import { validateLogo } from '../pdf/text/index.ts'
import { checkLogo } from './logo-image.ts'
import {
  changedColumns,
  nextTimestamp,
  patchFields,
  syncedFields,
  type ServiceContext,
} from './service-context.ts'

export function settingsFromRow(row: CompanySettingsRow): CompanySettings {
  return {
    companyName: row.company_name,
    address: row.address,
    email: row.email,
    phone: row.phone,
    website: row.website,
    taxId: row.tax_id,
    paymentDetails: row.payment_details,
    hasLogo: row.logo !== null && row.logo.length > 0,
    logoMime: row.logo !== null ? row.logo_mime : null,
    defaultCurrency: row.default_currency,
    defaultTaxRate: row.default_tax_rate,
    validityDays: row.validity_days,
    numberingSeries: row.numbering_series,
    defaultTerms: row.default_terms,
    taxRounding: row.tax_rounding,
    pricesIncludeTax: row.prices_include_tax === 1,
    locale: row.locale,
  }
}

type SettingsColumns = Omit<
  CompanySettingsRow,
  'id' | 'created_at' | 'updated_at' | 'updated_by' | 'deleted_at' | 'row_version'
>

function settingsColumns(patch: Partial<CompanySettings>): Partial<SettingsColumns> {
  const issues: FieldIssue[] = []
  const cols: Partial<SettingsColumns> = {}
  if (patch.companyName !== undefined) cols.company_name = patch.companyName
  if (patch.address !== undefined) cols.address = patch.address
  if (patch.email !== undefined) cols.email = patch.email
  if (patch.phone !== undefined) cols.phone = patch.phone
  if (patch.website !== undefined) cols.website = patch.website
  if (patch.taxId !== undefined) cols.tax_id = patch.taxId
  if (patch.paymentDetails !== undefined) cols.payment_details = patch.paymentDetails
  if (patch.defaultCurrency !== undefined) {
    if (checkCurrency(patch.defaultCurrency, 'defaultCurrency', issues)) {
      cols.default_currency = patch.defaultCurrency
    }
  }
  if (patch.defaultTaxRate !== undefined) {
    const rate = checkDecimal(patch.defaultTaxRate, 'defaultTaxRate', issues, TAX_RATE_RULE)
    if (rate !== undefined) cols.default_tax_rate = rate
  }
  if (patch.validityDays !== undefined) {
    if (
      !Number.isInteger(patch.validityDays) ||
      patch.validityDays < 0 ||
      patch.validityDays > 3650
    ) {
      issues.push({ path: 'validityDays', message: 'must be a whole number of days (0–3650)' })
    } else cols.validity_days = patch.validityDays
  }
  if (patch.numberingSeries !== undefined) {
    const v = validateSeries(patch.numberingSeries)
    if (v.ok) cols.numbering_series = patch.numberingSeries
    else issues.push({ path: 'numberingSeries', message: v.error })
  }
  if (patch.defaultTerms !== undefined) cols.default_terms = patch.defaultTerms
  if (patch.taxRounding !== undefined) cols.tax_rounding = patch.taxRounding
  if (patch.pricesIncludeTax !== undefined) cols.prices_include_tax = patch.pricesIncludeTax ? 1 : 0
  if (patch.locale !== undefined) {
    if (!isLocale(patch.locale)) issues.push({ path: 'locale', message: 'not a known locale' })
    else cols.locale = patch.locale
  }
  if (issues.length > 0) throw validationError(issues)
  return cols
}

function isLocale(tag: string): boolean {
  try {
    return Intl.getCanonicalLocales(tag).length === 1
  } catch {
    return false
  }
}

export function createSettingsService(ctx: ServiceContext): SettingsService {
  const { db } = ctx

  /** The settings row, created with the defaults the first time anything asks for it. */
  const ensureRow = (): CompanySettingsRow => {
    const existing = findCompanySettingsRow(db)
    if (existing) return existing
    const now = ctx.now()
    db.transaction(() => {
      if (findCompanySettingsRow(db)) return
      const ts = now.toISOString()
      const row = {
        id: COMPANY_SETTINGS_ID,
        created_at: ts,
        updated_at: ts,
        updated_by: ctx.userName,
        deleted_at: null,
      }
      insertCompanySettingsRow(db, row)
      const stored = findCompanySettingsRow(db)
      recordMutation(
        db,
        {
          entity: 'company_settings',
          rowId: COMPANY_SETTINGS_ID,
          op: 'insert',
          fields: syncedFields(stored ?? row),
          baseVersion: 0,
        },
        now,
      )
    })
    const row = findCompanySettingsRow(db)
    if (!row) throw new Error('company settings row missing after insert')
    return row
  }

  const write = (cols: Partial<CompanySettingsRow>): CompanySettings => {
    ensureRow()
    const now = ctx.now()
    const changed = db.transaction(() => {
      const before = findCompanySettingsRow(db)
      if (!before) throw new Error('company settings row missing')
      const diff = changedColumns(before, cols)
      if (Object.keys(diff).length === 0) return false
      const fields = {
        ...diff,
        updated_at: nextTimestamp(now, before.updated_at),
        updated_by: ctx.userName,
      }
      updateCompanySettingsRow(db, fields)
      recordMutation(
        db,
        {
          entity: 'company_settings',
          rowId: COMPANY_SETTINGS_ID,
          op: 'patch',
          fields: patchFields(fields),
          baseVersion: before.row_version,
        },
        now,
      )
      return true
    })
    if (changed) ctx.changed('settings', [COMPANY_SETTINGS_ID])
    return settingsFromRow(ensureRow())
  }

  return {
    get: () => settingsFromRow(ensureRow()),

    update: (patch) => {
      // The service checks its own input: the CLI and imports call it without the dispatcher.
      const checked = settingsPatchSchema.safeParse(patch)
      if (!checked.success) {
        throw validationError(
          checked.error.issues.map((i) => ({ path: formatPath(i.path), message: i.message })),
        )
      }
      return write(settingsColumns(checked.data))
    },

    setLogo(input) {
      const checked = checkLogo(input.mime, input.dataBase64)
      if (!checked.ok) throw validationError(checked.issues)
      // The PDF engine's own reading of the logo, at upload time: an SVG that links to a file or
      // URL, or uses text no bundled font draws, is refused now — never dropped at export.
      const unusable = validateLogo(checked.bytes, checked.mime)
      if (unusable) throw validationError([{ path: 'dataBase64', message: unusable }])
      return write({ logo: checked.bytes, logo_mime: checked.mime })
    },

    removeLogo: () => write({ logo: null, logo_mime: null }),

    getLogo() {
      const row = ensureRow()
      if (!row.logo || row.logo.length === 0 || !row.logo_mime) return null
      return { bytes: Buffer.from(row.logo), mime: row.logo_mime }
    },
  }
}
