import path from 'node:path'
import Conf from 'conf'
import type { Logger } from '../app/ports.ts'
import {
  createResilientSettingsStore,
  type ConfLike,
  type ResilientSettingsStore,
} from './resilient-settings.store.ts'

export const SETTINGS_FILE_NAME = 'settings.json'

export function settingsFile(dataDir: string): string {
  return path.join(dataDir, SETTINGS_FILE_NAME)
}

/**
 * Node hosts' settings (browser host, CLI): `conf` — electron-store's base class — storing
 * `<dataDir>/settings.json`. Keys are flat (`server.host` is one key, not a nested object), so the
 * Electron adapter can read the same file with electron-store and the same options.
 */
export function createConfSettingsStore(opts: {
  dataDir: string
  logger: Logger
}): ResilientSettingsStore {
  const file = settingsFile(opts.dataDir)
  return createResilientSettingsStore({
    file,
    logger: opts.logger,
    open: (): ConfLike =>
      new Conf<Record<string, unknown>>({
        cwd: opts.dataDir,
        configName: path.basename(SETTINGS_FILE_NAME, '.json'),
        projectName: 'proposaldesk',
        accessPropertiesByDotNotation: false,
        clearInvalidConfig: false,
        configFileMode: 0o600,
      }),
  })
}
