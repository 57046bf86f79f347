import fs from 'node:fs'
import path from 'node:path'
import type { SecretStore } from '../app/ports.ts'
import { writeFileAtomicSync } from './atomic-file.ts'

export const SECRETS_FILE_NAME = 'secrets.json'

/** `server.password` → `PROPOSALDESK_SECRET_SERVER_PASSWORD` */
export function secretEnvName(name: string): string {
  return `PROPOSALDESK_SECRET_${name.toUpperCase().replace(/[^A-Z0-9]+/g, '_')}`
}

/**
 * Secrets for the Node hosts (browser host, CLI), where Electron's safeStorage does not exist.
 *
 * WEAKER than the desktop app's safeStorage: the values are stored in plain text in
 * `<dataDir>/secrets.json`, protected only by file permissions (0600, owner read/write). Anyone who
 * can read the user's files can read them. For automation, `PROPOSALDESK_SECRET_<NAME>` in the
 * environment overrides the stored value (and is never written to disk).
 */
export function createFileSecretStore(opts: {
  dataDir: string
  env?: NodeJS.ProcessEnv
}): SecretStore {
  const file = path.join(opts.dataDir, SECRETS_FILE_NAME)
  const env = opts.env ?? process.env

  const read = (): Record<string, string> => {
    let text: string
    try {
      text = fs.readFileSync(file, 'utf8')
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return {}
      throw e
    }
    const v: unknown = JSON.parse(text)
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return {}
    return Object.fromEntries(
      Object.entries(v).filter((e): e is [string, string] => typeof e[1] === 'string'),
    )
  }

  return {
    get(name) {
      const fromEnv = env[secretEnvName(name)]
      if (fromEnv !== undefined && fromEnv !== '') return Promise.resolve(fromEnv)
      return Promise.resolve(read()[name] ?? null)
    },
    set(name, value) {
      const all = read()
      if (value === null) delete all[name]
      else all[name] = value
      writeFileAtomicSync(file, `${JSON.stringify(all, null, 2)}\n`, { mode: 0o600 })
      return Promise.resolve()
    },
    describe: () => 'file (0600, not encrypted — weaker than the desktop keychain)',
  }
}
