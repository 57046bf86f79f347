import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { LocalDb } from '../db/local-database.ts'
import { listStoredConflicts } from './local-apply.ts'
import { migrateServer } from './server-migrate.ts'
import { runSyncSession, SyncSchemaError } from './sync-session.ts'
import {
  addLine,
  createProposal,
  createTestServer,
  deleteRow,
  deviceSnapshot,
  liveLines,
  normaliseForCompare,
  openDevice,
  patchRow,
  serverReachable,
  serverSnapshot,
  type TestServer,
} from './sync-test-kit.ts'

const reachable = await serverReachable()
const clock = { now: () => new Date() }

describe.skipIf(!reachable)('sync against a real MariaDB/MySQL', () => {
  let server: TestServer
  let a: LocalDb
  let b: LocalDb
  beforeAll(async () => {
    server = await createTestServer()
  })
  afterAll(async () => {
    await server?.drop()
  })
  beforeEach(async () => {
    await server.reset()
    a = await openDevice()
    b = await openDevice()
  })
  const sync = (db: LocalDb) => runSyncSession(db, { server: server.config, userName: 'test' })

  it('server migrate is idempotent: a second run applies nothing', async () => {
    expect(await migrateServer(server.config)).toEqual({ applied: [] })
  })

  it('edits to different fields of one proposal on two devices both survive', async () => {
    const p = createProposal(a, clock, { title: 'Original' })
    await sync(a)
    await sync(b)
    patchRow(a, clock, 'proposal', p, { title: 'Renamed on A' })
    patchRow(b, clock, 'proposal', p, { terms: 'Net 30 from B' })
    await sync(a)
    await sync(b)
    await sync(a)
    const row = (await serverSnapshot(server.admin)).get(`proposal:${p}`)
    expect(row?.title).toBe('Renamed on A')
    expect(row?.terms).toBe('Net 30 from B')
    expect(normaliseForCompare(deviceSnapshot(a))).toEqual(normaliseForCompare(deviceSnapshot(b)))
    expect(listStoredConflicts(a)).toEqual([])
    expect(listStoredConflicts(b)).toEqual([])
  })

  it('concurrent edits of the same price keep the server value and give the later device a conflict', async () => {
    const p = createProposal(a, clock)
    const line = addLine(a, clock, p, { unit_price: '10' })
    await sync(a)
    await sync(b)
    patchRow(a, clock, 'line_item', line, { unit_price: '12.50' })
    patchRow(b, clock, 'line_item', line, { unit_price: '9.99' })
    const ra = await sync(a)
    const rb = await sync(b)
    expect(ra.conflicts).toBe(0)
    expect(rb.conflicts).toBe(1)
    const srv = await serverSnapshot(server.admin)
    expect(srv.get(`line_item:${line}`)?.unit_price).toBe('12.5')
    expect(srv.get(`proposal:${p}`)?.net_minor).toBe(1250)
    const [c] = listStoredConflicts(b)
    expect(c).toMatchObject({
      kind: 'field',
      entity: 'line_item',
      rowId: line,
      field: 'unit_price',
      serverValue: '12.5',
      clientValue: '9.99',
    })
    // B now shows the server's value (its own is only in the conflict record).
    expect(b.sqlite.prepare('SELECT unit_price FROM line_items WHERE id = ?').get(line)).toEqual({
      unit_price: '12.5',
    })
  })

  it('line items added on two devices both appear with unique positions and matching totals', async () => {
    const p = createProposal(a, clock)
    await sync(a)
    await sync(b)
    const la = addLine(a, clock, p, { unit_price: '100' })
    const lb = addLine(b, clock, p, { unit_price: '50' })
    await sync(a)
    await sync(b)
    await sync(a)
    const lines = liveLines(a, p)
    expect(lines.map((l) => l.id).sort()).toEqual([la, lb].sort())
    expect(new Set(lines.map((l) => l.position)).size).toBe(2)
    expect(liveLines(b, p)).toEqual(lines)
    const srv = await serverSnapshot(server.admin)
    expect(srv.get(`proposal:${p}`)?.net_minor).toBe(15000)
    expect(srv.get(`proposal:${p}`)?.gross_minor).toBe(18000)
  })

  it('a sent proposal edited offline becomes a new revision; the sent one is unchanged', async () => {
    const p = createProposal(a, clock, { title: 'Quote' })
    const line = addLine(a, clock, p, { unit_price: '10' })
    await sync(a)
    await sync(b)
    patchRow(a, clock, 'proposal', p, { status: 'sent', sent_at: new Date().toISOString() })
    patchRow(b, clock, 'line_item', line, { quantity: '3' })
    await sync(a)
    await sync(b)
    await sync(a)
    const srv = await serverSnapshot(server.admin)
    const original = srv.get(`proposal:${p}`)
    expect(original?.status).toBe('sent')
    expect(srv.get(`line_item:${line}`)?.quantity).toBe('1')
    const revisions = [...srv.values()].filter((r) => r.revision_of === p)
    expect(revisions).toHaveLength(1)
    expect(revisions[0]).toMatchObject({
      number: original?.number,
      revision: 1,
      status: 'draft',
      net_minor: 3000,
    })
    expect(listStoredConflicts(b).map((c) => c.kind)).toEqual(['revision'])
    expect(normaliseForCompare(deviceSnapshot(b))).toEqual(normaliseForCompare(srv))
  })

  it('a proposal created already sent (an import) pushes with its lines: no revision, no conflict', async () => {
    const p = createProposal(a, clock, { status: 'sent', sent_at: new Date().toISOString() })
    const line = addLine(a, clock, p, { unit_price: '10' })
    const r = await sync(a)
    expect(r.conflicts).toBe(0)
    expect(listStoredConflicts(a)).toEqual([])
    const srv = await serverSnapshot(server.admin)
    expect(srv.get(`proposal:${p}`)?.status).toBe('sent')
    expect(srv.get(`line_item:${line}`)?.proposal_id).toBe(p)
    expect([...srv.values()].filter((row) => row.revision_of === p)).toEqual([])
    // Another device that saw it sent and then edits a line still gets a revision.
    await sync(b)
    patchRow(b, clock, 'line_item', line, { quantity: '2' })
    await sync(b)
    expect(listStoredConflicts(b).map((c) => c.kind)).toEqual(['revision'])
  })

  it('a delete wins over an offline edit and never resurrects', async () => {
    const p = createProposal(a, clock)
    await sync(a)
    await sync(b)
    deleteRow(a, clock, 'proposal', p)
    patchRow(b, clock, 'proposal', p, { title: 'Edited offline' })
    await sync(a)
    await sync(b)
    const srv = await serverSnapshot(server.admin)
    expect(srv.get(`proposal:${p}`)?.deleted_at).not.toBeNull()
    expect(srv.get(`proposal:${p}`)?.title).toBe('Proposal')
    expect(listStoredConflicts(b).map((c) => c.kind)).toEqual(['deleted'])
    expect(
      (
        b.sqlite.prepare('SELECT deleted_at FROM proposals WHERE id = ?').get(p) as {
          deleted_at: string | null
        }
      ).deleted_at,
    ).not.toBeNull()
  })

  it('proposals created offline on two devices get distinct final numbers from the server', async () => {
    const pa = createProposal(a, clock, { number: 'PR-2026-0001' })
    const pb = createProposal(b, clock, { number: 'PR-2026-0001' })
    await sync(a)
    await sync(b)
    await sync(a)
    const srv = await serverSnapshot(server.admin)
    expect(srv.get(`proposal:${pa}`)?.number).toBe('PR-2026-0001')
    // After its push, a's session reserved the next block (0002–0051) for itself.
    expect(srv.get(`proposal:${pb}`)?.number).toBe('PR-2026-0052')
    expect(normaliseForCompare(deviceSnapshot(a))).toEqual(normaliseForCompare(deviceSnapshot(b)))
  })

  it('money and dates round-trip exactly (no float, no time-zone shift)', async () => {
    const p = createProposal(a, clock, {
      issue_date: '2026-03-29',
      valid_until: '2026-12-31',
      document_discount_percent: '12.345',
    })
    addLine(a, clock, p, { quantity: '0.333333', unit_price: '123456789012.345678' })
    await sync(a)
    await sync(b)
    const row = b.sqlite
      .prepare(
        'SELECT issue_date, valid_until, document_discount_percent FROM proposals WHERE id = ?',
      )
      .get(p)
    expect(row).toEqual({
      issue_date: '2026-03-29',
      valid_until: '2026-12-31',
      document_discount_percent: '12.345',
    })
    const line = b.sqlite
      .prepare('SELECT quantity, unit_price FROM line_items WHERE proposal_id = ?')
      .get(p)
    expect(line).toEqual({ quantity: '0.333333', unit_price: '123456789012.345678' })
  })

  it('refuses a server with an unsupported schema version, with a clear message', async () => {
    await server.admin.query('UPDATE sync_meta SET schema_version = 99 WHERE id = 1')
    try {
      await expect(sync(a)).rejects.toThrow(SyncSchemaError)
      await expect(sync(a)).rejects.toThrow(/data format 99.*Update ProposalDesk/)
    } finally {
      await server.admin.query('UPDATE sync_meta SET schema_version = 2 WHERE id = 1')
    }
  })

  it('refuses a server still at schema v1 (no number blocks yet) and asks for a migrate', async () => {
    await server.admin.query('UPDATE sync_meta SET schema_version = 1 WHERE id = 1')
    try {
      await expect(sync(a)).rejects.toThrow(/old data format 1.*server migrate/)
    } finally {
      await server.admin.query('UPDATE sync_meta SET schema_version = 2 WHERE id = 1')
    }
  })

  it('invalid data is rejected as a visible conflict and does not wedge the queue', async () => {
    const p = createProposal(a, clock)
    const bad = addLine(a, clock, p, { quantity: '1e5' })
    const good = addLine(a, clock, p, { quantity: '2' })
    const r = await sync(a)
    expect(r.pushed).toBe(3)
    const srv = await serverSnapshot(server.admin)
    expect(srv.has(`line_item:${bad}`)).toBe(false)
    expect(srv.has(`line_item:${good}`)).toBe(true)
    expect(listStoredConflicts(a).map((c) => c.kind)).toEqual(['rejected'])
    expect(a.sqlite.prepare('SELECT COUNT(*) AS n FROM sync_outbox').get()).toEqual({ n: 0 })
  })

  it('works with the least-privilege desktop grants of docs/sync-admin.md (no DDL, no DELETE)', async () => {
    const user = `pd_t_${Math.random().toString(36).slice(2, 8)}`
    const db = server.config.database
    const grants: [string, string][] = [
      ['INSERT, UPDATE', 'company_settings'],
      ['INSERT, UPDATE', 'clients'],
      ['INSERT, UPDATE', 'products'],
      ['INSERT, UPDATE', 'proposals'],
      ['INSERT, UPDATE', 'proposal_sections'],
      ['INSERT, UPDATE', 'line_items'],
      ['UPDATE', 'sync_counter'],
      ['INSERT', 'sync_change'],
      ['INSERT, UPDATE', 'sync_client'],
      ['INSERT', 'sync_mutation_result'],
      ['INSERT', 'sync_conflict'],
      ['INSERT, UPDATE', 'sync_number_counter'],
      ['INSERT', 'sync_number_block'],
      ['INSERT', 'sync_revision_map'],
    ]
    await server.admin.query(
      `CREATE USER '${user}'@'%' IDENTIFIED BY 'pw-${user}' WITH MAX_USER_CONNECTIONS 3`,
    )
    try {
      await server.admin.query(`GRANT SELECT ON \`${db}\`.* TO '${user}'@'%'`)
      for (const [priv, table] of grants) {
        await server.admin.query(`GRANT ${priv} ON \`${db}\`.${table} TO '${user}'@'%'`)
      }
      const limited = { ...server.config, user, password: `pw-${user}` }
      const p = createProposal(a, clock)
      addLine(a, clock, p)
      const r = await runSyncSession(a, { server: limited })
      expect(r.pushed).toBe(2)
      await runSyncSession(b, { server: limited })
      expect(liveLines(b, p)).toHaveLength(1)
      await expect(migrateServer(limited)).rejects.toThrow()
    } finally {
      await server.admin.query(`DROP USER '${user}'@'%'`)
    }
  })

  it('after a server restore (new epoch) a device re-pulls everything and keeps its unsent edits', async () => {
    const p = createProposal(a, clock, { title: 'Before restore' })
    await sync(a)
    await sync(b)
    await server.admin.query('UPDATE sync_meta SET server_epoch = UUID() WHERE id = 1')
    patchRow(b, clock, 'proposal', p, { notes: 'written while the server was restored' })
    const r = await sync(b)
    expect(r.pushed).toBe(1)
    expect(r.pulled).toBeGreaterThan(0)
    const srv = await serverSnapshot(server.admin)
    expect(srv.get(`proposal:${p}`)?.notes).toBe('written while the server was restored')
    expect(normaliseForCompare(deviceSnapshot(b))).toEqual(normaliseForCompare(srv))
  })
})
