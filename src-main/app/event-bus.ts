import type { EventMap, EventName } from '../../src-shared/ipc/events.ts'
import type { EventSink } from './ports.ts'

type Listener = (event: EventName, payload: EventMap[EventName]) => void

/** Fan-out of main → renderer events; hosts attach (SSE clients, BrowserWindows, tests). */
export interface EventBus extends EventSink {
  listen(listener: Listener): () => void
}

export function createEventBus(): EventBus {
  const listeners = new Set<Listener>()
  return {
    emit(event, payload) {
      for (const l of listeners) {
        try {
          l(event, payload)
        } catch {
          // A broken subscriber (closed socket) must not break the emitter.
        }
      }
    },
    listen(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
  }
}
