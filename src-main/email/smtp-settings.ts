import type { SecretStore, SettingsStore } from '../app/ports.ts'
import type {
  EmailSettingsView,
  SmtpSecurity,
  SmtpSettingsInput,
} from '../../src-shared/ipc/email.contract.ts'

/**
 * Keys in the SettingsStore (and `proposaldesk config`). The password is the only secret and lives
 * in the SecretStore under SMTP_PASSWORD_SECRET; it is write-only everywhere.
 */
export const SMTP_KEYS = {
  host: 'smtp.host',
  port: 'smtp.port',
  security: 'smtp.security',
  user: 'smtp.user',
  fromName: 'smtp.fromName',
  fromAddress: 'smtp.fromAddress',
  ca: 'smtp.ca',
} as const
export const SMTP_PASSWORD_SECRET = 'smtp.password'
/** Every `smtp.*` config key, secrets included (for the config command's key list). */
export const SMTP_CONFIG_KEYS = [...Object.values(SMTP_KEYS), SMTP_PASSWORD_SECRET] as const
export const SMTP_SECRET_KEYS = [SMTP_PASSWORD_SECRET] as const

export const ENV_SMTP_URL = 'PROPOSALDESK_SMTP_URL'
export const ENV_SMTP_FROM = 'PROPOSALDESK_SMTP_FROM'

/** Everything needed to open a connection; only ever lives in the main process. */
export interface SmtpConfig {
  host: string
  port: number
  security: SmtpSecurity
  user: string
  password: string
  fromName: string
  fromAddress: string
  /** Extra trusted CA (PEM), added to the system roots. */
  ca: string
}

export type Env = Readonly<Record<string, string | undefined>>

function str(v: unknown): string {
  return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : ''
}

export function defaultPort(security: SmtpSecurity): number {
  return security === 'tls' ? 465 : 587
}

function storedSecurity(v: unknown): SmtpSecurity {
  return v === 'tls' ? 'tls' : 'starttls'
}

function storedPort(v: unknown): number | null {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() ? Number(v) : NaN
  return Number.isInteger(n) && n > 0 && n < 65536 ? n : null
}

/** `smtp://user:pass@host:587` (STARTTLS, required) or `smtps://…` (implicit TLS). */
export function parseSmtpUrl(url: string): Omit<SmtpConfig, 'fromName' | 'fromAddress' | 'ca'> {
  let u: URL
  try {
    u = new URL(url)
  } catch {
    throw new Error(`${ENV_SMTP_URL} is not a URL (expected smtp://user:password@host:587)`)
  }
  const security: SmtpSecurity =
    u.protocol === 'smtps:' ? 'tls' : u.protocol === 'smtp:' ? 'starttls' : ('' as SmtpSecurity)
  if (!security) throw new Error(`${ENV_SMTP_URL} must start with smtp:// or smtps://`)
  if (!u.hostname) throw new Error(`${ENV_SMTP_URL} has no host`)
  return {
    host: u.hostname.replace(/^\[|\]$/g, ''),
    port: u.port ? Number(u.port) : defaultPort(security),
    security,
    user: decodeURIComponent(u.username),
    password: decodeURIComponent(u.password),
  }
}

/** `Name <addr@example.com>` or `addr@example.com`. */
export function parseFrom(value: string): { name: string; address: string } {
  const m = /^\s*"?([^"<]*?)"?\s*<([^>]+)>\s*$/.exec(value)
  if (m) return { name: (m[1] ?? '').trim(), address: (m[2] ?? '').trim() }
  return { name: '', address: value.trim() }
}

export interface SmtpSettingsDeps {
  settings: SettingsStore
  secrets: SecretStore
  env: Env
}

/** The effective configuration (stored settings, then env overrides), or null when incomplete. */
export async function loadSmtpConfig(deps: SmtpSettingsDeps): Promise<SmtpConfig | null> {
  const s = deps.settings
  const security = storedSecurity(s.get(SMTP_KEYS.security))
  let cfg: SmtpConfig = {
    host: str(s.get(SMTP_KEYS.host)).trim(),
    port: storedPort(s.get(SMTP_KEYS.port)) ?? defaultPort(security),
    security,
    user: str(s.get(SMTP_KEYS.user)),
    password: '',
    fromName: str(s.get(SMTP_KEYS.fromName)),
    fromAddress: str(s.get(SMTP_KEYS.fromAddress)).trim(),
    ca: str(s.get(SMTP_KEYS.ca)),
  }
  const url = deps.env[ENV_SMTP_URL]
  if (url) {
    cfg = { ...cfg, ...parseSmtpUrl(url) }
  } else {
    cfg.password = (await deps.secrets.get(SMTP_PASSWORD_SECRET)) ?? ''
  }
  const from = deps.env[ENV_SMTP_FROM]
  if (from) {
    const f = parseFrom(from)
    cfg.fromAddress = f.address
    if (f.name) cfg.fromName = f.name
  }
  if (!cfg.host || !cfg.fromAddress) return null
  return cfg
}

export async function smtpSettingsView(deps: SmtpSettingsDeps): Promise<EmailSettingsView> {
  const s = deps.settings
  const security = storedSecurity(s.get(SMTP_KEYS.security))
  const hasPassword = ((await deps.secrets.get(SMTP_PASSWORD_SECRET)) ?? '') !== ''
  let configured = false
  try {
    configured = (await loadSmtpConfig(deps)) !== null
  } catch {
    configured = false
  }
  return {
    host: str(s.get(SMTP_KEYS.host)),
    port: storedPort(s.get(SMTP_KEYS.port)),
    security,
    user: str(s.get(SMTP_KEYS.user)),
    hasPassword,
    fromName: str(s.get(SMTP_KEYS.fromName)),
    fromAddress: str(s.get(SMTP_KEYS.fromAddress)),
    ca: str(s.get(SMTP_KEYS.ca)),
    secretStore: deps.secrets.describe(),
    envOverride: { url: Boolean(deps.env[ENV_SMTP_URL]), from: Boolean(deps.env[ENV_SMTP_FROM]) },
    configured,
  }
}

/** Input already validated by the contract schema (parsed form). */
export async function saveSmtpSettings(
  deps: SmtpSettingsDeps,
  input: Required<Omit<SmtpSettingsInput, 'password'>> & { password?: string | undefined },
): Promise<void> {
  const s = deps.settings
  s.set(SMTP_KEYS.host, input.host.trim())
  if (input.port === null) s.delete(SMTP_KEYS.port)
  else s.set(SMTP_KEYS.port, input.port)
  s.set(SMTP_KEYS.security, input.security)
  s.set(SMTP_KEYS.user, input.user)
  s.set(SMTP_KEYS.fromName, input.fromName)
  s.set(SMTP_KEYS.fromAddress, input.fromAddress)
  if (input.ca.trim()) s.set(SMTP_KEYS.ca, input.ca.trim() + '\n')
  else s.delete(SMTP_KEYS.ca)
  if (input.password !== undefined) {
    await deps.secrets.set(SMTP_PASSWORD_SECRET, input.password === '' ? null : input.password)
  }
}
