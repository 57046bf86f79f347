import fs from 'node:fs'
import type { Logger, SettingsStore } from '../app/ports.ts'
import { writeFileAtomicSync } from './atomic-file.ts'

/** The part of `conf` (and so of electron-store, its subclass) this store relies on. */
export interface ConfLike {
  readonly path: string
  readonly store: Record<string, unknown>
  get(key: string): unknown
  set(key: string, value: unknown): void
  delete(key: string): void
}

export interface RecoveryReport {
  /** The unreadable file, kept for inspection. */
  corruptCopy: string
  /** true: the last good copy was restored; false: no good copy existed, settings start empty. */
  restored: boolean
}

export interface ResilientSettingsStore extends SettingsStore {
  readonly path: string
  /** Set when the settings file was unreadable at some point in this process. */
  readonly recovery: RecoveryReport | null
}

export function backupPathFor(file: string): string {
  return `${file}.bak`
}

function isParseFailure(e: unknown): boolean {
  return (
    e instanceof SyntaxError ||
    (e instanceof Error &&
      (e.name === 'SyntaxError' || e.message.startsWith('Config schema violation')))
  )
}

function readJsonObject(file: string): Record<string, unknown> | null {
  try {
    const v: unknown = JSON.parse(fs.readFileSync(file, 'utf8'))
    return v !== null && typeof v === 'object' && !Array.isArray(v)
      ? (v as Record<string, unknown>)
      : null
  } catch {
    return null
  }
}

/**
 * Settings that survive a crash or a corrupt file (reliability.md case 15): conf writes atomically;
 * after every successful write the file is copied to `<file>.bak`; when the file cannot be parsed
 * the broken copy is set aside, the last good copy restored and the event logged — never a silent
 * reset of the server URL and preferences.
 *
 * `open` builds the conf/electron-store instance for `file`; it is called again after a recovery.
 */
export function createResilientSettingsStore(opts: {
  file: string
  open: () => ConfLike
  logger: Logger
  now?: () => Date
}): ResilientSettingsStore {
  const { file, open, logger } = opts
  const now = opts.now ?? (() => new Date())
  let recovery: RecoveryReport | null = null

  const recover = (error: unknown): void => {
    const stamp = now().toISOString().replace(/[:.]/g, '-')
    const corruptCopy = `${file}.corrupt-${stamp}`
    try {
      fs.renameSync(file, corruptCopy)
    } catch {
      // Already gone (another process recovered it); nothing to keep.
    }
    const good = readJsonObject(backupPathFor(file))
    if (good) writeFileAtomicSync(file, JSON.stringify(good, null, '\t'))
    recovery = { corruptCopy, restored: good !== null }
    const data = {
      file,
      corruptCopy,
      error: error instanceof Error ? error.message : String(error),
    }
    if (good) logger.warn('settings file was unreadable; restored the last good copy', data)
    else logger.error('settings file was unreadable and no good copy exists; starting empty', data)
  }

  const openChecked = (): ConfLike => {
    try {
      const c = open()
      void c.store // conf parses lazily in places; force the read so a broken file shows up now
      return c
    } catch (e) {
      if (!isParseFailure(e)) throw e
      recover(e)
      return open()
    }
  }

  let conf = openChecked()

  const refreshBackup = (): void => {
    try {
      const current = readJsonObject(file)
      if (current) writeFileAtomicSync(backupPathFor(file), JSON.stringify(current, null, '\t'))
    } catch (e) {
      logger.warn('could not refresh the settings backup', {
        error: e instanceof Error ? e.message : String(e),
      })
    }
  }
  refreshBackup()

  /** Runs `op`; when the file turned out corrupt meanwhile, recovers and retries once. */
  const guarded = <T>(op: () => T): T => {
    try {
      return op()
    } catch (e) {
      if (!isParseFailure(e)) throw e
      recover(e)
      conf = open()
      return op()
    }
  }

  return {
    path: file,
    get recovery() {
      return recovery
    },
    get: (key) => guarded(() => conf.get(key)),
    set: (key, value) => {
      guarded(() => conf.set(key, value))
      refreshBackup()
    },
    delete: (key) => {
      guarded(() => conf.delete(key))
      refreshBackup()
    },
    all: () => guarded(() => ({ ...conf.store })),
  }
}
