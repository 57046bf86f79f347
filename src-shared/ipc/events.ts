import type { SyncStatusView } from './sync.contract.ts'

/** Events main pushes to the renderer (Electron `webContents.send`, SSE on the browser host). */
export interface EventMap {
  'pdf.progress': {
    proposalId: string
    jobId: string
    phase: 'queued' | 'rendering' | 'writing' | 'done' | 'failed' | 'cancelled'
    /** 0..1 */
    progress: number
    message?: string
  }
  'data.changed': {
    entity: 'client' | 'product' | 'proposal' | 'settings' | (string & {})
    ids: string[]
  }
  /** Sync state changed (session started/ended, pending count, conflicts). */
  'sync.status': SyncStatusView
}
export type EventName = keyof EventMap
export const EVENT_NAMES: EventName[] = ['pdf.progress', 'data.changed', 'sync.status']
export function isEventName(name: string): name is EventName {
  return (EVENT_NAMES as string[]).includes(name)
}
