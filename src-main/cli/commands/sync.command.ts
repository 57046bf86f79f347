import { parseServerUrl } from '../../sync/remote-connection.ts'
import { syncErrorToAppError } from '../../sync/sync.service.ts'
import { CliError, EXIT_FAILED, usageError, type CliCommand } from '../cli-types.ts'

/** `proposaldesk sync [--server URL]`: one push-then-pull session; prints one JSON line. */
export const syncCommand: CliCommand = {
  name: 'sync',
  usage: 'sync [--server URL]',
  summary: 'one push-then-pull session with the shared server (default: the configured one)',
  options: { server: { type: 'string' } },
  async run(ctx) {
    let override
    if (typeof ctx.flags.server === 'string') {
      try {
        override = parseServerUrl(ctx.flags.server)
      } catch (e) {
        throw usageError((e as Error).message)
      }
      // A password can come from the environment so it stays out of shell history.
      override.password ??= ctx.env.PROPOSALDESK_SERVER_PASSWORD || undefined
    }
    const app = await ctx.openApp()
    try {
      const r = await app.sync.syncNow(override)
      ctx.printJson({ pushed: r.pushed, pulled: r.pulled, conflicts: r.conflicts, ms: r.ms })
    } catch (e) {
      const err = syncErrorToAppError(e)
      throw new CliError(err.code, err.message, EXIT_FAILED)
    }
  },
}
