import { CliError, type CliCommand } from '../cli-types.ts'

/** Commands of cli.md whose engines are not in this build yet; each answers `unavailable`. */
export function unavailable(name: string, usage: string, summary: string): CliCommand {
  return {
    name,
    usage,
    summary,
    lenient: true,
    run() {
      return Promise.reject(
        new CliError('unavailable', `"${name}" is not available in this build yet`),
      )
    },
  }
}

// sync, conflicts and server migrate are registered for real (commands/*.command.ts).
export const unavailableCommands: readonly CliCommand[] = []
