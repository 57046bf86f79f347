import type { Channel, InputOf, OutputOf } from './contract.ts'
import type { EventMap, EventName } from './events.ts'
import type { Result } from './result.ts'

/**
 * What every host provides to the renderer: Electron preload (`window.bridge`), HTTP+SSE, or
 * in-process. Payloads are JSON values only.
 */
export interface Transport {
  invoke<C extends Channel>(channel: C, input: InputOf<C>): Promise<Result<OutputOf<C>>>
  subscribe<E extends EventName>(event: E, listener: (payload: EventMap[E]) => void): () => void
}
