import { createApp, type App } from '../app/create-app.ts'
import type { Logger } from '../app/ports.ts'
import { readAppVersion } from '../hosts/app-version.ts'
import { createNodePorts } from '../settings/node-ports.ts'

/** The app as the CLI uses it: no sample proposal in scripted stores. */
export function openCliApp(dataDir: string, logger: Logger): Promise<App> {
  return createApp(
    { dataDir, host: 'in-process', version: readAppVersion(), skipSample: true },
    createNodePorts({ dataDir, logger }),
  )
}

/** Logs go to stderr as JSON lines, warnings and errors only: stdout stays machine-readable. */
export function cliLogger(stderr: (text: string) => void): Logger {
  const line = (level: string, msg: string, data?: Record<string, unknown>): void =>
    stderr(`${JSON.stringify({ level, msg, ...data })}\n`)
  return {
    info: () => {},
    warn: (m, d) => line('warn', m, d),
    error: (m, d) => line('error', m, d),
  }
}
