import { z } from 'zod'
import type { ErrorCode } from './result.ts'

// Sync channels, spread into `contract` (contract.ts). The MySQL password is write-only: it can be
// sent in `sync.saveSettings` / `sync.testConnection` and is never part of any output.

function out<T>(): T {
  return undefined as T
}
function channel<I extends z.ZodType, O>(input: I, output: O, errors: readonly ErrorCode[] = []) {
  return { input, output, errors }
}

export interface SyncSettingsView {
  host: string
  port: number
  database: string
  user: string
  /** PEM of the CA that signs the server certificate (TLS required when set). */
  tlsCa: string | null
  /** Whether a password is stored (the password itself never leaves the main process). */
  passwordSet: boolean
  /** Where the password is kept, e.g. "safeStorage (keychain)". */
  secretStore: string
}

export interface SyncStatusView {
  configured: boolean
  state: 'off' | 'idle' | 'syncing' | 'error'
  lastSyncAt: string | null
  pendingChanges: number
  /** The last error in plain words (null after a successful session). */
  lastError: string | null
  nextAttemptAt: string | null
  /** Open (unresolved) conflicts. */
  conflicts: number
  lastReport: { pushed: number; pulled: number; conflicts: number; ms: number } | null
}

export interface SyncTestResult {
  ok: boolean
  message: string
  serverVersion: string | null
  schemaVersion: number | null
  ms: number
}

export interface SyncRunResult {
  pushed: number
  pulled: number
  conflicts: number
  ms: number
}

export interface ConflictView {
  id: string
  /** field: both sides changed a money/status/terms field; deleted: edited something deleted
   * elsewhere; revision: edits to a sent proposal became a new revision; rejected: invalid data. */
  kind: 'field' | 'deleted' | 'revision' | 'rejected'
  entity: string
  rowId: string
  field: string | null
  /** What the user recognises: "PR-2026-0007 — Website redesign". */
  label: string
  serverValue: unknown
  clientValue: unknown
  detail: string | null
  createdAt: string
  resolvedAt: string | null
  resolution: 'server' | 'mine' | 'acknowledged' | null
  /** Only field conflicts can be resolved with the device's value. */
  canKeepMine: boolean
}

const hostSchema = z.string().trim().max(255)
const serverFields = {
  host: hostSchema,
  port: z.number().int().min(1).max(65535).default(3306),
  database: z.string().trim().max(64),
  user: z.string().trim().max(80),
  tlsCa: z.string().max(100_000).nullable().optional(),
}

export const syncContract = {
  'sync.getSettings': channel(z.object({}).strict().default({}), out<SyncSettingsView>()),
  /** Empty host = remove the server (sync off). `password` undefined keeps the stored one. */
  'sync.saveSettings': channel(
    z.object({ ...serverFields, password: z.string().max(1000).nullable().optional() }),
    out<SyncSettingsView>(),
    ['validation'],
  ),
  /** Tries the given (or stored) settings without saving them. */
  'sync.testConnection': channel(
    z
      .object({
        host: hostSchema.optional(),
        port: z.number().int().min(1).max(65535).optional(),
        database: z.string().trim().max(64).optional(),
        user: z.string().trim().max(80).optional(),
        password: z.string().max(1000).optional(),
        tlsCa: z.string().max(100_000).nullable().optional(),
      })
      .default({}),
    out<SyncTestResult>(),
  ),
  'sync.status': channel(z.object({}).strict().default({}), out<SyncStatusView>()),
  'sync.now': channel(z.object({}).strict().default({}), out<SyncRunResult>(), [
    'unavailable',
    'invalid_state',
  ]),
  'conflicts.list': channel(
    z.object({ includeResolved: z.boolean().default(false) }).default({ includeResolved: false }),
    out<ConflictView[]>(),
  ),
  'conflicts.resolve': channel(
    z.object({ id: z.string().min(1).max(64), choice: z.enum(['server', 'mine']) }),
    out<ConflictView>(),
    ['not_found', 'invalid_state'],
  ),
} as const
