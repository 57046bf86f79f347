import { minorToMajorString } from '../../../src-shared/domain/decimal.ts'
import {
  PROPOSAL_STATUSES,
  type ProposalStatus,
  type ProposalSummary,
} from '../../../src-shared/domain/proposal.types.ts'
import type { ParsedInputOf } from '../../../src-shared/ipc/contract.ts'
import type { App } from '../../app/create-app.ts'
import { usageError, type CliCommand } from '../cli-types.ts'

const PAGE = 500

/** Every summary matching the query, paging through the service's list. */
export function allProposalSummaries(
  app: App,
  q: Omit<ParsedInputOf<'proposals.list'>, 'limit' | 'offset'>,
): ProposalSummary[] {
  const out: ProposalSummary[] = []
  for (let offset = 0; ; offset += PAGE) {
    const page = app.services.proposals.list({ ...q, limit: PAGE, offset })
    out.push(...page.items)
    if (page.items.length < PAGE || out.length >= page.total) return out
  }
}

/** One `list` line: amounts as decimal strings in major units, like the interchange format. */
export function summaryLine(s: ProposalSummary): Record<string, unknown> {
  return {
    id: s.id,
    number: s.number,
    title: s.title,
    status: s.status,
    client: s.clientName,
    currency: s.currency,
    issueDate: s.issueDate,
    validUntil: s.validUntil,
    net: minorToMajorString(s.net, s.currency),
    gross: minorToMajorString(s.gross, s.currency),
    createdAt: s.createdAt,
    updatedAt: s.updatedAt,
  }
}

export const listCommand: CliCommand = {
  name: 'list',
  usage: 'list [--status S] [--search TEXT]',
  summary: 'proposals, newest first, one JSON object per line',
  options: { status: { type: 'string' }, search: { type: 'string' } },
  async run(ctx) {
    if (ctx.positionals.length > 0) throw usageError('list takes no arguments')
    const status = ctx.flags.status
    if (typeof status === 'string' && !(PROPOSAL_STATUSES as readonly string[]).includes(status)) {
      throw usageError(`--status must be one of ${PROPOSAL_STATUSES.join(', ')}`)
    }
    const search = typeof ctx.flags.search === 'string' ? ctx.flags.search : ''
    const app = await ctx.openApp()
    const rows = allProposalSummaries(app, {
      status: typeof status === 'string' ? (status as ProposalStatus) : 'all',
      search,
      sort: 'created',
      direction: 'desc',
    })
    for (const s of rows) ctx.printJson(summaryLine(s))
  },
}
