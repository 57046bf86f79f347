import { AppError } from '../../../src-shared/ipc/result.ts'
import { CliError, EXIT_FAILED, usageError, type CliCommand, type CliFlags } from '../cli-types.ts'

function list(flags: CliFlags, name: string): string[] {
  const v = flags[name]
  const all = Array.isArray(v) ? v : v === undefined ? [] : [v]
  // `--to a@x,b@y` and repeated `--to` both work.
  return all
    .filter((x): x is string => typeof x === 'string')
    .flatMap((x) => x.split(','))
    .map((x) => x.trim())
    .filter((x) => x !== '')
}

/**
 * `proposaldesk send`: the same path as the app's send dialog (compose defaults, then the
 * `email.send` channel with its validation). Only addresses and text come from the command line.
 */
export const sendCommand: CliCommand = {
  name: 'send',
  usage: 'send ID|NUMBER --to EMAIL [--cc EMAIL] [--subject S] [--message M]',
  summary: 'email the proposal’s PDF; queued in the outbox when it cannot be delivered now',
  options: {
    to: { type: 'string', multiple: true },
    cc: { type: 'string', multiple: true },
    bcc: { type: 'string', multiple: true },
    subject: { type: 'string' },
    message: { type: 'string' },
  },
  async run(ctx) {
    const [ref, ...extra] = ctx.positionals
    if (ref === undefined || extra.length > 0)
      throw usageError(`usage: proposaldesk ${sendCommand.usage}`)
    const to = list(ctx.flags, 'to')
    if (to.length === 0) throw usageError('send needs at least one --to EMAIL')
    const app = await ctx.openApp()
    const proposal = app.services.proposals.resolve(ref)
    const compose = await app.email.compose(proposal.id)
    const r = await app.dispatch(
      'email.send',
      {
        proposalId: proposal.id,
        to,
        cc: list(ctx.flags, 'cc'),
        bcc: list(ctx.flags, 'bcc'),
        subject: typeof ctx.flags.subject === 'string' ? ctx.flags.subject : compose.subject,
        message: typeof ctx.flags.message === 'string' ? ctx.flags.message : compose.message,
      },
      { host: 'cli' },
    )
    if (!r.ok) throw new AppError(r.error.code, r.error.message, r.error.details)
    const result = app.email
      .outbox({ limit: 1000 })
      .find((e) => e.id === (r.value as { id: string }).id)
    if (!result) throw new CliError('internal', 'the message vanished from the outbox')
    // `unknown` (connection lost after the message was handed over) is reported as failed here,
    // with the reason on stderr: the outbox shows it as "may have been sent".
    const status = result.status === 'sent' || result.status === 'queued' ? result.status : 'failed'
    ctx.printJson({ messageId: result.messageId, status, attachment: result.attachment })
    if (status === 'queued' && result.failure) {
      ctx.logger.warn('queued in the outbox', { reason: result.failure.message })
    }
    if (status === 'failed') {
      const f = result.failure
      ctx.io.err(
        `${JSON.stringify({ error: { code: f?.code ?? 'internal', message: f?.message ?? 'sending failed' } })}\n`,
      )
      return EXIT_FAILED
    }
  },
}
