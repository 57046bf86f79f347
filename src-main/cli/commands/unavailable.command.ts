import { CliError, type CliCommand } from '../cli-types.ts'

/** Commands of cli.md whose engines are not in this build yet; each answers `unavailable`. */
function unavailable(name: string, usage: string, summary: string): CliCommand {
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

export const unavailableCommands: readonly CliCommand[] = [
  unavailable('sync', 'sync [--server URL]', 'one push-then-pull session with the shared server'),
  unavailable('conflicts', 'conflicts', 'open sync conflicts, one JSON object per line'),
  unavailable(
    'server',
    'server migrate --server URL',
    'apply the remote schema migrations (admin)',
  ),
]
