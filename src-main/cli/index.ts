import path from 'node:path'
import { parseArgs } from 'node:util'
import { AppError, ERROR_CODES } from '../../src-shared/ipc/result.ts'
import type { App } from '../app/create-app.ts'
import { readAppVersion } from '../hosts/app-version.ts'
import { resolveDataDir } from '../settings/data-dir.ts'
import { appendLogLine, cliLogger, openCliApp } from './cli-app.ts'
import {
  CliError,
  EXIT_FAILED,
  EXIT_OK,
  EXIT_USAGE,
  usageError,
  type CliCommand,
  type CliContext,
  type CliIo,
} from './cli-types.ts'
import { configCommand } from './commands/config.command.ts'
import { conflictsCommand } from './commands/conflicts.command.ts'
import { exportCommand } from './commands/export.command.ts'
import { importCommand } from './commands/import.command.ts'
import { listCommand } from './commands/list.command.ts'
import { outboxCommand } from './commands/outbox.command.ts'
import { pdfCommand } from './commands/pdf.command.ts'
import { sendCommand } from './commands/send.command.ts'
import { serveCommand } from './commands/serve.command.ts'
import { serverMigrateCommand } from './commands/server-migrate.command.ts'
import { syncCommand } from './commands/sync.command.ts'
import { unavailableCommands } from './commands/unavailable.command.ts'

/**
 * The command registry. A new command is a `commands/<name>.command.ts` exporting a CliCommand,
 * added here (replacing its `unavailable` placeholder when there is one).
 */
export const COMMANDS: readonly CliCommand[] = [
  importCommand,
  exportCommand,
  pdfCommand,
  listCommand,
  configCommand,
  serveCommand,
  sendCommand,
  outboxCommand,
  syncCommand,
  conflictsCommand,
  serverMigrateCommand,
  ...unavailableCommands,
]

export function findCommand(
  name: string,
  commands: readonly CliCommand[] = COMMANDS,
): CliCommand | undefined {
  // Registered commands win over placeholders of the same name.
  return commands.find((c) => c.name === name)
}

export function usageText(commands: readonly CliCommand[] = COMMANDS): string {
  const width = Math.max(...commands.map((c) => c.usage.length))
  return [
    'usage: proposaldesk [--data-dir DIR] <command> [args]',
    '',
    ...commands.map((c) => `  ${c.usage.padEnd(width)}  ${c.summary}`),
    '',
    'Data directory: --data-dir DIR, else $PROPOSALDESK_DATA_DIR, else the per-user folder the',
    'desktop app uses. Exit status: 0 ok, 1 operation failed, 2 bad usage or invalid input.',
    '',
  ].join('\n')
}

/** Pulls the global `--data-dir DIR` / `--data-dir=DIR` out of argv, wherever it appears. */
export function extractGlobalOptions(argv: readonly string[]): {
  dataDir: string | undefined
  rest: string[]
} {
  const rest: string[] = []
  let dataDir: string | undefined
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] ?? ''
    if (a === '--') {
      rest.push(...argv.slice(i))
      break
    }
    if (a === '--data-dir') {
      const v = argv[i + 1]
      if (v === undefined || v === '') throw usageError('--data-dir needs a directory')
      dataDir = v
      i++
    } else if (a.startsWith('--data-dir=')) {
      dataDir = a.slice('--data-dir='.length)
      if (!dataDir) throw usageError('--data-dir needs a directory')
    } else {
      rest.push(a)
    }
  }
  return { dataDir, rest }
}

/** Errors that mean "your input is wrong" exit 2; everything else means the operation failed. */
const USAGE_CODES = new Set(['usage', 'validation', 'not_found', 'invalid_state'])

function toCliError(e: unknown): CliError {
  if (e instanceof CliError) return e
  if (e instanceof AppError) {
    return new CliError(e.code, e.message, USAGE_CODES.has(e.code) ? EXIT_USAGE : EXIT_FAILED)
  }
  const err = e as NodeJS.ErrnoException
  if (err && typeof err === 'object' && typeof err.code === 'string') {
    if (err.code.startsWith('ERR_PARSE_ARGS')) return usageError(err.message)
    // File system errors: the disk failed us, or the path the user gave does not exist.
    if (err.code === 'ENOENT' || err.code === 'EISDIR' || err.code === 'ENOTDIR') {
      return new CliError('not_found', err.message, EXIT_USAGE)
    }
    if (!(ERROR_CODES as readonly string[]).includes(err.code)) {
      return new CliError('internal', `${err.code}: ${err.message}`, EXIT_FAILED)
    }
  }
  return new CliError('internal', err instanceof Error ? err.message : String(e), EXIT_FAILED)
}

export interface RunCliOptions {
  io: CliIo
  env?: NodeJS.ProcessEnv
  commands?: readonly CliCommand[]
}

/** Runs one CLI invocation; resolves with the exit status. Never throws. */
export async function runCli(argv: readonly string[], opts: RunCliOptions): Promise<number> {
  const { io } = opts
  const env = opts.env ?? process.env
  const commands = opts.commands ?? COMMANDS
  // stderr carries exactly one line per failure (cli.md); diagnostics go to a log file in the data
  // directory, or to stderr with PROPOSALDESK_LOG=stderr.
  let logFile: string | null = null
  const logger = cliLogger((t) => {
    if (env.PROPOSALDESK_LOG === 'stderr') io.err(t)
    else if (logFile) appendLogLine(logFile, t)
  })
  let app: App | null = null
  let appPromise: Promise<App> | null = null
  try {
    const { dataDir: dataDirFlag, rest } = extractGlobalOptions(argv)
    const [name, ...args] = rest
    if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
      if (name === undefined) {
        io.err(usageText(commands))
        return EXIT_USAGE
      }
      io.out(usageText(commands))
      return EXIT_OK
    }
    if (name === '--version' || name === '-V') {
      io.out(`${readAppVersion()}\n`)
      return EXIT_OK
    }
    const command = findCommand(name, commands)
    if (!command) throw usageError(`unknown command "${name}" (see proposaldesk help)`)
    if (args.includes('--help') || args.includes('-h')) {
      io.out(`usage: proposaldesk ${command.usage}\n${command.summary}\n`)
      return EXIT_OK
    }
    const parsed = parseArgs({
      args,
      options: command.options ?? {},
      allowPositionals: true,
      strict: command.lenient !== true,
    })
    const dataDir = resolveDataDir({ flag: dataDirFlag, env })
    logFile = path.join(dataDir, 'logs', 'cli.log')
    const ctx: CliContext = {
      positionals: parsed.positionals,
      flags: parsed.values,
      dataDir,
      env,
      io,
      logger,
      openApp: () => {
        appPromise ??= openCliApp(dataDir, logger).then((a) => (app = a))
        return appPromise
      },
      printJson: (value) => io.out(`${JSON.stringify(value)}\n`),
    }
    const code = await command.run(ctx)
    return code ?? EXIT_OK
  } catch (e) {
    const err = toCliError(e)
    if (err.code === 'internal') logger.error('command failed', { error: String(e) })
    io.err(`${JSON.stringify({ error: { code: err.code, message: err.message } })}\n`)
    return err.exitCode
  } finally {
    if (appPromise && !app) await (appPromise as Promise<App>).catch(() => null)
    await (app as App | null)?.close().catch(() => undefined)
  }
}

/** Process entry (bin/proposaldesk.mjs): real stdio, waits for stdout to drain before exiting. */
export async function main(argv: readonly string[]): Promise<number> {
  // `proposaldesk list | head -1`: the reader went away. That is the reader's choice, not an
  // error of ours: stop quietly, like any Unix filter.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(0)
    throw e
  })
  let pending = Promise.resolve()
  const write = (stream: NodeJS.WriteStream, text: string): void => {
    pending = pending.then(
      () => new Promise<void>((resolve) => stream.write(text, () => resolve())),
    )
  }
  const io: CliIo = {
    out: (t) => write(process.stdout, t),
    err: (t) => write(process.stderr, t),
    readStdin: async () => {
      const chunks: Buffer[] = []
      for await (const c of process.stdin as AsyncIterable<Buffer>) chunks.push(c)
      return Buffer.concat(chunks).toString('utf8')
    },
  }
  const code = await runCli(argv, { io })
  await pending
  return code
}
