import type { EventMap, EventName } from '../../src-shared/ipc/events.ts'

/**
 * Platform ports: the three hosts (Electron, browser host, in-process tests) differ only in the
 * implementations they pass to `createApp`. Code never asks "am I in Electron?".
 */

/** Non-secret app preferences (sync server host/port/user, SMTP host, UI prefs). electron-store in
 * Electron, `conf` (same schema) in Node hosts, a Map in tests. */
export interface SettingsStore {
  get(key: string): unknown
  set(key: string, value: unknown): void
  delete(key: string): void
  all(): Record<string, unknown>
}

/** Secrets (MySQL and SMTP passwords). safeStorage in Electron. Never sent to the renderer. */
export interface SecretStore {
  get(name: string): Promise<string | null>
  set(name: string, value: string | null): Promise<void>
  /** e.g. "safeStorage (keychain)", "file (0600)", "memory" — shown in settings. */
  describe(): string
}

/** Desktop integrations. Node hosts return false (the browser host offers a download URL). */
export interface DesktopShell {
  openPath(absPath: string): Promise<boolean>
  revealPath(absPath: string): Promise<boolean>
}

export interface EventSink {
  emit<E extends EventName>(event: E, payload: EventMap[E]): void
}

export interface Clock {
  now(): Date
}

export interface Logger {
  info(msg: string, data?: Record<string, unknown>): void
  warn(msg: string, data?: Record<string, unknown>): void
  error(msg: string, data?: Record<string, unknown>): void
}

export interface Ports {
  settings: SettingsStore
  secrets: SecretStore
  shell: DesktopShell
  clock: Clock
  logger: Logger
}

export interface AppConfig {
  /** The data directory: local store, settings, PDF cache, outbox. One data directory = one device. */
  dataDir: string
  host: 'electron' | 'browser' | 'in-process'
  version: string
  /** Why the desktop window is not available (browser host fallback message). */
  hostNote?: string | null
  /** PDF worker pool size; default from available cores. */
  pdfWorkers?: number
  /** Skip creating the sample proposal on first start (tests, CLI). Default false. */
  skipSample?: boolean
  /** Name recorded in updated_by / activity. Default: OS user name. */
  userName?: string
}

export function memorySettingsStore(initial: Record<string, unknown> = {}): SettingsStore {
  const m = new Map(Object.entries(initial))
  return {
    get: (k) => m.get(k),
    set: (k, v) => void m.set(k, v),
    delete: (k) => void m.delete(k),
    all: () => Object.fromEntries(m),
  }
}

export function memorySecretStore(): SecretStore {
  const m = new Map<string, string>()
  return {
    get: (k) => Promise.resolve(m.get(k) ?? null),
    set: (k, v) => {
      if (v === null) m.delete(k)
      else m.set(k, v)
      return Promise.resolve()
    },
    describe: () => 'memory (not persisted)',
  }
}

export const noopShell: DesktopShell = {
  openPath: () => Promise.resolve(false),
  revealPath: () => Promise.resolve(false),
}

export const systemClock: Clock = { now: () => new Date() }

export function consoleLogger(prefix = 'proposaldesk'): Logger {
  const line = (level: string, msg: string, data?: Record<string, unknown>): string =>
    JSON.stringify({ t: new Date().toISOString(), level, src: prefix, msg, ...data })
  return {
    info: (m, d) => console.error(line('info', m, d)),
    warn: (m, d) => console.error(line('warn', m, d)),
    error: (m, d) => console.error(line('error', m, d)),
  }
}

export const silentLogger: Logger = { info: () => {}, warn: () => {}, error: () => {} }
