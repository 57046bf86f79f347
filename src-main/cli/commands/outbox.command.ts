import type { CliCommand } from '../cli-types.ts'

/** `proposaldesk outbox [--retry]`: one JSON object per message, newest first. */
export const outboxCommand: CliCommand = {
  name: 'outbox',
  usage: 'outbox [--retry]',
  summary:
    'queued, failed, "may have been sent" and sent messages; --retry tries the queued ones now',
  options: { retry: { type: 'boolean', default: false } },
  async run(ctx) {
    const app = await ctx.openApp()
    // Only `queued` messages are retried: failed ones need a fix first, and ones whose outcome is
    // unknown are never resent without a person deciding (email.resolveUnknown in the app).
    if (ctx.flags.retry === true) await app.email.retryQueued()
    for (const e of app.email.outbox({ limit: 1000 })) {
      ctx.printJson({
        id: e.id,
        messageId: e.messageId,
        proposalId: e.proposalId,
        number: e.proposalNumber,
        status: e.status,
        to: e.to,
        cc: e.cc,
        bcc: e.bcc,
        subject: e.subject,
        attachment: e.attachment,
        attempts: e.attempts,
        nextAttemptAt: e.nextAttemptAt,
        failure: e.failure ? { code: e.failure.code, message: e.failure.message } : null,
        createdAt: e.createdAt,
        sentAt: e.sentAt,
      })
    }
  },
}
