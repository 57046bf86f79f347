import type { Channel, InputOf, OutputOf } from '../../src-shared/ipc/contract.ts'
import type { EventMap, EventName } from '../../src-shared/ipc/events.ts'
import type { Result } from '../../src-shared/ipc/result.ts'
import type { Transport } from '../../src-shared/ipc/transport.ts'

/** What the preload exposes (src-main/electron/preload.ts) — exactly these two functions. */
export interface Bridge {
  invoke(channel: string, input: unknown): Promise<unknown>
  subscribe(event: string, listener: (payload: unknown) => void): () => void
}

declare global {
  interface Window {
    bridge?: Bridge
  }
}

/** The renderer's transport inside the desktop window: `window.bridge` from the preload. */
export function createElectronTransport(bridge: Bridge): Transport {
  return {
    async invoke<C extends Channel>(channel: C, input: InputOf<C>): Promise<Result<OutputOf<C>>> {
      try {
        return (await bridge.invoke(channel, input ?? {})) as Result<OutputOf<C>>
      } catch (e) {
        // Electron rejects when main has no handler or the call could not be cloned.
        return {
          ok: false,
          error: { code: 'internal', message: e instanceof Error ? e.message : String(e) },
        }
      }
    },
    subscribe<E extends EventName>(event: E, listener: (payload: EventMap[E]) => void): () => void {
      return bridge.subscribe(event, (payload) => listener(payload as EventMap[E]))
    },
  }
}
