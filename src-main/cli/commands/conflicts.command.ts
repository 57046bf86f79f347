import { usageError, type CliCommand } from '../cli-types.ts'

/**
 * `proposaldesk conflicts [--all]`: open sync conflicts, one JSON object per line.
 * `proposaldesk conflicts resolve ID --keep server|mine`: settle one.
 */
export const conflictsCommand: CliCommand = {
  name: 'conflicts',
  usage: 'conflicts [--all] | conflicts resolve ID --keep server|mine',
  summary: 'sync conflicts, one JSON object per line (--all includes resolved ones)',
  options: { all: { type: 'boolean', default: false }, keep: { type: 'string' } },
  async run(ctx) {
    const [sub, id] = ctx.positionals
    const app = await ctx.openApp()
    if (sub === undefined) {
      for (const c of app.sync.listConflicts(ctx.flags.all === true)) ctx.printJson(c)
      return
    }
    if (sub !== 'resolve' || !id) throw usageError('usage: conflicts resolve ID --keep server|mine')
    const keep = ctx.flags.keep
    if (keep !== 'server' && keep !== 'mine') throw usageError('--keep must be "server" or "mine"')
    ctx.printJson(app.sync.resolveConflict(id, keep))
  },
}
