import fs from 'node:fs'
import path from 'node:path'
import { safeStorage, shell } from 'electron'
import ElectronStore from 'electron-store'
import {
  systemClock,
  type DesktopShell,
  type Logger,
  type Ports,
  type SecretStore,
} from '../app/ports.ts'
import { writeFileAtomicSync } from '../settings/atomic-file.ts'
import { SETTINGS_FILE_NAME, settingsFile } from '../settings/conf-settings.store.ts'
import { createFileSecretStore, secretEnvName } from '../settings/file-secret.store.ts'
import {
  createResilientSettingsStore,
  type ConfLike,
  type ResilientSettingsStore,
} from '../settings/resilient-settings.store.ts'

/** electron-store on the same file and with the same options as the Node hosts' conf store. */
export function createElectronSettingsStore(
  dataDir: string,
  logger: Logger,
): ResilientSettingsStore {
  return createResilientSettingsStore({
    file: settingsFile(dataDir),
    logger,
    open: (): ConfLike =>
      new ElectronStore<Record<string, unknown>>({
        cwd: dataDir,
        name: path.basename(SETTINGS_FILE_NAME, '.json'),
        accessPropertiesByDotNotation: false,
        clearInvalidConfig: false,
        configFileMode: 0o600,
      }) as unknown as ConfLike,
  })
}

const SAFE_SECRETS_FILE = 'secrets.safe.json'

/**
 * Secrets encrypted with safeStorage (DPAPI / Keychain / libsecret|kwallet) and stored base64 in
 * `<dataDir>/secrets.safe.json`. On Linux without a keyring Electron falls back to `basic_text`
 * (a hard-coded key): that is detected and said in `describe()`. Without safeStorage at all the
 * 0600 file store of the Node hosts is used, and said too.
 */
export function createSafeStorageSecretStore(dataDir: string, logger: Logger): SecretStore {
  if (!safeStorage.isEncryptionAvailable()) {
    logger.warn('safeStorage is not available; secrets fall back to a 0600 file')
    const fallback = createFileSecretStore({ dataDir })
    return { ...fallback, describe: () => `${fallback.describe()} — safeStorage unavailable` }
  }
  const backend = process.platform === 'linux' ? safeStorage.getSelectedStorageBackend() : 'os'
  const file = path.join(dataDir, SAFE_SECRETS_FILE)
  const read = (): Record<string, string> => {
    try {
      const v: unknown = JSON.parse(fs.readFileSync(file, 'utf8'))
      return v !== null && typeof v === 'object' ? (v as Record<string, string>) : {}
    } catch {
      return {}
    }
  }
  return {
    get(name) {
      const fromEnv = process.env[secretEnvName(name)]
      if (fromEnv) return Promise.resolve(fromEnv)
      const stored = read()[name]
      if (stored === undefined) return Promise.resolve(null)
      try {
        return Promise.resolve(safeStorage.decryptString(Buffer.from(stored, 'base64')))
      } catch (e) {
        logger.error('a stored secret could not be decrypted', {
          name,
          error: e instanceof Error ? e.message : String(e),
        })
        return Promise.resolve(null)
      }
    },
    set(name, value) {
      const all = read()
      if (value === null) delete all[name]
      else all[name] = safeStorage.encryptString(value).toString('base64')
      writeFileAtomicSync(file, `${JSON.stringify(all, null, 2)}\n`, { mode: 0o600 })
      return Promise.resolve()
    },
    describe: () =>
      backend === 'basic_text'
        ? 'safeStorage (basic_text: no OS keyring found — secrets are only obfuscated)'
        : `safeStorage (${backend === 'os' ? process.platform : backend})`,
  }
}

export const electronShell: DesktopShell = {
  async openPath(absPath) {
    // openPath resolves with an error message, or '' on success.
    return (await shell.openPath(absPath)) === ''
  },
  revealPath(absPath) {
    shell.showItemInFolder(absPath)
    return Promise.resolve(true)
  },
}

export function createElectronPorts(dataDir: string, logger: Logger): Ports {
  fs.mkdirSync(dataDir, { recursive: true })
  return {
    settings: createElectronSettingsStore(dataDir, logger),
    secrets: createSafeStorageSecretStore(dataDir, logger),
    shell: electronShell,
    clock: systemClock,
    logger,
  }
}
