import { randomUUID } from 'node:crypto'
import { v7 as uuidv7 } from 'uuid'
import type { LocalDb } from '../db/local-database.ts'
import type { EventSink, Logger, Ports } from '../app/ports.ts'
import type { PdfService } from '../pdf/pdf.service.ts'
import type { Services } from '../services/index.ts'
import type { Proposal } from '../../src-shared/domain/proposal.types.ts'
import { formatMoney } from '../../src-shared/domain/decimal.ts'
import {
  DEFAULT_TEMPLATES,
  MERGE_FIELDS,
  renderTemplate,
  type EmailComposeResult,
  type EmailFailure,
  type EmailFailureCode,
  type EmailSendResult,
  type EmailSettingsView,
  type EmailTemplates,
  type EmailTestResult,
  type MergeField,
  type OutboxEntry,
  type OutboxStatus,
  type SmtpSecurity,
} from '../../src-shared/ipc/email.contract.ts'
import { AppError } from '../../src-shared/ipc/result.ts'
import { attachmentFileName, sha256Hex } from './attachment.ts'
import {
  claimForSending,
  dueQueuedIds,
  getOutboxRow,
  insertOutboxRow,
  listOutbox,
  sendingRows,
  updateOutboxRow,
  type OutboxListRow,
} from './outbox.repository.ts'
import { classifySmtpError, failure } from './smtp-errors.ts'
import { createSmtpSender, SmtpDeliveryError, type SmtpSender } from './smtp-sender.ts'
import {
  loadSmtpConfig,
  saveSmtpSettings,
  smtpSettingsView,
  type Env,
  type SmtpConfig,
} from './smtp-settings.ts'

export const TEMPLATE_KEYS = {
  subject: 'email.template.subject',
  message: 'email.template.message',
} as const

/** Hook for the activity timeline (wired by the composition root when that area exists). */
export interface EmailActivitySink {
  record(entry: {
    proposalId: string
    kind: 'email.sent' | 'email.failed' | 'email.unknown' | 'email.queued'
    at: string
    summary: string
    data: Record<string, unknown>
  }): void
}

export interface EmailServiceDeps {
  db: LocalDb
  events: EventSink
  ports: Pick<Ports, 'settings' | 'secrets' | 'clock' | 'logger'>
  services: Pick<Services, 'proposals' | 'clients' | 'settings'>
  pdf: Pick<PdfService, 'export' | 'readCached'>
  env?: Env
  sender?: SmtpSender
  activity?: EmailActivitySink | null
  /** Name used as the sender when no from name is configured. */
  userName?: string
  backoff?: { baseMs: number; maxMs: number }
  /** Test seam: runs right after the server accepted a message, before it is recorded. */
  hooks?: { afterSmtpAccepted?(rowId: string): void }
}

export interface SendInput {
  proposalId: string
  to: string[]
  cc: string[]
  bcc: string[]
  subject: string
  message: string
}

export interface SmtpSettingsSave {
  host: string
  port: number | null
  security: SmtpSecurity
  user: string
  password?: string | undefined
  fromName: string
  fromAddress: string
  ca: string
}

export interface EmailService {
  getSettings(): Promise<EmailSettingsView>
  saveSettings(input: SmtpSettingsSave): Promise<EmailSettingsView>
  sendTest(to?: string): Promise<EmailTestResult>
  compose(proposalId: string): Promise<EmailComposeResult>
  /** Queues the message (committed) and tries to deliver it at once. */
  send(input: SendInput): Promise<EmailSendResult>
  outbox(filter?: {
    proposalId?: string | undefined
    status?: OutboxStatus | undefined
    limit?: number
  }): OutboxEntry[]
  /** A queued or failed message, now. */
  retry(id: string): Promise<EmailSendResult>
  /** Every queued message now, ignoring backoff (CLI `outbox --retry`). */
  retryQueued(): Promise<EmailSendResult[]>
  resolveUnknown(id: string, decision: 'mark-sent' | 'resend'): Promise<EmailSendResult>
  getTemplates(): EmailTemplates
  saveTemplates(t: EmailTemplates): EmailTemplates
  /** Rows left `sending` by a process that died become `unknown`. Returns how many. */
  recoverInterrupted(): number
  /** Background delivery of queued messages with backoff. */
  startAutoDelivery(opts?: { intervalMs?: number }): void
  stopAutoDelivery(): void
  close(): Promise<void>
}

// Instances alive in this process (several apps may share a process in tests).
const liveInstances = new Set<string>()

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM'
  }
}

function ownerIsGone(owner: string | null): boolean {
  if (!owner) return true
  const [pidText] = owner.split(':')
  const pid = Number(pidText)
  if (!Number.isInteger(pid) || pid <= 0) return true
  if (pid === process.pid) return !liveInstances.has(owner)
  return !pidAlive(pid)
}

function parseList(json: string): string[] {
  try {
    const v: unknown = JSON.parse(json)
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []
  } catch {
    return []
  }
}

function toEntry(row: OutboxListRow): OutboxEntry {
  const code = row.failure_code as EmailFailureCode | null
  return {
    id: row.id,
    messageId: row.message_id,
    proposalId: row.proposal_id,
    proposalNumber: row.proposal_number,
    status: row.status,
    to: parseList(row.to_json),
    cc: parseList(row.cc_json),
    bcc: parseList(row.bcc_json),
    subject: row.subject,
    attachment: {
      name: row.attachment_name,
      bytes: row.attachment_size,
      sha256: row.attachment_sha256,
    },
    attempts: row.attempts,
    nextAttemptAt: row.status === 'queued' ? row.next_attempt_at : null,
    failure: code
      ? {
          code,
          message: row.failure_message ?? failure(code).message,
          retryable: failure(code).retryable,
          serverResponse: row.server_response,
        }
      : null,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    sentAt: row.sent_at,
  }
}

function resultOf(row: OutboxListRow): EmailSendResult {
  const e = toEntry(row)
  return {
    id: e.id,
    messageId: e.messageId,
    status: e.status,
    attachment: e.attachment,
    failure: e.failure,
  }
}

function messageIdFor(fromAddress: string): string {
  const domain = /@([A-Za-z0-9.-]+)$/.exec(fromAddress)?.[1] ?? 'proposaldesk.invalid'
  return `<${uuidv7()}@${domain}>`
}

/** `synchronous=FULL` for the few commits whose loss could cause a duplicate or a lost "sent". */
function durably<T>(db: LocalDb, fn: () => T): T {
  // SQLite refuses to change the safety level inside a transaction; the caller's commit decides.
  if (db.sqlite.inTransaction) return fn()
  const previous = db.sqlite.pragma('synchronous', { simple: true }) as number
  db.sqlite.pragma('synchronous = FULL')
  try {
    return fn()
  } finally {
    db.sqlite.pragma(`synchronous = ${previous}`)
  }
}

export function createEmailService(deps: EmailServiceDeps): EmailService {
  const { db, events, ports, services, pdf } = deps
  const env: Env = deps.env ?? process.env
  const sender = deps.sender ?? createSmtpSender()
  const logger: Logger = ports.logger
  const backoff = deps.backoff ?? { baseMs: 30_000, maxMs: 30 * 60_000 }
  const owner = `${process.pid}:${randomUUID()}`
  liveInstances.add(owner)
  const settingsDeps = { settings: ports.settings, secrets: ports.secrets, env }
  const inFlight = new Set<Promise<unknown>>()
  let timer: NodeJS.Timeout | null = null
  let intervalMs = 15_000
  let ticking = false
  let closed = false

  const now = (): string => ports.clock.now().toISOString()

  const changed = (ids: string[]): void => events.emit('data.changed', { entity: 'email', ids })

  const track = <T>(p: Promise<T>): Promise<T> => {
    inFlight.add(p)
    void p.finally(() => inFlight.delete(p)).catch(() => {})
    return p
  }

  async function requireConfig(): Promise<SmtpConfig> {
    let cfg: SmtpConfig | null
    try {
      cfg = await loadSmtpConfig(settingsDeps)
    } catch (e) {
      throw new AppError('invalid_state', (e as Error).message)
    }
    if (!cfg) throw new AppError('invalid_state', failure('not-configured').message)
    return cfg
  }

  function clientOf(p: Proposal): { name: string; contactName: string; email: string } {
    if (p.client) return p.client
    if (p.clientId) {
      try {
        return services.clients.get(p.clientId)
      } catch {
        // A client deleted since: the proposal still has a number and a title to work with.
      }
    }
    return { name: '', contactName: '', email: '' }
  }

  function getTemplates(): EmailTemplates {
    const s = ports.settings.get(TEMPLATE_KEYS.subject)
    const m = ports.settings.get(TEMPLATE_KEYS.message)
    return {
      subject: typeof s === 'string' ? s : DEFAULT_TEMPLATES.subject,
      message: typeof m === 'string' ? m : DEFAULT_TEMPLATES.message,
    }
  }

  function mergeValues(p: Proposal, senderName: string): Record<MergeField, string> {
    const client = clientOf(p)
    let companyName = ''
    let locale = 'en'
    try {
      const company = services.settings.get()
      companyName = company.companyName
      locale = company.locale || 'en'
    } catch {
      // Company settings unavailable: the fields stay empty rather than blocking the email.
    }
    return {
      'client.name': client.name,
      'contact.name': client.contactName || client.name,
      'proposal.number': p.number,
      'proposal.title': p.title,
      'proposal.total': formatMoney(p.totals.gross, p.currency, locale),
      // A calendar date, formatted without any time-zone shift; no date reads as a sentence too.
      'proposal.validUntil': p.validUntil
        ? new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' }).format(
            new Date(`${p.validUntil}T00:00:00Z`),
          )
        : 'further notice',
      'sender.name': senderName || companyName,
      'company.name': companyName,
    }
  }

  /** The cached PDF of the proposal's current content, verified against the export's hash. */
  async function currentPdf(
    p: Proposal,
  ): Promise<{ key: string; bytes: Buffer; sha256: string; name: string }> {
    const exp = await pdf.export(p.id, { record: false })
    const bytes = await pdf.readCached(exp.key)
    if (!bytes) throw new AppError('unavailable', 'The exported PDF is not in the cache')
    const sha = sha256Hex(bytes)
    if (sha !== exp.sha256) {
      throw new AppError('unavailable', 'The cached PDF does not match its export record')
    }
    return {
      key: exp.key,
      bytes,
      sha256: sha,
      name: attachmentFileName(p.number, clientOf(p).name),
    }
  }

  function setFailure(
    id: string,
    from: OutboxStatus,
    status: OutboxStatus,
    f: EmailFailure,
    extra: { next_attempt_at?: string | null } = {},
  ): void {
    const t = now()
    durably(db, () =>
      updateOutboxRow(db, id, from, {
        status,
        failure_code: f.code,
        failure_message: f.message,
        server_response: f.serverResponse,
        owner: null,
        updated_at: t,
        next_attempt_at: extra.next_attempt_at ?? null,
      }),
    )
  }

  function backoffDelay(attempts: number): number {
    const raw = Math.min(backoff.maxMs, backoff.baseMs * 2 ** Math.max(0, attempts - 1))
    return Math.round(raw * (0.5 + Math.random() * 0.5))
  }

  function afterAccepted(id: string, response: string): void {
    const t = now()
    durably(db, () =>
      updateOutboxRow(db, id, 'sending', {
        status: 'sent',
        sent_at: t,
        updated_at: t,
        owner: null,
        failure_code: null,
        failure_message: null,
        server_response: response,
        next_attempt_at: null,
      }),
    )
    const row = getOutboxRow(db, id)
    if (!row) return
    markProposalSent(row.proposal_id)
    try {
      deps.activity?.record({
        proposalId: row.proposal_id,
        kind: 'email.sent',
        at: t,
        summary: `Emailed ${row.attachment_name} to ${parseList(row.to_json).join(', ')}`,
        data: {
          outboxId: row.id,
          messageId: row.message_id,
          to: parseList(row.to_json),
          cc: parseList(row.cc_json),
          bcc: parseList(row.bcc_json),
          subject: row.subject,
          attachment: { name: row.attachment_name, sha256: row.attachment_sha256 },
        },
      })
    } catch (e) {
      logger.warn('email: activity record failed', { error: (e as Error).message })
    }
  }

  function markProposalSent(proposalId: string): void {
    try {
      const p = services.proposals.get(proposalId)
      // Re-sending an already sent/accepted proposal to someone else does not change its status.
      if (p.status === 'draft') services.proposals.setStatus(proposalId, 'sent')
    } catch (e) {
      // The message is out; failing to flip the status must not turn it into a resend.
      logger.error('email: could not mark the proposal sent', {
        proposalId,
        error: (e as Error).message,
      })
    }
  }

  function recordProblem(
    id: string,
    kind: 'email.failed' | 'email.unknown',
    f: EmailFailure,
  ): void {
    const row = getOutboxRow(db, id)
    if (!row) return
    try {
      deps.activity?.record({
        proposalId: row.proposal_id,
        kind,
        at: now(),
        summary: f.message,
        data: { outboxId: id, messageId: row.message_id, code: f.code },
      })
    } catch {
      // best effort
    }
  }

  /** One delivery attempt of one row. Never throws for SMTP outcomes; they are recorded. */
  async function deliver(id: string, from: readonly OutboxStatus[]): Promise<EmailSendResult> {
    const row = getOutboxRow(db, id)
    if (!row) throw new AppError('not_found', 'no such message in the outbox')
    if (!from.includes(row.status)) return resultOf(row)

    // Everything that can be checked without the network is checked before the claim.
    let cfg: SmtpConfig | null = null
    let pre: EmailFailure | null = null
    try {
      cfg = await loadSmtpConfig(settingsDeps)
      if (!cfg) pre = failure('not-configured')
    } catch (e) {
      pre = failure('not-configured', null, (e as Error).message)
    }
    if (!pre && sha256Hex(row.attachment) !== row.attachment_sha256)
      pre = failure('attachment-missing')
    if (!pre) {
      try {
        const p = services.proposals.get(row.proposal_id)
        if (p.updatedAt !== row.proposal_updated_at && p.status === 'draft') {
          // Edited after Send was pressed: only go ahead if the PDF is still byte-identical.
          const exp = await pdf.export(p.id, { record: false })
          if (exp.sha256 !== row.attachment_sha256) pre = failure('proposal-changed')
        }
      } catch (e) {
        pre = failure('proposal-changed', null, (e as Error).message)
      }
    }
    if (pre) {
      const f = pre
      const t = now()
      durably(db, () =>
        db.transaction(() => {
          const cur = getOutboxRow(db, id)
          if (cur && from.includes(cur.status)) {
            updateOutboxRow(db, id, cur.status, {
              status: 'failed',
              failure_code: f.code,
              failure_message: f.message,
              server_response: null,
              updated_at: t,
              next_attempt_at: null,
            })
          }
        }),
      )
      changed([id])
      recordProblem(id, 'email.failed', f)
      return resultOf(getOutboxRow(db, id) ?? row)
    }

    // The claim commits BEFORE any SMTP traffic: if this process dies from here on, the row
    // stays `sending` and becomes `unknown` at the next start — never resent automatically.
    if (!durably(db, () => claimForSending(db, id, from, owner, now()))) {
      return resultOf(getOutboxRow(db, id) ?? row)
    }
    changed([id])
    const claimed = getOutboxRow(db, id) ?? row
    try {
      const accepted = await sender.send(cfg as SmtpConfig, {
        messageId: row.message_id,
        from: { name: row.from_name, address: row.from_address },
        to: parseList(row.to_json),
        cc: parseList(row.cc_json),
        bcc: parseList(row.bcc_json),
        subject: row.subject,
        text: row.body,
        attachment: { fileName: row.attachment_name, bytes: row.attachment },
      })
      deps.hooks?.afterSmtpAccepted?.(id)
      afterAccepted(id, accepted.response)
    } catch (e) {
      const f =
        e instanceof SmtpDeliveryError
          ? classifySmtpError(e.cause, e.dataSent)
          : failure('internal', null, (e as Error).message)
      if (f.code === 'outcome-unknown') {
        setFailure(id, 'sending', 'unknown', f)
        recordProblem(id, 'email.unknown', f)
      } else if (f.retryable) {
        const next = new Date(ports.clock.now().getTime() + backoffDelay(claimed.attempts))
        setFailure(id, 'sending', 'queued', f, { next_attempt_at: next.toISOString() })
      } else {
        setFailure(id, 'sending', 'failed', f)
        recordProblem(id, 'email.failed', f)
      }
      logger.warn('email: delivery did not succeed', {
        id,
        code: f.code,
        error: (e as Error).message,
      })
    }
    changed([id])
    return resultOf(getOutboxRow(db, id) ?? row)
  }

  async function tick(): Promise<void> {
    if (ticking || closed) return
    ticking = true
    try {
      for (const id of dueQueuedIds(db, now())) {
        if (closed) break
        await deliver(id, ['queued'])
      }
    } catch (e) {
      logger.error('email: outbox tick failed', { error: (e as Error).message })
    } finally {
      ticking = false
    }
  }

  function schedule(delay: number): void {
    if (closed || timer === null) return
    clearTimeout(timer)
    timer = setTimeout(() => {
      void track(tick()).finally(() => schedule(intervalMs))
    }, delay)
    timer.unref()
  }

  return {
    getSettings: () => smtpSettingsView(settingsDeps),

    async saveSettings(input) {
      await saveSmtpSettings(settingsDeps, input)
      schedule(0)
      return smtpSettingsView(settingsDeps)
    },

    async sendTest(to) {
      const cfg = await requireConfig()
      const recipient = to ?? cfg.fromAddress
      const messageId = messageIdFor(cfg.fromAddress)
      try {
        await sender.send(cfg, {
          messageId,
          from: { name: cfg.fromName, address: cfg.fromAddress },
          to: [recipient],
          cc: [],
          bcc: [],
          subject: 'ProposalDesk test email',
          text: 'This is a test message from ProposalDesk. Your email settings work.',
        })
        return { delivered: true, messageId, to: recipient, failure: null }
      } catch (e) {
        const f =
          e instanceof SmtpDeliveryError
            ? classifySmtpError(e.cause, e.dataSent)
            : failure('internal', null, (e as Error).message)
        return { delivered: false, messageId, to: recipient, failure: f }
      }
    },

    async compose(proposalId) {
      const p = services.proposals.get(proposalId)
      const client = clientOf(p)
      let cfg: SmtpConfig | null = null
      try {
        cfg = await loadSmtpConfig(settingsDeps)
      } catch {
        cfg = null
      }
      const senderName = cfg?.fromName || deps.userName || ''
      const values = mergeValues(p, senderName)
      const t = getTemplates()
      const file = await currentPdf(p)
      const suggestions = client.email
        ? [{ name: client.contactName || client.name, address: client.email }]
        : []
      return {
        proposalId: p.id,
        proposalNumber: p.number,
        proposalStatus: p.status,
        to: suggestions.slice(0, 1),
        suggestions,
        subject: renderTemplate(t.subject, values).replace(/[\r\n]+/g, ' '),
        message: renderTemplate(t.message, values),
        attachment: { name: file.name, bytes: file.bytes.length, sha256: file.sha256 },
        from: cfg ? { name: cfg.fromName, address: cfg.fromAddress } : null,
        configured: cfg !== null,
        mergeFields: MERGE_FIELDS.map((field) => ({ field, value: values[field] })),
      }
    },

    async send(input) {
      const cfg = await requireConfig()
      const p = services.proposals.get(input.proposalId)
      const file = await currentPdf(p)
      const id = uuidv7()
      const t = now()
      durably(db, () =>
        db.transaction(() =>
          insertOutboxRow(db, {
            id,
            message_id: messageIdFor(cfg.fromAddress),
            proposal_id: p.id,
            proposal_number: p.number,
            proposal_updated_at: p.updatedAt,
            status: 'queued',
            from_name: cfg.fromName,
            from_address: cfg.fromAddress,
            to_json: JSON.stringify(input.to),
            cc_json: JSON.stringify(input.cc),
            bcc_json: JSON.stringify(input.bcc),
            subject: input.subject,
            body: input.message,
            attachment_name: file.name,
            attachment_sha256: file.sha256,
            attachment_size: file.bytes.length,
            attachment_key: file.key,
            attachment: file.bytes,
            created_at: t,
            updated_at: t,
          }),
        ),
      )
      changed([id])
      return track(deliver(id, ['queued']))
    },

    outbox(filter = {}) {
      return listOutbox(db, {
        proposalId: filter.proposalId,
        status: filter.status,
        limit: filter.limit ?? 200,
      }).map(toEntry)
    },

    async retry(id) {
      const row = getOutboxRow(db, id)
      if (!row) throw new AppError('not_found', 'no such message in the outbox')
      if (row.status === 'unknown') {
        throw new AppError(
          'invalid_state',
          'This message may already have been sent: choose "mark as sent" or "send again".',
        )
      }
      if (row.status !== 'queued' && row.status !== 'failed') {
        throw new AppError('invalid_state', `The message is ${row.status}`)
      }
      return track(deliver(id, ['queued', 'failed']))
    },

    async retryQueued() {
      const results: EmailSendResult[] = []
      for (const id of dueQueuedIds(db, null)) results.push(await track(deliver(id, ['queued'])))
      return results
    },

    async resolveUnknown(id, decision) {
      const row = getOutboxRow(db, id)
      if (!row) throw new AppError('not_found', 'no such message in the outbox')
      if (row.status !== 'unknown') {
        throw new AppError(
          'invalid_state',
          `The message is ${row.status}, not "may have been sent"`,
        )
      }
      if (decision === 'resend') return track(deliver(id, ['unknown']))
      // The user confirmed it arrived: record it exactly like an SMTP acceptance.
      const t = now()
      const ok = durably(db, () =>
        updateOutboxRow(db, id, 'unknown', { status: 'sending', owner, updated_at: t }),
      )
      if (ok) afterAccepted(id, 'marked as sent by the user')
      changed([id])
      return resultOf(getOutboxRow(db, id) ?? row)
    },

    getTemplates,

    saveTemplates(t) {
      ports.settings.set(TEMPLATE_KEYS.subject, t.subject)
      ports.settings.set(TEMPLATE_KEYS.message, t.message)
      return getTemplates()
    },

    recoverInterrupted() {
      const orphans = sendingRows(db).filter((r) => ownerIsGone(r.owner))
      if (orphans.length === 0) return 0
      const f = failure('outcome-unknown')
      const t = now()
      let n = 0
      durably(db, () =>
        db.transaction(() => {
          for (const o of orphans) {
            if (
              updateOutboxRow(db, o.id, 'sending', {
                status: 'unknown',
                failure_code: f.code,
                failure_message: f.message,
                owner: null,
                updated_at: t,
              })
            ) {
              n++
            }
          }
        }),
      )
      for (const o of orphans) recordProblem(o.id, 'email.unknown', f)
      changed(orphans.map((o) => o.id))
      return n
    },

    startAutoDelivery(opts = {}) {
      if (closed) return
      intervalMs = opts.intervalMs ?? intervalMs
      if (timer === null) {
        timer = setTimeout(() => {}, 0)
        timer.unref()
      }
      schedule(0)
    },

    stopAutoDelivery() {
      if (timer) clearTimeout(timer)
      timer = null
    },

    async close() {
      closed = true
      if (timer) clearTimeout(timer)
      timer = null
      // Wait briefly for deliveries in progress. One still talking SMTP after that keeps its row
      // `sending`, which the next start turns into "may have been sent": quitting never resends.
      let grace: NodeJS.Timeout | undefined
      await Promise.race([
        Promise.allSettled([...inFlight]),
        new Promise((r) => {
          grace = setTimeout(r, 5000)
          grace.unref()
        }),
      ])
      clearTimeout(grace)
      liveInstances.delete(owner)
    },
  }
}
