import fs from 'node:fs'
import { noopShell, systemClock, type DesktopShell, type Logger, type Ports } from '../app/ports.ts'
import { createConfSettingsStore } from './conf-settings.store.ts'
import { createFileSecretStore } from './file-secret.store.ts'

/** Ports for the Node hosts (browser host, CLI): conf settings, file secrets, no desktop shell. */
export function createNodePorts(opts: {
  dataDir: string
  logger: Logger
  shell?: DesktopShell
  env?: NodeJS.ProcessEnv
}): Ports {
  fs.mkdirSync(opts.dataDir, { recursive: true })
  return {
    settings: createConfSettingsStore({ dataDir: opts.dataDir, logger: opts.logger }),
    secrets: createFileSecretStore({ dataDir: opts.dataDir, env: opts.env }),
    // The browser host cannot open windows on the desktop; pdf.open then returns a download URL.
    shell: opts.shell ?? noopShell,
    clock: systemClock,
    logger: opts.logger,
  }
}
