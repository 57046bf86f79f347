import type { Proposal } from '../../../src-shared/domain/proposal.types.ts'
import { stringifyInterchange, toInterchange } from '../../../src-shared/interchange/interchange.ts'
import type { CliCommand } from '../cli-types.ts'
import { allProposalSummaries } from './list.command.ts'

export const exportCommand: CliCommand = {
  name: 'export',
  usage: 'export [ID|NUMBER ...]',
  summary: 'print an interchange document with computed totals (all proposals when none named)',
  async run(ctx) {
    const app = await ctx.openApp()
    const { proposals } = app.services
    let list: Proposal[]
    if (ctx.positionals.length > 0) {
      const seen = new Set<string>()
      list = []
      for (const ref of ctx.positionals) {
        const p = proposals.resolve(ref)
        if (seen.has(p.id)) continue
        seen.add(p.id)
        list.push(p)
      }
    } else {
      // Oldest first, so importing the document re-creates proposals in their original order.
      list = allProposalSummaries(app, {
        status: 'all',
        search: '',
        sort: 'created',
        direction: 'asc',
      }).map((s) => proposals.get(s.id))
    }
    ctx.io.out(stringifyInterchange(toInterchange(list)))
  },
}
