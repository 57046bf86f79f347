import fs from 'node:fs'
import path from 'node:path'
import { writeFileAtomicSync } from '../../settings/atomic-file.ts'
import { CliError, usageError, type CliCommand } from '../cli-types.ts'

export const pdfCommand: CliCommand = {
  name: 'pdf',
  usage: 'pdf ID|NUMBER [--out FILE] [--force]',
  summary: 'export the PDF through the app’s worker pool and cache; --force regenerates',
  options: { out: { type: 'string' }, force: { type: 'boolean', default: false } },
  async run(ctx) {
    const [ref, ...extra] = ctx.positionals
    if (ref === undefined || extra.length > 0) {
      throw usageError('usage: proposaldesk pdf ID|NUMBER [--out FILE] [--force]')
    }
    const app = await ctx.openApp()
    const proposal = app.services.proposals.resolve(ref)
    const result = await app.pdf.export(proposal.id, { force: ctx.flags.force === true })
    let file: string
    if (typeof ctx.flags.out === 'string') {
      const bytes = await app.pdf.readCached(result.key)
      if (!bytes) throw new CliError('internal', 'the exported PDF vanished from the cache')
      file = path.resolve(ctx.flags.out)
      // `--out DIR/` (trailing slash) or an existing folder: the file goes inside it, named
      // "<number> - <client>.pdf"; a missing folder named with a trailing slash is created.
      const wantsDir = /[/\\]$/.test(ctx.flags.out)
      if (wantsDir) fs.mkdirSync(file, { recursive: true })
      if (wantsDir || (fs.existsSync(file) && fs.statSync(file).isDirectory())) {
        file = path.join(file, result.fileName)
      }
      writeFileAtomicSync(file, bytes)
    } else {
      file = await app.pdf.pathFor(proposal.id)
    }
    ctx.printJson({
      path: file,
      cached: result.cached,
      ms: result.ms,
      pages: result.pages,
      bytes: result.bytes,
    })
  },
}
