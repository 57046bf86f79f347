/**
 * Test support for the sync suites (not a test file): a throwaway server database per suite and
 * "devices" that edit their own SQLite store the way the services do (row + outbox row in one
 * transaction).
 */
import { generateKeyBetween } from 'fractional-indexing'
import mysql from 'mysql2/promise'
import { v7 as uuidv7 } from 'uuid'
import { openLocalDb, type LocalDb } from '../db/local-database.ts'
import { allocateProposalNumber } from '../services/numbering.service.ts'
import { remoteRowToLocal, type LocalRow } from './codec.ts'
import { recomputeLocalTotals } from './local-apply.ts'
import { recordMutation, type SyncedEntity } from './outbox.ts'
import { parseServerUrl, type ServerConfig } from './remote-connection.ts'
import { migrateServer } from './server-migrate.ts'
import { TABLE_SPECS, specFor } from './sync-schema.ts'

export const MYSQL_URL = process.env.MYSQL_URL ?? 'mysql://root@127.0.0.1:3306/test'

export async function serverReachable(): Promise<boolean> {
  try {
    const c = await mysql.createConnection({ uri: MYSQL_URL, connectTimeout: 3000 })
    await c.end()
    return true
  } catch {
    if (process.env.CI === 'true')
      throw new Error(`MySQL/MariaDB at ${MYSQL_URL} is not reachable (CI=true: failing)`)
    console.warn(`\n*** SKIPPING sync suites: no MySQL/MariaDB reachable at ${MYSQL_URL} ***\n`)
    return false
  }
}

export interface TestServer {
  config: ServerConfig
  admin: mysql.Connection
  reset(): Promise<void>
  drop(): Promise<void>
}

/** Creates `pd_test_<random>`, migrates it, and returns an admin connection to it. */
export async function createTestServer(prefix = 'pd_test'): Promise<TestServer> {
  const base = parseServerUrl(MYSQL_URL)
  const name = `${prefix}_${Math.random().toString(36).slice(2, 10)}`
  const root = await mysql.createConnection({ uri: MYSQL_URL })
  await root.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`)
  await root.end()
  const config: ServerConfig = { ...base, database: name }
  await migrateServer(config)
  const admin = await mysql.createConnection({
    host: config.host,
    port: config.port,
    user: config.user,
    ...(config.password ? { password: config.password } : {}),
    database: name,
    dateStrings: true,
    supportBigNumbers: true,
    bigNumberStrings: true,
    timezone: 'Z',
  })
  return {
    config,
    admin,
    async reset() {
      for (const t of [
        'sync_change',
        'sync_client',
        'sync_mutation_result',
        'sync_conflict',
        'sync_number_counter',
        'sync_number_block',
        'sync_revision_map',
        ...TABLE_SPECS.map((s) => s.table),
      ]) {
        await admin.query(`DELETE FROM ${t}`)
      }
      await admin.query('UPDATE sync_counter SET seq = 0 WHERE id = 1')
    },
    async drop() {
      await admin.query(`DROP DATABASE \`${name}\``)
      await admin.end()
    },
  }
}

export async function openDevice(file = ':memory:'): Promise<LocalDb> {
  return (await openLocalDb({ file })).db
}

/** Every synced row on the server, in device spelling, keyed `entity:id`. */
export async function serverSnapshot(admin: mysql.Connection): Promise<Map<string, LocalRow>> {
  const out = new Map<string, LocalRow>()
  for (const spec of TABLE_SPECS) {
    const [rows] = await admin.query(`SELECT * FROM ${spec.table}`)
    for (const r of rows as Record<string, unknown>[])
      out.set(`${spec.entity}:${String(r.id)}`, remoteRowToLocal(spec, r))
  }
  return out
}

export function deviceSnapshot(db: LocalDb): Map<string, LocalRow> {
  const out = new Map<string, LocalRow>()
  for (const spec of TABLE_SPECS) {
    const cols = ['id', ...Object.keys(spec.columns), 'row_version']
    for (const r of db.sqlite
      .prepare(`SELECT ${cols.join(', ')} FROM ${spec.table}`)
      .all() as LocalRow[]) {
      out.set(`${spec.entity}:${String(r.id)}`, { ...r })
    }
  }
  return out
}

export function normaliseForCompare(m: Map<string, LocalRow>): Record<string, LocalRow> {
  const out: Record<string, LocalRow> = {}
  for (const k of [...m.keys()].sort()) {
    const r = m.get(k) ?? {}
    out[k] = Object.fromEntries(
      Object.entries(r).map(([c, v]) => [c, Buffer.isBuffer(v) ? v.toString('base64') : v]),
    )
  }
  return out
}

// ---- device edits, the way the services make them -------------------------------------------

export interface DeviceClock {
  now(): Date
}

function write(
  db: LocalDb,
  clock: DeviceClock,
  entity: SyncedEntity,
  op: 'insert' | 'patch' | 'delete',
  id: string,
  fields: Record<string, unknown>,
): void {
  const spec = specFor(entity)
  const row = db.sqlite.prepare(`SELECT row_version FROM ${spec.table} WHERE id = ?`).get(id) as
    { row_version: number } | undefined
  const now = clock.now()
  const stamped = { ...fields, updated_at: now.toISOString() }
  if (op === 'insert') {
    const all = { ...stamped, created_at: now.toISOString(), id }
    const cols = Object.keys(all)
    db.sqlite
      .prepare(
        `INSERT INTO ${spec.table} (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`,
      )
      .run(...cols.map((c) => all[c as keyof typeof all]))
  } else {
    const cols = Object.keys(stamped)
    db.sqlite
      .prepare(`UPDATE ${spec.table} SET ${cols.map((c) => `${c} = ?`).join(', ')} WHERE id = ?`)
      .run(...cols.map((c) => stamped[c as keyof typeof stamped]), id)
  }
  recordMutation(
    db,
    {
      entity,
      rowId: id,
      op,
      fields: op === 'insert' ? { ...stamped, created_at: now.toISOString() } : stamped,
      baseVersion: row?.row_version ?? 0,
    },
    now,
  )
}

export function liveProposals(db: LocalDb): { id: string; status: string }[] {
  return db.sqlite
    .prepare('SELECT id, status FROM proposals WHERE deleted_at IS NULL ORDER BY id')
    .all() as { id: string; status: string }[]
}

export function liveLines(db: LocalDb, proposalId: string): { id: string; position: string }[] {
  return db.sqlite
    .prepare(
      'SELECT id, position FROM line_items WHERE proposal_id = ? AND deleted_at IS NULL ORDER BY position, id',
    )
    .all(proposalId) as { id: string; position: string }[]
}

export function createProposal(
  db: LocalDb,
  clock: DeviceClock,
  fields: Record<string, unknown> = {},
): string {
  const id = uuidv7()
  db.transaction(() => {
    write(db, clock, 'proposal', 'insert', id, {
      number: `LOCAL-${id}`,
      title: 'Proposal',
      currency: 'EUR',
      status: 'draft',
      issue_date: '2026-12-03',
      terms: '',
      notes: '',
      ...fields,
    })
  })
  return id
}

/** A proposal numbered the way the proposals service numbers it (`allocateProposalNumber`). */
export function createNumberedProposal(
  db: LocalDb,
  clock: DeviceClock,
  issueDate = clock.now().toISOString().slice(0, 10),
  series = 'PR-{YYYY}-{SEQ:4}',
): { id: string; number: string } {
  const id = uuidv7()
  let number = ''
  db.transaction(() => {
    number = allocateProposalNumber(db, series, issueDate)
    write(db, clock, 'proposal', 'insert', id, {
      number,
      title: 'Proposal',
      currency: 'EUR',
      status: 'draft',
      issue_date: issueDate,
      terms: '',
      notes: '',
    })
  })
  return { id, number }
}

export function addLine(
  db: LocalDb,
  clock: DeviceClock,
  proposalId: string,
  fields: Record<string, unknown> = {},
): string {
  const id = uuidv7()
  db.transaction(() => {
    const lines = liveLines(db, proposalId)
    const last = lines[lines.length - 1]?.position ?? null
    write(db, clock, 'line_item', 'insert', id, {
      proposal_id: proposalId,
      position: generateKeyBetween(last, null),
      description: 'Item',
      quantity: '1',
      unit_price: '10.00',
      discount_percent: '0',
      taxes: JSON.stringify([{ name: 'VAT', rate: '20' }]),
      optional: 0,
      ...fields,
    })
    recomputeLocalTotals(db, proposalId)
  })
  return id
}

export function patchRow(
  db: LocalDb,
  clock: DeviceClock,
  entity: SyncedEntity,
  id: string,
  fields: Record<string, unknown>,
): void {
  db.transaction(() => {
    write(db, clock, entity, 'patch', id, fields)
    const pid = entity === 'proposal' ? id : entity === 'line_item' ? lineProposal(db, id) : null
    if (pid) recomputeLocalTotals(db, pid)
  })
}

export function deleteRow(db: LocalDb, clock: DeviceClock, entity: SyncedEntity, id: string): void {
  db.transaction(() => {
    write(db, clock, entity, 'delete', id, { deleted_at: clock.now().toISOString() })
    const pid = entity === 'line_item' ? lineProposal(db, id) : null
    if (pid) recomputeLocalTotals(db, pid)
  })
}

export function moveLine(db: LocalDb, clock: DeviceClock, lineId: string, toIndex: number): void {
  const pid = lineProposal(db, lineId)
  if (!pid) return
  const others = liveLines(db, pid).filter((l) => l.id !== lineId)
  const i = Math.max(0, Math.min(toIndex, others.length))
  const before = others[i - 1]?.position ?? null
  const after = others[i]?.position ?? null
  if (before !== null && after !== null && before >= after) return // duplicate keys until the server fixes them
  patchRow(db, clock, 'line_item', lineId, { position: generateKeyBetween(before, after) })
}

function lineProposal(db: LocalDb, id: string): string | null {
  const r = db.sqlite.prepare('SELECT proposal_id FROM line_items WHERE id = ?').get(id) as
    { proposal_id: string } | undefined
  return r?.proposal_id ?? null
}
