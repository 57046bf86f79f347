import { syncErrorToAppError, type SyncService } from '../sync/sync.service.ts'
import type { Handlers } from './dispatcher.ts'

/** Sync and conflict channels (adapters only; the password never appears in an output). */
export function createSyncHandlers(
  sync: SyncService,
): Pick<
  Handlers,
  | 'sync.getSettings'
  | 'sync.saveSettings'
  | 'sync.testConnection'
  | 'sync.status'
  | 'sync.now'
  | 'conflicts.list'
  | 'conflicts.resolve'
> {
  return {
    'sync.getSettings': () => sync.getSettings(),
    'sync.saveSettings': (i) => sync.saveSettings(i),
    'sync.testConnection': (i) => sync.testConnection(i),
    'sync.status': () => sync.status(),
    'sync.now': async () => {
      const r = await sync.syncNow().catch((e: unknown) => Promise.reject(syncErrorToAppError(e)))
      return { pushed: r.pushed, pulled: r.pulled, conflicts: r.conflicts, ms: r.ms }
    },
    'conflicts.list': (i) => sync.listConflicts(i.includeResolved),
    'conflicts.resolve': (i) => sync.resolveConflict(i.id, i.choice),
  }
}
