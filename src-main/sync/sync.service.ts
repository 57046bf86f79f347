import type { LocalDb } from '../db/local-database.ts'
import type { EventSink, Ports } from '../app/ports.ts'
import { AppError } from '../../src-shared/ipc/result.ts'
import { setServerNumbering } from '../repositories/number-block.repository.ts'
import type {
  ConflictView,
  SyncSettingsView,
  SyncStatusView,
  SyncTestResult,
} from '../../src-shared/ipc/sync.contract.ts'
import { canonical } from './codec.ts'
import {
  STATE,
  getState,
  listStoredConflicts,
  pendingCount,
  recomputeLocalTotals,
  setState,
  type StoredConflict,
} from './local-apply.ts'
import { onLocalMutation, recordMutation, type SyncedEntity } from './outbox.ts'
import {
  destroyQuietly,
  endQuietly,
  isTooManyConnections,
  isTransient,
  openRemote,
  plainError,
  type ServerConfig,
} from './remote-connection.ts'
import { SPEC_BY_ENTITY, SUPPORTED_SCHEMA_VERSIONS } from './sync-schema.ts'
import { runSyncSession, SyncSchemaError, type SessionReport } from './sync-session.ts'

const SETTINGS_KEY = 'sync.server'
const SECRET_NAME = 'sync.mysql.password'

interface StoredSettings {
  host: string
  port: number
  database: string
  user: string
  tlsCa: string | null
}

export interface SchedulerTiming {
  /** Delay after a local edit before syncing (edits in a burst share one session). */
  debounceMs: number
  /** Background interval between sessions when nothing happens. */
  intervalMs: number
  /** First session after start: random in [0, startJitterMs] so a fleet starting at 09:00 spreads out. */
  startJitterMs: number
  backoffBaseMs: number
  backoffMaxMs: number
}

export const DEFAULT_TIMING: SchedulerTiming = {
  debounceMs: 3_000,
  intervalMs: 60_000,
  startJitterMs: 30_000,
  backoffBaseMs: 2_000,
  backoffMaxMs: 300_000,
}

export interface SyncServiceDeps {
  db: LocalDb
  ports: Pick<Ports, 'settings' | 'secrets' | 'logger' | 'clock'>
  events?: EventSink
  appVersion?: string
  userName?: string
  timing?: Partial<SchedulerTiming>
}

export interface SyncService {
  getSettings(): Promise<SyncSettingsView>
  saveSettings(input: {
    host: string
    port: number
    database: string
    user: string
    /** undefined keeps the stored password; null or '' removes it */
    password?: string | null | undefined
    tlsCa?: string | null | undefined
  }): Promise<SyncSettingsView>
  testConnection(input?: {
    host?: string
    port?: number
    database?: string
    user?: string
    password?: string
    tlsCa?: string | null
  }): Promise<SyncTestResult>
  status(): SyncStatusView
  /** One session now (single-flight: a call during a running session waits for it). */
  syncNow(server?: ServerConfig): Promise<SessionReport>
  listConflicts(includeResolved?: boolean): ConflictView[]
  resolveConflict(id: string, choice: 'server' | 'mine'): ConflictView
  /** Starts the background scheduler when a server is configured. */
  start(): void
  stop(): Promise<void>
}

/** A failed session as an IPC error: plain words, `unavailable` (or the AppError it already is). */
export function syncErrorToAppError(e: unknown): AppError {
  if (e instanceof AppError) return e
  return new AppError('unavailable', e instanceof SyncSchemaError ? e.message : plainError(e))
}

/** Full-jitter exponential backoff: random in [0, min(max, base·2^attempt)]. */
export function backoffDelay(
  attempt: number,
  base: number,
  max: number,
  random: () => number = Math.random,
): number {
  return Math.floor(random() * Math.min(max, base * 2 ** Math.max(0, attempt)))
}

function toView(c: StoredConflict, db: LocalDb): ConflictView {
  let label = `${c.entity} ${c.rowId.slice(0, 8)}`
  if (c.entity === 'proposal' || c.entity === 'line_item') {
    const pid =
      c.entity === 'proposal'
        ? c.rowId
        : (
            db.sqlite.prepare('SELECT proposal_id FROM line_items WHERE id = ?').get(c.rowId) as
              { proposal_id: string } | undefined
          )?.proposal_id
    const p = pid
      ? (db.sqlite.prepare('SELECT number, title FROM proposals WHERE id = ?').get(pid) as
          { number: string; title: string } | undefined)
      : undefined
    if (p) label = `${p.number} — ${p.title}`
  } else if (c.entity === 'client') {
    const r = db.sqlite.prepare('SELECT name FROM clients WHERE id = ?').get(c.rowId) as
      { name: string } | undefined
    if (r) label = r.name
  }
  return {
    id: c.id,
    kind: c.kind,
    entity: c.entity,
    rowId: c.rowId,
    field: c.field,
    label,
    serverValue: c.serverValue,
    clientValue: c.clientValue,
    detail: c.detail,
    createdAt: c.createdAt,
    resolvedAt: c.resolvedAt,
    resolution: c.resolution,
    canKeepMine: c.kind === 'field',
  }
}

export function createSyncService(deps: SyncServiceDeps): SyncService {
  const { db, ports } = deps
  const timing: SchedulerTiming = { ...DEFAULT_TIMING, ...deps.timing }
  let running: Promise<SessionReport> | null = null
  let timer: ReturnType<typeof setTimeout> | null = null
  let started = false
  let failures = 0
  let state: SyncStatusView['state'] = 'off'
  let nextAttemptAt: string | null = null
  let lastReport: SyncStatusView['lastReport'] = null
  let blocked = false

  const stored = (): StoredSettings | null => {
    const v = ports.settings.get(SETTINGS_KEY) as Partial<StoredSettings> | undefined
    if (!v || typeof v.host !== 'string' || !v.host) return null
    return {
      host: v.host,
      port: Number(v.port ?? 3306),
      database: String(v.database ?? ''),
      user: String(v.user ?? ''),
      tlsCa: typeof v.tlsCa === 'string' && v.tlsCa ? v.tlsCa : null,
    }
  }

  const serverConfig = async (): Promise<ServerConfig | null> => {
    const s = stored()
    if (!s) return null
    const password = await ports.secrets.get(SECRET_NAME)
    return {
      host: s.host,
      port: s.port,
      database: s.database,
      user: s.user,
      password: password ?? undefined,
      tlsCa: s.tlsCa ?? undefined,
    }
  }

  const status = (): SyncStatusView => ({
    configured: stored() !== null,
    state: stored() === null ? 'off' : state,
    lastSyncAt: getState(db, STATE.lastSyncAt) ?? null,
    pendingChanges: pendingCount(db),
    lastError: getState(db, STATE.lastError) || null,
    nextAttemptAt,
    conflicts: listStoredConflicts(db).length,
    lastReport,
  })
  const emit = (): void => deps.events?.emit('sync.status', status())

  const schedule = (ms: number): void => {
    if (!started) return
    if (timer) clearTimeout(timer)
    nextAttemptAt = new Date(Date.now() + ms).toISOString()
    timer = setTimeout(() => {
      timer = null
      void background()
    }, ms)
    timer.unref?.()
  }

  const background = async (): Promise<void> => {
    if (!started || blocked || !stored()) return
    try {
      await syncNow()
      schedule(timing.intervalMs + backoffDelay(0, timing.intervalMs / 4, timing.intervalMs / 4))
    } catch (e) {
      if (e instanceof SyncSchemaError) {
        // Retrying cannot help until the app or the server is upgraded (or settings change).
        blocked = true
        return
      }
      failures++
      // "Too many connections" gets at least one step more than other errors.
      const step = isTooManyConnections(e) ? failures + 1 : failures
      schedule(backoffDelay(step, timing.backoffBaseMs, timing.backoffMaxMs) + 250)
    } finally {
      emit()
    }
  }

  const syncNow = async (override?: ServerConfig): Promise<SessionReport> => {
    if (running) return running
    const run = async (): Promise<SessionReport> => {
      const server = override ?? (await serverConfig())
      if (!server)
        throw new AppError('invalid_state', 'No sync server is configured (Settings → Server).')
      state = 'syncing'
      emit()
      try {
        const report = await runSyncSession(db, {
          server,
          userName: deps.userName ?? '',
          appVersion: deps.appVersion ?? '',
          now: () => ports.clock.now(),
        })
        failures = 0
        blocked = false
        state = 'idle'
        lastReport = {
          pushed: report.pushed,
          pulled: report.pulled,
          conflicts: report.conflicts,
          ms: report.ms,
        }
        if (report.pulled > 0) {
          // Rows changed underneath open screens: ids [] = "anything of this kind may have changed".
          for (const entity of ['proposal', 'client', 'product', 'settings'] as const) {
            deps.events?.emit('data.changed', { entity, ids: [] })
          }
        }
        setState(db, STATE.lastError, '')
        return report
      } catch (e) {
        state = 'error'
        const msg = e instanceof SyncSchemaError ? e.message : plainError(e)
        setState(db, STATE.lastError, msg)
        ports.logger.warn('sync failed', { error: String(e), transient: isTransient(e) })
        throw e
      }
    }
    running = run().finally(() => {
      running = null
      emit()
    })
    return running
  }

  return {
    async getSettings() {
      const s = stored()
      return {
        host: s?.host ?? '',
        port: s?.port ?? 3306,
        database: s?.database ?? '',
        user: s?.user ?? '',
        tlsCa: s?.tlsCa ?? null,
        passwordSet: (await ports.secrets.get(SECRET_NAME)) !== null,
        secretStore: ports.secrets.describe(),
      }
    },
    async saveSettings(input) {
      if (!input.host) {
        ports.settings.delete(SETTINGS_KEY)
        await ports.secrets.set(SECRET_NAME, null)
        setServerNumbering(db, false)
      } else {
        setServerNumbering(db, true)
        const next: StoredSettings = {
          host: input.host.trim(),
          port: input.port,
          database: input.database.trim(),
          user: input.user.trim(),
          tlsCa: input.tlsCa === undefined ? (stored()?.tlsCa ?? null) : input.tlsCa || null,
        }
        ports.settings.set(SETTINGS_KEY, next)
        if (input.password !== undefined)
          await ports.secrets.set(SECRET_NAME, input.password || null)
      }
      blocked = false
      failures = 0
      if (started) schedule(500)
      emit()
      return this.getSettings()
    },
    async testConnection(input) {
      const base = await serverConfig()
      const cfg: ServerConfig = {
        host: input?.host ?? base?.host ?? '',
        port: input?.port ?? base?.port ?? 3306,
        database: input?.database ?? base?.database ?? '',
        user: input?.user ?? base?.user ?? '',
        password: input?.password ?? base?.password,
        tlsCa: input?.tlsCa === undefined ? base?.tlsCa : (input.tlsCa ?? undefined),
      }
      if (!cfg.host)
        return {
          ok: false,
          message: 'Enter the server host first.',
          serverVersion: null,
          schemaVersion: null,
          ms: 0,
        }
      const t0 = Date.now()
      let conn = null
      try {
        conn = await openRemote(cfg, { connectTimeoutMs: 8000 })
        const [v] = await conn.query('SELECT VERSION() AS v')
        const serverVersion = String((v as { v: string }[])[0]?.v ?? '')
        let schemaVersion: number | null = null
        try {
          const [m] = await conn.query('SELECT schema_version FROM sync_meta WHERE id = 1')
          schemaVersion = Number((m as { schema_version: number }[])[0]?.schema_version ?? NaN)
          if (Number.isNaN(schemaVersion)) schemaVersion = null
        } catch {
          schemaVersion = null
        }
        await endQuietly(conn)
        const ms = Date.now() - t0
        if (schemaVersion === null) {
          return {
            ok: false,
            message:
              'Connected, but the database has no ProposalDesk tables. Ask your administrator to run `proposaldesk server migrate`.',
            serverVersion,
            schemaVersion,
            ms,
          }
        }
        if (!SUPPORTED_SCHEMA_VERSIONS.includes(schemaVersion)) {
          return {
            ok: false,
            message: `Connected, but the server uses data format ${schemaVersion}, which this version of ProposalDesk does not support.`,
            serverVersion,
            schemaVersion,
            ms,
          }
        }
        return {
          ok: true,
          message: `Connected to ${serverVersion}.`,
          serverVersion,
          schemaVersion,
          ms,
        }
      } catch (e) {
        destroyQuietly(conn)
        return {
          ok: false,
          message: plainError(e),
          serverVersion: null,
          schemaVersion: null,
          ms: Date.now() - t0,
        }
      }
    },
    status,
    syncNow,
    listConflicts(includeResolved = false) {
      return listStoredConflicts(db, includeResolved).map((c) => toView(c, db))
    },
    resolveConflict(id, choice) {
      const key = STATE.conflictPrefix + id
      const raw = getState(db, key)
      if (!raw) throw new AppError('not_found', 'No such conflict.')
      const c = JSON.parse(raw) as StoredConflict
      if (c.resolvedAt !== null) return toView(c, db)
      const now = ports.clock.now()
      db.transaction(() => {
        if (choice === 'mine') {
          if (c.kind !== 'field' || !c.field) {
            throw new AppError(
              'invalid_state',
              'Only a field conflict can be resolved with your value; deletes and revisions are kept.',
            )
          }
          const spec = SPEC_BY_ENTITY.get(c.entity)
          const kind = spec?.columns[c.field]
          if (!spec || !kind)
            throw new AppError(
              'invalid_state',
              'This conflict refers to a field that no longer exists.',
            )
          const row = db.sqlite
            .prepare(`SELECT row_version, deleted_at FROM ${spec.table} WHERE id = ?`)
            .get(c.rowId) as { row_version: number; deleted_at: string | null } | undefined
          if (!row || row.deleted_at !== null)
            throw new AppError(
              'invalid_state',
              'The record was deleted; there is nothing to apply your value to.',
            )
          const value = canonical(kind, c.clientValue)
          const stamp = now.toISOString()
          db.sqlite
            .prepare(`UPDATE ${spec.table} SET ${c.field} = ?, updated_at = ? WHERE id = ?`)
            .run(value, stamp, c.rowId)
          // The base is the version this device now holds, so the server sees a fresh edit made
          // with knowledge of its value: not a conflict again.
          recordMutation(
            db,
            {
              entity: c.entity as SyncedEntity,
              rowId: c.rowId,
              op: 'patch',
              fields: { [c.field]: value, updated_at: stamp },
              baseVersion: row.row_version,
            },
            now,
          )
          const pid =
            c.entity === 'proposal'
              ? c.rowId
              : c.entity === 'line_item'
                ? (
                    db.sqlite
                      .prepare('SELECT proposal_id FROM line_items WHERE id = ?')
                      .get(c.rowId) as { proposal_id: string }
                  ).proposal_id
                : null
          if (pid) recomputeLocalTotals(db, pid)
        }
        const resolved: StoredConflict = {
          ...c,
          resolvedAt: now.toISOString(),
          resolution: c.kind === 'field' ? choice : 'acknowledged',
        }
        setState(db, key, JSON.stringify(resolved))
      })
      emit()
      return toView(JSON.parse(getState(db, key) ?? raw) as StoredConflict, db)
    },
    start() {
      if (started) return
      started = true
      state = 'idle'
      onLocalMutation(db, () => {
        if (!stored()) return
        if (
          !timer ||
          (nextAttemptAt !== null && Date.parse(nextAttemptAt) - Date.now() > timing.debounceMs)
        ) {
          if (failures === 0) schedule(timing.debounceMs)
        }
        emit()
      })
      if (stored()) {
        setServerNumbering(db, true)
        schedule(backoffDelay(1, timing.startJitterMs / 2, timing.startJitterMs))
      }
    },
    async stop() {
      started = false
      onLocalMutation(db, null)
      if (timer) clearTimeout(timer)
      timer = null
      if (running) await running.catch(() => undefined)
    },
  }
}
