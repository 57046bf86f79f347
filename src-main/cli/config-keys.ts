import type { CompanySettings } from '../../src-shared/domain/proposal.types.ts'

export type ConfigValueType = 'string' | 'integer' | 'boolean'

/**
 * The keys `proposaldesk config` knows. `company`: a field of the company settings (stored in the
 * local database, edited by the Settings page too); `setting`: a plain preference in the settings
 * store; `secret`: write-only, kept in the secret store and never printed. Areas that add settings
 * (sync server, SMTP) append their keys here.
 */
export type ConfigKey =
  | { key: string; kind: 'company'; field: keyof CompanySettings; type: ConfigValueType }
  | { key: string; kind: 'setting'; type: ConfigValueType }
  | { key: string; kind: 'secret'; secretName?: string }
  /** The sync server as a URL without its password; written through the sync service. */
  | { key: string; kind: 'server-url' }

const company = (
  key: string,
  field: keyof CompanySettings,
  type: ConfigValueType = 'string',
): ConfigKey => ({ key, kind: 'company', field, type })

export const CONFIG_KEYS: readonly ConfigKey[] = [
  company('company.name', 'companyName'),
  company('company.address', 'address'),
  company('company.email', 'email'),
  company('company.phone', 'phone'),
  company('company.website', 'website'),
  company('company.taxId', 'taxId'),
  company('company.paymentDetails', 'paymentDetails'),
  company('defaults.currency', 'defaultCurrency'),
  company('defaults.taxRate', 'defaultTaxRate'),
  company('defaults.validityDays', 'validityDays', 'integer'),
  company('defaults.numberingSeries', 'numberingSeries'),
  company('defaults.terms', 'defaultTerms'),
  company('defaults.taxRounding', 'taxRounding'),
  company('defaults.pricesIncludeTax', 'pricesIncludeTax', 'boolean'),
  company('defaults.locale', 'locale'),
  // `config set server.url mysql://user:password@host:3306/db` configures sync (the password goes
  // to the secret store); `get` prints the URL without the password.
  { key: 'server.url', kind: 'server-url' },
  { key: 'server.password', kind: 'secret', secretName: 'sync.mysql.password' },
  // SMTP: the same keys the app's email settings use (src-main/email/smtp-settings.ts SMTP_KEYS);
  // env PROPOSALDESK_SMTP_URL / PROPOSALDESK_SMTP_FROM override them for automation.
  { key: 'smtp.host', kind: 'setting', type: 'string' },
  { key: 'smtp.port', kind: 'setting', type: 'integer' },
  { key: 'smtp.security', kind: 'setting', type: 'string' },
  { key: 'smtp.user', kind: 'setting', type: 'string' },
  { key: 'smtp.password', kind: 'secret' },
  { key: 'smtp.fromName', kind: 'setting', type: 'string' },
  { key: 'smtp.fromAddress', kind: 'setting', type: 'string' },
  { key: 'smtp.ca', kind: 'setting', type: 'string' },
]

export function findConfigKey(key: string): ConfigKey | undefined {
  return CONFIG_KEYS.find((k) => k.key === key)
}

/** The command-line text as a value of the key's type; null when it is not one. */
export function parseConfigValue(
  type: ConfigValueType,
  text: string,
): string | number | boolean | null {
  if (type === 'string') return text
  if (type === 'boolean') return text === 'true' ? true : text === 'false' ? false : null
  return /^-?\d+$/.test(text) && Number.isSafeInteger(Number(text)) ? Number(text) : null
}
