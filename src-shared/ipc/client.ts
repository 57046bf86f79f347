import type { Channel, InputOf, OutputOf } from './contract.ts'
import type { EventMap, EventName } from './events.ts'
import type { AppErrorData, ErrorCode } from './result.ts'
import type { Transport } from './transport.ts'

/** Rejection value of `Api.call` — the error data that crossed the boundary. */
export class ApiError extends Error {
  readonly code: ErrorCode
  readonly details: AppErrorData['details']
  constructor(data: AppErrorData) {
    super(data.message)
    this.name = 'ApiError'
    this.code = data.code
    this.details = data.details
  }
}

export interface Api {
  /** Resolves with the output or rejects with ApiError. */
  call<C extends Channel>(channel: C, input: InputOf<C>): Promise<OutputOf<C>>
  on<E extends EventName>(event: E, listener: (payload: EventMap[E]) => void): () => void
}

export function createApi(transport: Transport): Api {
  return {
    async call(channel, input) {
      const r = await transport.invoke(channel, input)
      if (r.ok) return r.value
      throw new ApiError(r.error)
    },
    on(event, listener) {
      return transport.subscribe(event, listener)
    },
  }
}
