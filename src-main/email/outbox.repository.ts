import type { Insertable, Selectable } from 'kysely'
import type { LocalDb } from '../db/local-database.ts'
import type { EmailOutboxTable } from '../db/tables.ts'
import type { OutboxStatus } from '../../src-shared/ipc/email.contract.ts'

export type OutboxRow = Selectable<EmailOutboxTable>
export type NewOutboxRow = Insertable<EmailOutboxTable>

/** Columns without the attachment blob, for lists. */
const LIST_COLUMNS = [
  'id',
  'message_id',
  'proposal_id',
  'proposal_number',
  'proposal_updated_at',
  'status',
  'from_name',
  'from_address',
  'to_json',
  'cc_json',
  'bcc_json',
  'subject',
  'body',
  'attachment_name',
  'attachment_sha256',
  'attachment_size',
  'attachment_key',
  'attempts',
  'next_attempt_at',
  'failure_code',
  'failure_message',
  'server_response',
  'owner',
  'created_at',
  'updated_at',
  'sent_at',
] as const
export type OutboxListRow = Omit<OutboxRow, 'attachment'>

export function insertOutboxRow(db: LocalDb, row: NewOutboxRow): void {
  db.run(db.q.insertInto('email_outbox').values(row))
}

export function getOutboxRow(db: LocalDb, id: string): OutboxRow | undefined {
  return db.first(db.q.selectFrom('email_outbox').selectAll().where('id', '=', id))
}

export function listOutbox(
  db: LocalDb,
  filter: { proposalId?: string | undefined; status?: OutboxStatus | undefined; limit: number },
): OutboxListRow[] {
  let q = db.q.selectFrom('email_outbox').select(LIST_COLUMNS)
  if (filter.proposalId) q = q.where('proposal_id', '=', filter.proposalId)
  if (filter.status) q = q.where('status', '=', filter.status)
  return db.all(q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(filter.limit))
}

/** Queued rows whose next attempt is due (or all queued rows when `now` is null). */
export function dueQueuedIds(db: LocalDb, now: string | null): string[] {
  let q = db.q.selectFrom('email_outbox').select('id').where('status', '=', 'queued')
  if (now !== null) {
    q = q.where((eb) =>
      eb.or([eb('next_attempt_at', 'is', null), eb('next_attempt_at', '<=', now)]),
    )
  }
  return db.all(q.orderBy('created_at', 'asc')).map((r) => r.id)
}

export function nextDueAt(db: LocalDb): string | null {
  const r = db.first(
    db.q
      .selectFrom('email_outbox')
      .select((eb) => eb.fn.min('next_attempt_at').as('next'))
      .where('status', '=', 'queued'),
  )
  return r?.next ?? null
}

/**
 * Claims a row for delivery: `from` → `sending`, only if it is still in `from`. Returns false when
 * another process (or an earlier call) got there first. Runs in its own committed transaction so the
 * claim is durable BEFORE any SMTP traffic.
 */
export function claimForSending(
  db: LocalDb,
  id: string,
  from: readonly OutboxStatus[],
  owner: string,
  now: string,
): boolean {
  return db.transaction(() => {
    const r = db.run(
      db.q
        .updateTable('email_outbox')
        .set((eb) => ({
          status: 'sending',
          owner,
          attempts: eb('attempts', '+', 1),
          updated_at: now,
        }))
        .where('id', '=', id)
        .where('status', 'in', [...from]),
    )
    return r.changes === 1
  })
}

export function updateOutboxRow(
  db: LocalDb,
  id: string,
  expectedStatus: OutboxStatus,
  patch: Partial<Omit<NewOutboxRow, 'id'>>,
): boolean {
  return db.transaction(
    () =>
      db.run(
        db.q
          .updateTable('email_outbox')
          .set(patch)
          .where('id', '=', id)
          .where('status', '=', expectedStatus),
      ).changes === 1,
  )
}

export function sendingRows(db: LocalDb): { id: string; owner: string | null }[] {
  return db.all(
    db.q.selectFrom('email_outbox').select(['id', 'owner']).where('status', '=', 'sending'),
  )
}
