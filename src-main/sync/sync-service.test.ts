import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { memorySecretStore, memorySettingsStore, silentLogger, systemClock } from '../app/ports.ts'
import type { LocalDb } from '../db/local-database.ts'
import { pendingCount } from './local-apply.ts'
import { backoffDelay, createSyncService, type SyncService } from './sync.service.ts'
import {
  addLine,
  createProposal,
  createTestServer,
  openDevice,
  patchRow,
  serverReachable,
  serverSnapshot,
  type TestServer,
} from './sync-test-kit.ts'

const reachable = await serverReachable()
const clock = { now: () => new Date() }

describe('backoffDelay (full jitter)', () => {
  it('stays within [0, min(max, base·2^attempt)]', () => {
    expect(backoffDelay(0, 2000, 300_000, () => 0.999)).toBe(1998)
    expect(backoffDelay(3, 2000, 300_000, () => 0.5)).toBe(8000)
    expect(backoffDelay(20, 2000, 300_000, () => 0.999)).toBe(299_700)
    expect(backoffDelay(5, 2000, 300_000, () => 0)).toBe(0)
  })
})

describe.skipIf(!reachable)('sync service', () => {
  let server: TestServer
  let db: LocalDb
  let svc: SyncService
  beforeAll(async () => {
    server = await createTestServer()
  })
  afterAll(async () => {
    await server?.drop()
  })
  beforeEach(async () => {
    await server.reset()
    db = await openDevice()
    svc = createSyncService({
      db,
      ports: {
        settings: memorySettingsStore(),
        secrets: memorySecretStore(),
        logger: silentLogger,
        clock: systemClock,
      },
      timing: {
        debounceMs: 30,
        intervalMs: 60_000,
        startJitterMs: 10,
        backoffBaseMs: 20,
        backoffMaxMs: 200,
      },
    })
  })
  const save = (s: SyncService, extra: Record<string, unknown> = {}) =>
    s.saveSettings({
      host: server.config.host,
      port: server.config.port,
      database: server.config.database,
      user: server.config.user,
      password: 'secret-pw',
      ...extra,
    })

  it('keeps the password write-only: settings say a password is set, never what it is', async () => {
    const view = await save(svc)
    expect(view).toMatchObject({
      host: server.config.host,
      database: server.config.database,
      passwordSet: true,
    })
    expect(JSON.stringify(view)).not.toContain('secret-pw')
    expect(JSON.stringify(await svc.getSettings())).not.toContain('secret-pw')
  })

  it('reports an unreachable server in plain words in the status', async () => {
    await svc.saveSettings({ host: '127.0.0.1', port: 1, database: 'x', user: 'u' })
    await expect(svc.syncNow()).rejects.toThrow()
    expect(svc.status()).toMatchObject({ configured: true, state: 'error' })
    expect(svc.status().lastError).toMatch(/refused the connection/)
    const t = await svc.testConnection()
    expect(t.ok).toBe(false)
    expect(t.message).toMatch(/refused/)
  })

  it('test connection says when the database has not been migrated', async () => {
    const t = await svc.testConnection({ ...server.config, database: 'information_schema' })
    expect(t).toMatchObject({ ok: false })
    expect(t.message).toMatch(/server migrate/)
    const ok = await svc.testConnection({
      host: server.config.host,
      port: server.config.port,
      database: server.config.database,
      user: server.config.user,
    })
    expect(ok.ok).toBe(true)
  })

  it('syncs in the background shortly after a local edit', async () => {
    await save(svc, { password: null })
    svc.start()
    try {
      createProposal(db, clock)
      for (let i = 0; i < 100 && svc.status().lastSyncAt === null; i++)
        await new Promise((r) => setTimeout(r, 50))
      expect(pendingCount(db)).toBe(0)
      expect(svc.status().lastSyncAt).not.toBeNull()
    } finally {
      await svc.stop()
    }
  })

  it('a conflict resolved with "mine" pushes the device value and closes the conflict', async () => {
    await save(svc, { password: null })
    const other = await openDevice()
    const otherSvc = createSyncService({
      db: other,
      ports: {
        settings: memorySettingsStore(),
        secrets: memorySecretStore(),
        logger: silentLogger,
        clock: systemClock,
      },
    })
    await save(otherSvc, { password: null })
    const p = createProposal(db, clock)
    const line = addLine(db, clock, p, { unit_price: '10' })
    await svc.syncNow()
    await otherSvc.syncNow()
    patchRow(other, clock, 'line_item', line, { unit_price: '20' })
    patchRow(db, clock, 'line_item', line, { unit_price: '30' })
    await otherSvc.syncNow()
    await svc.syncNow()
    const [c] = svc.listConflicts()
    expect(c).toMatchObject({
      kind: 'field',
      field: 'unit_price',
      serverValue: '20',
      clientValue: '30',
      canKeepMine: true,
    })
    expect(c?.label).toMatch(/Proposal/)
    svc.resolveConflict(c?.id ?? '', 'mine')
    expect(svc.listConflicts()).toEqual([])
    expect(svc.listConflicts(true)[0]).toMatchObject({ resolution: 'mine' })
    await svc.syncNow()
    const srv = await serverSnapshot(server.admin)
    expect(srv.get(`line_item:${line}`)?.unit_price).toBe('30')
    expect(srv.get(`proposal:${p}`)?.net_minor).toBe(3000)
    other.close()
  })
})
