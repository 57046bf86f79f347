import fs from 'node:fs'
import {
  formatInterchangeErrors,
  interchangeToProposalInput,
  parseInterchange,
  type InterchangeError,
} from '../../../src-shared/interchange/interchange.ts'
import { JsonSyntaxError, parseJsonText } from '../../../src-shared/interchange/json-text.ts'
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
    let value: unknown
    try {
      value = parseJsonText(text) // keeps JSON numbers exact
    } catch (e) {
      if (e instanceof JsonSyntaxError)
        throw invalid([{ path: '', message: `not valid JSON: ${e.message}` }])
      throw e
    }
    const parsed = parseInterchange(value)
    if (!parsed.ok) throw invalid(parsed.errors)
    const inputs = parsed.proposals.map(interchangeToProposalInput)
    // Paths name `proposals[i]` only when the document has the wrapper, as the parser's do.
    const wrapped =
      typeof value === 'object' && value !== null && ('proposals' in value || 'format' in value)
    const more = preflightImport(inputs, (i) => (wrapped ? ['proposals', i] : []))
    if (more.length > 0) throw invalid(more)
    const app = await ctx.openApp()
    ctx.printJson(importProposals(app, inputs))
  },
}
