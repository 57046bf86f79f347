import fs from 'node:fs'
import {
  formatInterchangeErrors,
  interchangeToProposalInput,
  parseInterchangeText,
  type InterchangeError,
} from '../../../src-shared/interchange/interchange.ts'
import { CliError, EXIT_USAGE, usageError, type CliCommand } from '../cli-types.ts'
import { importProposals, preflightImport } from '../proposal-import.ts'

function invalid(errors: readonly InterchangeError[]): CliError {
  // One line on stderr: the errors joined, each naming its path.
  return new CliError(
    'validation',
    formatInterchangeErrors(errors).split('\n').join('; '),
    EXIT_USAGE,
  )
}

export const importCommand: CliCommand = {
  name: 'import',
  usage: 'import FILE|-',
  summary:
    'import an interchange document (- reads stdin); nothing is written if any of it is invalid',
  async run(ctx) {
    const [file, ...extra] = ctx.positionals
    if (file === undefined || extra.length > 0)
      throw usageError('usage: proposaldesk import FILE|-')
    const text = file === '-' ? await ctx.io.readStdin() : fs.readFileSync(file, 'utf8')
    const parsed = parseInterchangeText(text)
    if (!parsed.ok) throw invalid(parsed.errors)
    const inputs = parsed.proposals.map(interchangeToProposalInput)
    const wrapped =
      /^\s*\{[\s\S]*"(proposals|format)"\s*:/.test(text) || parsed.proposals.length !== 1
    const more = preflightImport(inputs, (i) => (wrapped ? ['proposals', i] : []))
    if (more.length > 0) throw invalid(more)
    const app = await ctx.openApp()
    ctx.printJson(importProposals(app, inputs))
  },
}
