import { generateKeyBetween } from 'fractional-indexing'
import {
  formatProposalNumber,
  seriesPrefixKey,
  validateSeries,
} from '../../src-shared/domain/numbering.ts'
import { proposalTotals } from '../../src-shared/domain/totals.ts'
import type { TaxInput } from '../../src-shared/domain/money.types.ts'
import {
  InvalidValueError,
  canonical,
  displayValue,
  remoteRowToLocal,
  sameValue,
  text,
  toRemote,
  type LocalRow,
} from './codec.ts'
import type { RemoteConnection } from './remote-connection.ts'
import { SPEC_BY_ENTITY, TABLE_SPECS, specFor, type TableSpec } from './sync-schema.ts'
import {
  derivedUuid,
  type ConflictRecord,
  type MutationResult,
  type MutationStatus,
  type PushEntry,
  type RowRef,
  type SyncHooks,
} from './sync-types.ts'

/** [seq (-1 = this batch), hlc, client_id] of a field's last change. */
type FieldVersion = [number, string, string]

interface CachedRow {
  spec: TableSpec
  row: LocalRow
  fv: Record<string, FieldVersion>
  isNew: boolean
  dirty: boolean
  /** sync_change op for this row in this batch */
  op: 'insert' | 'patch' | 'delete'
  /** mutation that last changed it (for sync_change provenance) */
  mutationId: number | null
}

export interface PushContext {
  clientId: string
  userName: string
  appVersion: string
  protocol: number
  /** Server time (ISO) for rows the server creates. */
  now: string
  /** The device's numbering series, used when the server assigns a proposal's final number. */
  numberingSeries: string
  hooks?: SyncHooks | undefined
  batchNo?: number
}

const CONTENT_EXEMPT = new Set([
  'status',
  'sent_at',
  'client_snapshot',
  'updated_at',
  'updated_by',
  'notes',
])
const NEVER_FROM_CLIENT = new Set(['id', 'row_version', 'deleted_seq', '_fv'])

type Rows = Record<string, unknown>[]

function q(conn: RemoteConnection, sql: string, params: unknown[] = []): Promise<Rows> {
  return conn.query(sql, params).then(([rows]) => rows as Rows)
}

/** The merge state of one push transaction: every row it may touch, locked FOR UPDATE. */
class BatchState {
  readonly rows = new Map<string, Map<string, CachedRow>>()
  readonly revisionMap = new Map<string, string>()
  readonly touchedProposals = new Set<string>()
  readonly newRevisionMaps: [string, string][] = []
  constructor(readonly conn: RemoteConnection) {
    for (const s of TABLE_SPECS) this.rows.set(s.entity, new Map())
  }

  get(entity: string, id: string): CachedRow | undefined {
    return this.rows.get(entity)?.get(id)
  }

  async load(spec: TableSpec, where: string, params: unknown[]): Promise<CachedRow[]> {
    const found = await q(
      this.conn,
      `SELECT * FROM ${spec.table} WHERE ${where} ORDER BY id FOR UPDATE`,
      params,
    )
    const out: CachedRow[] = []
    const map = this.rows.get(spec.entity)
    if (!map) return out
    for (const r of found) {
      const id = String(r.id)
      let c = map.get(id)
      if (!c) {
        c = {
          spec,
          row: remoteRowToLocal(spec, r),
          fv: parseFv(r._fv),
          isNew: false,
          dirty: false,
          op: 'patch',
          mutationId: null,
        }
        map.set(id, c)
      }
      out.push(c)
    }
    return out
  }

  async loadByIds(entity: string, ids: Iterable<string>): Promise<void> {
    const map = this.rows.get(entity)
    const want = [...new Set(ids)].filter((id) => !map?.has(id))
    if (want.length === 0) return
    await this.load(specFor(entity), 'id IN (?)', [want])
  }

  async loadProposalFamily(proposalIds: Iterable<string>): Promise<void> {
    const ids = [...new Set(proposalIds)]
    if (ids.length === 0) return
    await this.loadByIds('proposal', ids)
    await this.load(specFor('line_item'), 'proposal_id IN (?)', [ids])
    await this.load(specFor('proposal_section'), 'proposal_id IN (?)', [ids])
  }

  children(entity: 'line_item' | 'proposal_section', proposalId: string): CachedRow[] {
    const out: CachedRow[] = []
    for (const c of this.rows.get(entity)?.values() ?? []) {
      if (c.row.proposal_id === proposalId) out.push(c)
    }
    return out
  }

  add(spec: TableSpec, row: LocalRow, mutationId: number | null): CachedRow {
    const c: CachedRow = { spec, row, fv: {}, isNew: true, dirty: true, op: 'insert', mutationId }
    this.rows.get(spec.entity)?.set(String(row.id), c)
    return c
  }

  dirtyRows(): CachedRow[] {
    const out: CachedRow[] = []
    for (const s of TABLE_SPECS)
      for (const c of this.rows.get(s.entity)?.values() ?? []) if (c.dirty) out.push(c)
    return out
  }
}

function parseFv(raw: unknown): Record<string, FieldVersion> {
  if (typeof raw !== 'string' || raw === '') return {}
  try {
    return JSON.parse(raw) as Record<string, FieldVersion>
  } catch {
    return {}
  }
}

function kindDefault(spec: TableSpec, col: string, now: string): unknown {
  if (spec.defaults && col in spec.defaults) return spec.defaults[col]
  if (spec.nullable.has(col)) return null
  switch (spec.columns[col]) {
    case 'dec':
      return '0'
    case 'int':
    case 'big':
    case 'bool':
      return 0
    case 'ts':
      return now
    case 'json':
      return '[]'
    default:
      return ''
  }
}

class Rejected extends Error {}

/** Cleans a mutation's fields: known columns only, canonical spelling, validated. */
function cleanFields(spec: TableSpec, e: PushEntry): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(e.fields)) {
    const kind = spec.columns[k]
    if (!kind || NEVER_FROM_CLIENT.has(k) || spec.derived.has(k)) continue
    if (k === 'deleted_at' && e.op !== 'delete') continue
    if (k === 'created_at' && e.op !== 'insert') continue
    if ((v === null || v === undefined) && !spec.nullable.has(k)) {
      throw new Rejected(`${k} may not be empty`)
    }
    try {
      out[k] = canonical(kind, v)
    } catch (err) {
      if (err instanceof InvalidValueError) throw new Rejected(`${k}: ${err.message}`)
      throw err
    }
    const max = spec.maxLength?.[k]
    if (max !== undefined && typeof out[k] === 'string' && out[k].length > max) {
      throw new Rejected(`${k} is longer than ${max} characters`)
    }
  }
  return out
}

interface Outcome {
  status: MutationStatus
  conflicts: Omit<ConflictRecord, 'id' | 'mutationId' | 'createdAt'>[]
  refetch: RowRef[]
}

/**
 * Pushes one batch of outbox entries in ONE server transaction and returns a result per entry.
 * Idempotent by (client_id, mutation_id): entries at or below the client's last_mutation_id get
 * their stored results back instead of being applied again. The sequence number is allocated
 * LAST (`UPDATE sync_counter SET seq = LAST_INSERT_ID(seq+1)`), so the counter row lock is held
 * only for the final writes and commit order equals seq order — a pull can never skip a change
 * that commits late. On any error the caller destroys the connection and resends the whole batch.
 */
export async function pushBatch(
  conn: RemoteConnection,
  entries: readonly PushEntry[],
  ctx: PushContext,
): Promise<{ results: MutationResult[]; seq: number | null }> {
  // READ COMMITTED: no gap locks, so devices inserting rows next to each other in an index do not
  // deadlock; correctness comes from the row locks (client row, then each proposal before its lines,
  // then the counter), which are taken in the same order by every push.
  await conn.query('SET TRANSACTION ISOLATION LEVEL READ COMMITTED')
  await conn.query('START TRANSACTION')
  let clientRows = await q(
    conn,
    'SELECT last_mutation_id FROM sync_client WHERE client_id = ? FOR UPDATE',
    [ctx.clientId],
  )
  if (clientRows.length === 0) {
    await q(conn, 'INSERT IGNORE INTO sync_client (client_id, last_mutation_id) VALUES (?, 0)', [
      ctx.clientId,
    ])
    clientRows = await q(
      conn,
      'SELECT last_mutation_id FROM sync_client WHERE client_id = ? FOR UPDATE',
      [ctx.clientId],
    )
  }
  const last = Number(clientRows[0]?.last_mutation_id ?? 0)
  const replayed = entries.filter((e) => e.mutationId <= last)
  const fresh = entries
    .filter((e) => e.mutationId > last)
    .sort((a, b) => a.mutationId - b.mutationId)
  const results: MutationResult[] =
    replayed.length > 0 ? await storedResults(conn, ctx.clientId, replayed) : []

  let seq: number | null = null
  if (fresh.length > 0) {
    const state = new BatchState(conn)
    await preload(state, fresh, ctx)
    const outcomes: [PushEntry, Outcome][] = []
    for (const e of fresh) outcomes.push([e, await applyEntry(state, e, ctx)])
    await normaliseProposals(state)

    const dirty = state.dirtyRows()
    // Everything that does not need the seq is written first: the counter row lock (taken by the
    // seq allocation and held to COMMIT) serialises all pushes, so it must be held briefly.
    for (const [orig, rev] of state.newRevisionMaps) {
      await q(
        conn,
        'INSERT IGNORE INTO sync_revision_map (client_id, original_id, revision_id) VALUES (?, ?, ?)',
        [ctx.clientId, orig, rev],
      )
    }
    const conflictRows: unknown[][] = []
    const resultRows: unknown[][] = []
    const pendingResults: MutationResult[] = []
    for (const [e, o] of outcomes) {
      const conflicts: ConflictRecord[] = o.conflicts.map((c, i) => ({
        ...c,
        id: derivedUuid(`conflict:${ctx.clientId}:${e.mutationId}:${i}`),
        mutationId: e.mutationId,
        createdAt: ctx.now,
      }))
      for (const c of conflicts) {
        conflictRows.push([
          c.id,
          ctx.clientId,
          e.mutationId,
          c.kind,
          c.entity,
          c.rowId,
          c.field,
          JSON.stringify(c.serverValue),
          JSON.stringify(c.clientValue),
          c.detail,
          0,
          toRemote('ts', ctx.now),
        ])
      }
      resultRows.push([
        ctx.clientId,
        e.mutationId,
        o.status,
        null,
        JSON.stringify({ refetch: o.refetch }),
      ])
      pendingResults.push({
        mutationId: e.mutationId,
        status: o.status,
        seq: null,
        refetch: o.refetch,
        conflicts,
      })
    }
    if (conflictRows.length > 0) {
      await q(
        conn,
        `INSERT IGNORE INTO sync_conflict (id, client_id, mutation_id, kind, entity, row_id, field,
          server_value, client_value, detail, seq, created_at) VALUES ?`,
        [conflictRows],
      )
    }
    await q(
      conn,
      'INSERT INTO sync_mutation_result (client_id, mutation_id, status, seq, detail) VALUES ?',
      [resultRows],
    )
    const maxId = fresh[fresh.length - 1]?.mutationId ?? last
    await q(
      conn,
      `UPDATE sync_client SET last_mutation_id = ?, user_name = ?, app_version = ?, protocol = ?,
        last_seen_at = UTC_TIMESTAMP(3) WHERE client_id = ?`,
      [maxId, ctx.userName.slice(0, 190), ctx.appVersion.slice(0, 40), ctx.protocol, ctx.clientId],
    )
    if (dirty.length > 0) {
      const [hdr] = await conn.query(
        'UPDATE sync_counter SET seq = LAST_INSERT_ID(seq + 1) WHERE id = 1',
      )
      seq = Number((hdr as { insertId: number | string }).insertId)
      await writeRows(conn, state, dirty, seq, ctx)
      for (const r of pendingResults) if (r.status !== 'rejected') r.seq = seq
    }
    results.push(...pendingResults)
  }
  const hookCtx = { connectionId: conn.threadId ?? 0, batch: ctx.batchNo ?? 0 }
  await ctx.hooks?.beforeCommit?.(hookCtx)
  await conn.query('COMMIT')
  await ctx.hooks?.afterCommit?.(hookCtx)
  results.sort((a, b) => a.mutationId - b.mutationId)
  return { results, seq }
}

/**
 * Marks ONE mutation as rejected without applying it (its data fails the server's strict checks).
 * Advancing last_mutation_id past it keeps the queue moving (a permanently failing mutation must
 * not wedge sync); the conflict record keeps the refused edit visible to the user.
 */
export async function rejectMutation(
  conn: RemoteConnection,
  e: PushEntry,
  reason: string,
  ctx: PushContext,
): Promise<MutationResult> {
  await conn.query('START TRANSACTION')
  const rows = await q(
    conn,
    'SELECT last_mutation_id FROM sync_client WHERE client_id = ? FOR UPDATE',
    [ctx.clientId],
  )
  const last = Number(rows[0]?.last_mutation_id ?? 0)
  if (e.mutationId <= last) {
    const [r] = await storedResults(conn, ctx.clientId, [e])
    await conn.query('COMMIT')
    if (r) return r
  }
  const conflict: ConflictRecord = {
    id: derivedUuid(`conflict:${ctx.clientId}:${e.mutationId}:0`),
    mutationId: e.mutationId,
    kind: 'rejected',
    entity: e.entity,
    rowId: e.rowId,
    field: null,
    serverValue: null,
    clientValue: e.fields,
    detail: reason.slice(0, 2000),
    createdAt: ctx.now,
  }
  const refetch = [{ entity: e.entity, id: e.rowId }]
  await q(
    conn,
    `INSERT IGNORE INTO sync_conflict (id, client_id, mutation_id, kind, entity, row_id, field,
      server_value, client_value, detail, seq, created_at) VALUES (?, ?, ?, 'rejected', ?, ?, NULL, 'null', ?, ?, 0, ?)`,
    [
      conflict.id,
      ctx.clientId,
      e.mutationId,
      e.entity,
      e.rowId,
      JSON.stringify(e.fields),
      conflict.detail,
      toRemote('ts', ctx.now),
    ],
  )
  await q(
    conn,
    `INSERT INTO sync_mutation_result (client_id, mutation_id, status, seq, detail) VALUES (?, ?, 'rejected', NULL, ?)`,
    [ctx.clientId, e.mutationId, JSON.stringify({ refetch })],
  )
  await q(conn, 'INSERT IGNORE INTO sync_client (client_id, last_mutation_id) VALUES (?, 0)', [
    ctx.clientId,
  ])
  await q(
    conn,
    'UPDATE sync_client SET last_mutation_id = GREATEST(last_mutation_id, ?) WHERE client_id = ?',
    [e.mutationId, ctx.clientId],
  )
  await conn.query('COMMIT')
  return { mutationId: e.mutationId, status: 'rejected', seq: null, refetch, conflicts: [conflict] }
}

async function storedResults(
  conn: RemoteConnection,
  clientId: string,
  entries: readonly PushEntry[],
): Promise<MutationResult[]> {
  const ids = entries.map((e) => e.mutationId)
  const rs = await q(
    conn,
    'SELECT mutation_id, status, seq, detail FROM sync_mutation_result WHERE client_id = ? AND mutation_id IN (?)',
    [clientId, ids],
  )
  const cs = await q(
    conn,
    'SELECT * FROM sync_conflict WHERE client_id = ? AND mutation_id IN (?) ORDER BY id',
    [clientId, ids],
  )
  const byId = new Map(rs.map((r) => [Number(r.mutation_id), r]))
  return entries.map((e) => {
    const r = byId.get(e.mutationId)
    const detail = r ? (JSON.parse(text(r.detail ?? '{}')) as { refetch?: RowRef[] }) : {}
    return {
      mutationId: e.mutationId,
      // No stored result: an id skipped by the device (gaps are allowed) — nothing to replay.
      status: (r ? String(r.status) : 'applied') as MutationStatus,
      seq: r?.seq === null || r?.seq === undefined ? null : Number(r.seq),
      refetch: detail.refetch ?? [{ entity: e.entity, id: e.rowId }],
      conflicts: cs
        .filter((c) => Number(c.mutation_id) === e.mutationId)
        .map((c) => ({
          id: String(c.id),
          mutationId: e.mutationId,
          kind: String(c.kind) as ConflictRecord['kind'],
          entity: String(c.entity),
          rowId: String(c.row_id),
          field: c.field === null ? null : text(c.field),
          serverValue: JSON.parse(text(c.server_value ?? 'null')) as unknown,
          clientValue: JSON.parse(text(c.client_value ?? 'null')) as unknown,
          detail: c.detail === null ? null : text(c.detail),
          createdAt: String(c.created_at).replace(' ', 'T') + 'Z',
        })),
    }
  })
}

async function preload(
  state: BatchState,
  fresh: readonly PushEntry[],
  ctx: PushContext,
): Promise<void> {
  // Lock order: proposals (and their children), then children by id, then the rest — always in
  // id order within a table, which keeps deadlocks rare; a deadlock is retried like any
  // transient error.
  const proposalIds = new Set<string>()
  const childIds: Record<string, Set<string>> = {
    line_item: new Set(),
    proposal_section: new Set(),
  }
  const other: Record<string, Set<string>> = {}
  for (const e of fresh) {
    if (e.entity === 'proposal') {
      proposalIds.add(e.rowId)
      if (typeof e.fields.revision_of === 'string') proposalIds.add(e.fields.revision_of)
    } else if (e.entity === 'line_item' || e.entity === 'proposal_section') {
      childIds[e.entity]?.add(e.rowId)
      if (typeof e.fields.proposal_id === 'string') proposalIds.add(e.fields.proposal_id)
    } else if (SPEC_BY_ENTITY.has(e.entity)) {
      ;(other[e.entity] ??= new Set()).add(e.rowId)
    }
  }
  await state.loadProposalFamily(proposalIds)
  for (const entity of ['line_item', 'proposal_section'] as const) {
    await state.loadByIds(entity, childIds[entity] ?? [])
  }
  const more = new Set<string>()
  for (const entity of ['line_item', 'proposal_section'] as const) {
    for (const c of state.rows.get(entity)?.values() ?? []) {
      const pid = String(c.row.proposal_id)
      if (!state.get('proposal', pid)) more.add(pid)
    }
  }
  await state.loadProposalFamily(more)
  // Frozen proposals this client already redirected to a revision: load the revision family.
  const frozen = [...(state.rows.get('proposal')?.values() ?? [])]
    .filter((c) => c.row.status !== 'draft')
    .map((c) => String(c.row.id))
  if (frozen.length > 0) {
    const maps = await q(
      state.conn,
      'SELECT original_id, revision_id FROM sync_revision_map WHERE client_id = ? AND original_id IN (?)',
      [ctx.clientId, frozen],
    )
    for (const m of maps) state.revisionMap.set(String(m.original_id), String(m.revision_id))
    await state.loadProposalFamily(maps.map((m) => String(m.revision_id)))
  }
  for (const [entity, ids] of Object.entries(other)) await state.loadByIds(entity, ids)
}

function proposalIdOf(state: BatchState, e: PushEntry): string | null {
  if (e.entity === 'proposal') return e.rowId
  if (e.entity !== 'line_item' && e.entity !== 'proposal_section') return null
  const existing = state.get(e.entity, e.rowId)
  if (existing) return String(existing.row.proposal_id)
  return typeof e.fields.proposal_id === 'string' ? e.fields.proposal_id : null
}

function isContentChange(e: PushEntry, fields: Record<string, unknown>): boolean {
  if (e.entity !== 'proposal') return true
  if (e.op === 'delete') return false
  return Object.keys(fields).some((k) => !CONTENT_EXEMPT.has(k))
}

async function applyEntry(state: BatchState, e: PushEntry, ctx: PushContext): Promise<Outcome> {
  const spec = SPEC_BY_ENTITY.get(e.entity)
  if (!spec) return rejected(e, `unknown entity ${e.entity}`)
  let fields: Record<string, unknown>
  try {
    fields = cleanFields(spec, e)
  } catch (err) {
    if (err instanceof Rejected) return rejected(e, err.message)
    throw err
  }

  const pid = proposalIdOf(state, e)
  const parent = pid ? state.get('proposal', pid) : undefined
  if (pid && e.entity !== 'proposal' && e.op === 'insert' && !parent) {
    return rejected(e, `its proposal ${pid} is not on the server`)
  }
  // A proposal deleted on the server: offline edits to it (or its lines) become a visible conflict
  // instead of resurrecting it.
  if (
    parent &&
    parent.row.deleted_at !== null &&
    e.op !== 'delete' &&
    !(e.entity === 'proposal' && e.op === 'insert' && parent.isNew)
  ) {
    return {
      status: 'conflict',
      conflicts: [
        {
          kind: 'deleted',
          entity: 'proposal',
          rowId: String(parent.row.id),
          field: null,
          serverValue: { deleted_at: parent.row.deleted_at },
          clientValue: { entity: e.entity, id: e.rowId, op: e.op, fields: jsonFields(fields) },
          detail: 'This proposal was deleted on another device; your offline edit was not applied.',
        },
      ],
      refetch: [{ entity: e.entity, id: e.rowId }],
    }
  }
  // Frozen only for devices that did not know: the device that set the status itself (e.g. an
  // import of an already-sent proposal with its lines) is writing the sent document, not editing it.
  const statusSetHere = parent?.fv.status?.[2] === ctx.clientId
  if (
    parent &&
    parent.row.status !== 'draft' &&
    !statusSetHere &&
    isContentChange(e, fields) &&
    !(e.entity === 'proposal' && e.op === 'insert')
  ) {
    return redirectToRevision(state, e, spec, fields, parent, ctx)
  }
  return mergeInto(state, e, spec, fields, ctx)
}

function jsonFields(fields: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, displayValue(v)]))
}

function rejected(e: PushEntry, reason: string): Outcome {
  return {
    status: 'rejected',
    conflicts: [
      {
        kind: 'rejected',
        entity: e.entity,
        rowId: e.rowId,
        field: null,
        serverValue: null,
        clientValue: e.fields,
        detail: `The server refused this change: ${reason}`,
      },
    ],
    refetch: [{ entity: e.entity, id: e.rowId }],
  }
}

async function mergeInto(
  state: BatchState,
  e: PushEntry,
  spec: TableSpec,
  fields: Record<string, unknown>,
  ctx: PushContext,
  targetId: string = e.rowId,
): Promise<Outcome> {
  const refetch: RowRef[] = []
  const existing = state.get(spec.entity, targetId)
  const mark = (c: CachedRow, f: string): void => {
    c.fv[f] = [-1, e.hlc, ctx.clientId]
  }

  if (!existing) {
    if (e.op !== 'insert') {
      // Patch/delete of a row the server never had (its insert was rejected): nothing to do.
      return { status: 'rejected', conflicts: [], refetch: [{ entity: spec.entity, id: targetId }] }
    }
    const row: LocalRow = { id: targetId, row_version: 0 }
    for (const col of Object.keys(spec.columns)) {
      row[col] = col in fields ? fields[col] : kindDefault(spec, col, ctx.now)
    }
    row.deleted_at = null
    if (spec.entity === 'proposal') {
      await assignNumber(state, row, ctx)
      refetch.push({ entity: 'proposal', id: targetId })
    }
    const c = state.add(spec, row, e.mutationId)
    for (const col of Object.keys(spec.columns)) mark(c, col)
    touch(state, spec, row)
    return { status: 'applied', conflicts: [], refetch }
  }

  const c = existing
  if (e.op === 'delete') {
    if (c.row.deleted_at === null) {
      c.row.deleted_at = fields.deleted_at ?? ctx.now
      c.dirty = true
      c.op = 'delete'
      c.mutationId = e.mutationId
      mark(c, 'deleted_at')
      touch(state, spec, c.row)
    }
    return { status: 'applied', conflicts: [], refetch }
  }
  if (c.row.deleted_at !== null) {
    // Deletes win for rows inside a proposal (and never resurrect): the edit is dropped, and for
    // top-level records the user is told.
    const visible =
      spec.entity === 'client' || spec.entity === 'proposal' || spec.entity === 'product'
    return {
      status: 'conflict',
      conflicts: visible
        ? [
            {
              kind: 'deleted',
              entity: spec.entity,
              rowId: targetId,
              field: null,
              serverValue: { deleted_at: c.row.deleted_at },
              clientValue: jsonFields(fields),
              detail:
                'This record was deleted on another device; your offline edit was not applied.',
            },
          ]
        : [],
      refetch: [{ entity: spec.entity, id: targetId }],
    }
  }

  const conflicts: Outcome['conflicts'] = []
  let applied = 0
  let superseded = 0
  for (const [f, v] of Object.entries(fields)) {
    if (f === 'created_at') continue
    const kind = spec.columns[f]
    if (!kind) continue
    if (spec.entity === 'proposal' && (f === 'number' || f === 'revision' || f === 'revision_of'))
      continue
    if (sameValue(kind, c.row[f], v)) continue
    const ver = c.fv[f]
    const concurrent =
      ver !== undefined && ver[2] !== ctx.clientId && (ver[0] === -1 || ver[0] > e.baseVersion)
    if (!concurrent) {
      c.row[f] = v
      mark(c, f)
      applied++
    } else if (spec.surface.has(f)) {
      conflicts.push({
        kind: 'field',
        entity: spec.entity,
        rowId: targetId,
        field: f,
        serverValue: displayValue(c.row[f]),
        clientValue: displayValue(v),
        detail: null,
      })
    } else if (
      e.hlc > (ver?.[1] ?? '') ||
      (e.hlc === ver?.[1] && ctx.clientId > (ver?.[2] ?? ''))
    ) {
      // Last writer wins by hybrid logical clock (device clocks corrected by the server offset).
      c.row[f] = v
      mark(c, f)
      applied++
    } else {
      superseded++
    }
  }
  if (applied > 0) {
    c.dirty = true
    if (c.op !== 'insert') c.op = 'patch'
    c.mutationId = e.mutationId
    touch(state, spec, c.row)
  }
  const lost = conflicts.length + superseded
  if (lost > 0) refetch.push({ entity: spec.entity, id: targetId })
  const status: MutationStatus =
    lost === 0
      ? 'applied'
      : applied > 0
        ? 'partial'
        : conflicts.length > 0
          ? 'conflict'
          : 'superseded'
  return { status, conflicts, refetch }
}

function touch(state: BatchState, spec: TableSpec, row: LocalRow): void {
  if (spec.entity === 'proposal') state.touchedProposals.add(String(row.id))
  else if (spec.entity === 'line_item' || spec.entity === 'proposal_section') {
    state.touchedProposals.add(String(row.proposal_id))
  }
}

async function assignNumber(state: BatchState, row: LocalRow, ctx: PushContext): Promise<void> {
  const original =
    typeof row.revision_of === 'string' ? state.get('proposal', row.revision_of) : undefined
  if (original) {
    row.number = original.row.number
    row.revision = await nextRevision(state, String(original.row.number))
    return
  }
  row.revision_of = null
  row.revision = 0
  const series = validateSeries(ctx.numberingSeries).ok ? ctx.numberingSeries : 'PR-{YYYY}-{SEQ:4}'
  const issue = typeof row.issue_date === 'string' ? row.issue_date : ctx.now.slice(0, 10)
  const key = seriesPrefixKey(series, issue).slice(0, 100)
  // A number from a block the server reserved for this very device is already final: the device
  // may have printed it offline. Anything else (a provisional "DRAFT-…" number, another device's
  // range, a number taken meanwhile by an import) gets the next number of the series.
  const proposed = typeof row.number === 'string' ? row.number : ''
  if (
    proposed !== '' &&
    (await inOwnNumberBlock(state, ctx.clientId, proposed)) &&
    !(await numberTaken(state, proposed))
  ) {
    return
  }
  for (;;) {
    const [hdr] = await state.conn.query(
      `INSERT INTO sync_number_counter (series_key, next_seq) VALUES (?, LAST_INSERT_ID(1))
       ON DUPLICATE KEY UPDATE next_seq = LAST_INSERT_ID(next_seq + 1)`,
      [key],
    )
    const n = Number((hdr as { insertId: number | string }).insertId)
    const number = formatProposalNumber(series, issue, n)
    // Numbers imported or typed in before sync existed are skipped, never reused.
    if (!(await numberTaken(state, number))) {
      row.number = number
      return
    }
  }
}

async function numberTaken(state: BatchState, number: string): Promise<boolean> {
  const taken = await q(
    state.conn,
    'SELECT 1 FROM proposals WHERE number = ? AND revision = 0 LIMIT 1',
    [number],
  )
  return (
    taken.length > 0 ||
    [...(state.rows.get('proposal')?.values() ?? [])].some(
      (c) => c.row.number === number && c.row.revision === 0,
    )
  )
}

/**
 * Whether `number` is "<series key with the counter cut out> + <seq>" for a seq inside a block
 * reserved by this client. Matched against the stored keys rather than re-derived from the series,
 * so a later change of the series setting or the issue date cannot turn a final number into a
 * renumbered one.
 */
export function numberInBlocks(
  number: string,
  blocks: readonly { series_key: string; first_seq: number; last_seq: number }[],
): boolean {
  for (const b of blocks) {
    const key = b.series_key
    const len = number.length - key.length
    if (len < 1) continue
    for (let i = 0; i <= key.length; i++) {
      if (!number.startsWith(key.slice(0, i)) || number.slice(i + len) !== key.slice(i)) continue
      const digits = number.slice(i, i + len)
      if (!/^[0-9]+$/.test(digits)) continue
      const seq = Number(digits)
      if (seq >= b.first_seq && seq <= b.last_seq) return true
    }
  }
  return false
}

async function inOwnNumberBlock(
  state: BatchState,
  clientId: string,
  number: string,
): Promise<boolean> {
  const rows = await q(
    state.conn,
    'SELECT series_key, first_seq, last_seq FROM sync_number_block WHERE client_id = ?',
    [clientId],
  )
  return numberInBlocks(
    number,
    rows.map((r) => ({
      series_key: String(r.series_key),
      first_seq: Number(r.first_seq),
      last_seq: Number(r.last_seq),
    })),
  )
}

async function nextRevision(state: BatchState, number: string): Promise<number> {
  const rows = await q(state.conn, 'SELECT MAX(revision) AS m FROM proposals WHERE number = ?', [
    number,
  ])
  let max = rows[0]?.m === null || rows[0]?.m === undefined ? 0 : Number(rows[0].m)
  for (const c of state.rows.get('proposal')?.values() ?? []) {
    if (c.row.number === number) max = Math.max(max, Number(c.row.revision))
  }
  return max + 1
}

/**
 * A sent (or later) proposal is frozen. An offline edit of it — or of its lines or sections — goes
 * to a new draft revision (one per device and original), never over the sent document.
 */
async function redirectToRevision(
  state: BatchState,
  e: PushEntry,
  spec: TableSpec,
  fields: Record<string, unknown>,
  original: CachedRow,
  ctx: PushContext,
): Promise<Outcome> {
  const origId = String(original.row.id)
  let revId = state.revisionMap.get(origId)
  let revision = revId ? state.get('proposal', revId) : undefined
  const conflicts: Outcome['conflicts'] = []
  if (!revision || revision.row.status !== 'draft' || revision.row.deleted_at !== null) {
    revId = derivedUuid(
      `revision:${ctx.clientId}:${origId}:${revision ? String(revision.row.id) : ''}`,
    )
    const row: LocalRow = {
      ...original.row,
      id: revId,
      row_version: 0,
      revision: await nextRevision(state, String(original.row.number)),
      revision_of: origId,
      status: 'draft',
      sent_at: null,
      client_snapshot: null,
      created_at: ctx.now,
      updated_at: ctx.now,
      updated_by: ctx.userName,
      deleted_at: null,
    }
    revision = state.add(specFor('proposal'), row, e.mutationId)
    for (const col of Object.keys(revision.spec.columns))
      revision.fv[col] = [-1, e.hlc, ctx.clientId]
    for (const entity of ['line_item', 'proposal_section'] as const) {
      for (const child of state.children(entity, origId)) {
        if (child.row.deleted_at !== null) continue
        const copy = state.add(
          child.spec,
          {
            ...child.row,
            id: derivedUuid(`${revId}:${String(child.row.id)}`),
            proposal_id: revId,
            row_version: 0,
          },
          e.mutationId,
        )
        for (const col of Object.keys(copy.spec.columns)) copy.fv[col] = [-1, e.hlc, ctx.clientId]
      }
    }
    state.revisionMap.set(origId, revId)
    state.newRevisionMaps.push([origId, revId])
    state.touchedProposals.add(revId)
    conflicts.push({
      kind: 'revision',
      entity: 'proposal',
      rowId: origId,
      field: null,
      serverValue: { status: original.row.status, number: original.row.number },
      clientValue: { revisionId: revId, revision: row.revision },
      detail: `Proposal ${String(original.row.number)} was already ${String(original.row.status)}; your offline changes were saved as a new revision.`,
    })
  }
  const rid = String(revision.row.id)
  const refetch: RowRef[] = [{ entity: spec.entity, id: e.rowId }]
  let inner: Outcome
  if (spec.entity === 'proposal') {
    const { status: _s, sent_at: _sa, client_snapshot: _cs, ...content } = fields
    inner = await mergeInto(
      state,
      { ...e, op: 'patch', baseVersion: Number.MAX_SAFE_INTEGER },
      spec,
      content,
      ctx,
      rid,
    )
  } else if (e.op === 'insert') {
    inner = await mergeInto(state, e, spec, { ...fields, proposal_id: rid }, ctx)
  } else {
    const copyId = derivedUuid(`${rid}:${e.rowId}`)
    inner = state.get(spec.entity, copyId)
      ? await mergeInto(
          state,
          { ...e, baseVersion: Number.MAX_SAFE_INTEGER },
          spec,
          fields,
          ctx,
          copyId,
        )
      : { status: 'applied', conflicts: [], refetch: [] }
  }
  return {
    status: 'redirected',
    conflicts: [...conflicts, ...inner.conflicts],
    refetch: [...refetch, ...inner.refetch],
  }
}

/**
 * After all mutations: keep sibling positions unique (two devices appending at the end produce the
 * same fractional key) and restamp derived totals with the one calculator.
 */
async function normaliseProposals(state: BatchState): Promise<void> {
  for (const pid of state.touchedProposals) {
    const p = state.get('proposal', pid)
    if (!p) continue
    for (const entity of ['line_item', 'proposal_section'] as const) {
      const live = state
        .children(entity, pid)
        .filter((c) => c.row.deleted_at === null)
        .sort(byPosition)
      for (let i = 1; i < live.length; i++) {
        const prev = String(live[i - 1]?.row.position)
        const cur = live[i]
        if (!cur || String(cur.row.position) > prev) continue
        const next = live.slice(i + 1).find((c) => String(c.row.position) > prev)
        let key: string
        try {
          key = generateKeyBetween(prev, next ? String(next.row.position) : null)
        } catch {
          key = `${prev}V`
        }
        cur.row.position = key
        cur.fv.position = [-1, '', '']
        cur.dirty = true
      }
    }
    const lines = state
      .children('line_item', pid)
      .filter((c) => c.row.deleted_at === null)
      .sort(byPosition)
    let totals
    try {
      totals = proposalTotals({
        currency: String(p.row.currency),
        lines: lines.map((l) => ({
          quantity: String(l.row.quantity),
          unitPrice: String(l.row.unit_price),
          discountPercent: String(l.row.discount_percent),
          taxes: parseTaxes(l.row.taxes),
          optional: Number(l.row.optional) === 1,
        })),
        documentDiscountPercent: String(p.row.document_discount_percent),
        taxRounding: p.row.tax_rounding === 'per-line' ? 'per-line' : 'per-document',
        pricesIncludeTax: Number(p.row.prices_include_tax) === 1,
      })
    } catch {
      continue // invalid money data (unknown currency…): totals stay as they were
    }
    lines.forEach((l, i) => {
      const net = totals.lines[i]?.net ?? 0
      if (l.row.net_minor !== net) {
        l.row.net_minor = net
        l.dirty = true
      }
    })
    const t = totals.totals
    if (p.row.net_minor !== t.net || p.row.tax_minor !== t.tax || p.row.gross_minor !== t.gross) {
      p.row.net_minor = t.net
      p.row.tax_minor = t.tax
      p.row.gross_minor = t.gross
      p.dirty = true
    }
  }
}

export function byPosition(a: { row: LocalRow }, b: { row: LocalRow }): number {
  const pa = String(a.row.position)
  const pb = String(b.row.position)
  if (pa !== pb) return pa < pb ? -1 : 1
  return String(a.row.id) < String(b.row.id) ? -1 : 1
}

export function parseTaxes(raw: unknown): TaxInput[] {
  try {
    const v = JSON.parse(String(raw)) as unknown
    if (!Array.isArray(v)) return []
    return v.map((t: { name?: unknown; rate?: unknown }) => ({
      name: text(t.name ?? ''),
      rate: text(t.rate ?? '0'),
    }))
  } catch {
    return []
  }
}

async function writeRows(
  conn: RemoteConnection,
  state: BatchState,
  dirty: CachedRow[],
  seq: number,
  ctx: PushContext,
): Promise<void> {
  const changeRows: unknown[][] = []
  const now = toRemote('ts', ctx.now)
  for (const spec of TABLE_SPECS) {
    const mine = dirty.filter((c) => c.spec === spec)
    if (mine.length === 0) continue
    const cols = ['id', ...Object.keys(spec.columns), 'deleted_seq', 'row_version', '_fv']
    const values = mine.map((c) => {
      for (const v of Object.values(c.fv)) if (v[0] === -1) v[0] = seq
      c.row.row_version = seq
      const deletedSeq = c.row.deleted_at === null ? null : seq
      return [
        c.row.id,
        ...Object.entries(spec.columns).map(([col, kind]) => toRemote(kind, c.row[col])),
        deletedSeq,
        seq,
        JSON.stringify(c.fv),
      ]
    })
    // deleted_seq keeps the seq of the first delete (COALESCE): deletes never move or undo.
    const updates = cols
      .filter((c) => c !== 'id' && c !== 'created_at')
      .map((c) =>
        c === 'deleted_seq' ? `${c} = COALESCE(${c}, VALUES(${c}))` : `${c} = VALUES(${c})`,
      )
      .join(', ')
    await q(
      conn,
      `INSERT INTO ${spec.table} (${cols.join(', ')}) VALUES ? ON DUPLICATE KEY UPDATE ${updates}`,
      [values],
    )
    for (const c of mine) {
      changeRows.push([
        seq,
        changeRows.length,
        spec.entity,
        c.row.id,
        c.op,
        ctx.clientId,
        c.mutationId,
        now,
      ])
    }
  }
  void state
  await q(
    conn,
    'INSERT INTO sync_change (seq, ord, entity, row_id, op, client_id, mutation_id, changed_at) VALUES ?',
    [changeRows],
  )
}
