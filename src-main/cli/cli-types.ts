import type { ParseArgsConfig } from 'node:util'
import type { App } from '../app/create-app.ts'
import type { Logger } from '../app/ports.ts'

export type CliFlags = Record<string, string | boolean | (string | boolean)[] | undefined>

export interface CliIo {
  /** Writes to stdout (callers add the newline). */
  out(text: string): void
  /** Writes to stderr. */
  err(text: string): void
  /** The whole of stdin as UTF-8 (for `import -`). */
  readStdin(): Promise<string>
}

export interface CliContext {
  /** Arguments after the command name that are not options. */
  positionals: string[]
  flags: CliFlags
  dataDir: string
  env: NodeJS.ProcessEnv
  io: CliIo
  logger: Logger
  /** The app on `dataDir`, created on first use and closed when the command ends. */
  openApp(): Promise<App>
  /** Writes one value as one line of JSON on stdout. */
  printJson(value: unknown): void
}

/**
 * One `proposaldesk <name>` command. Each lives in `commands/<name>.command.ts` and is listed in
 * `cli/index.ts`; the runner parses options, opens the app lazily, maps errors to exit codes.
 */
export interface CliCommand {
  name: string
  /** e.g. `pdf ID|NUMBER [--out FILE] [--force]` */
  usage: string
  summary: string
  options?: ParseArgsConfig['options']
  /** Accept options that are not declared (placeholders of commands owned elsewhere). */
  lenient?: boolean
  run(ctx: CliContext): Promise<number | void>
}

/** 0 success; 1 the operation failed (network, server, disk); 2 bad usage or invalid input. */
export const EXIT_OK = 0
export const EXIT_FAILED = 1
export const EXIT_USAGE = 2

/** A failure with its own exit status and error code (printed as `{"error":{code,message}}`). */
export class CliError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly exitCode: number = EXIT_FAILED,
  ) {
    super(message)
    this.name = 'CliError'
  }
}

export function usageError(message: string): CliError {
  return new CliError('usage', message, EXIT_USAGE)
}
