import fs from 'node:fs'
import path from 'node:path'
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

/** Appends one log line; a log that cannot be written must never fail the command. */
export function appendLogLine(file: string, line: string): void {
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true })
    fs.appendFileSync(file, line)
  } catch {
    // ignore
  }
}

/** Warnings and errors as JSON lines (with a timestamp); stdout stays machine-readable. */
export function cliLogger(stderr: (text: string) => void): Logger {
  const line = (level: string, msg: string, data?: Record<string, unknown>): void =>
    stderr(`${JSON.stringify({ t: new Date().toISOString(), level, msg, ...data })}\n`)
  return {
    info: () => {},
    warn: (m, d) => line('warn', m, d),
    error: (m, d) => line('error', m, d),
  }
}
