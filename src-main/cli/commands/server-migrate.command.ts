import { parseServerUrl } from '../../sync/remote-connection.ts'
import { migrateServer } from '../../sync/server-migrate.ts'
import { plainError } from '../../sync/remote-connection.ts'
import { CliError, EXIT_FAILED, usageError, type CliCommand } from '../cli-types.ts'

/**
 * `proposaldesk server migrate --server URL`: creates or upgrades the shared server's schema
 * (administrator's account with DDL rights). Prints `{"applied":[...]}`. Desktops never run this.
 */
export const serverMigrateCommand: CliCommand = {
  name: 'server',
  usage: 'server migrate --server URL',
  summary: 'create or upgrade the shared server schema (administrator; prints {"applied":[...]})',
  options: { server: { type: 'string' } },
  async run(ctx) {
    const [sub] = ctx.positionals
    if (sub !== 'migrate')
      throw usageError('usage: server migrate --server mysql://admin@host:3306/db')
    const url =
      typeof ctx.flags.server === 'string' ? ctx.flags.server : ctx.env.PROPOSALDESK_SERVER_URL
    if (!url) throw usageError('--server URL is required (mysql://admin@host:3306/proposaldesk)')
    let config
    try {
      config = parseServerUrl(url)
    } catch (e) {
      throw usageError((e as Error).message)
    }
    config.password ??= ctx.env.PROPOSALDESK_SERVER_PASSWORD || undefined
    try {
      ctx.printJson(await migrateServer(config))
    } catch (e) {
      throw new CliError('unavailable', plainError(e), EXIT_FAILED)
    }
  },
}
