import { z } from 'zod'
import {
  contract,
  isChannel,
  type Channel,
  type OutputOf,
  type ParsedInputOf,
} from '../../src-shared/ipc/contract.ts'
import { AppError, formatPath, validationError, type Result } from '../../src-shared/ipc/result.ts'
import type { Logger } from '../app/ports.ts'

/** Per-call context the hosts supply (who called; used for activity records). */
export interface CallContext {
  host: 'electron' | 'browser' | 'in-process' | 'cli'
}

export type Handler<C extends Channel> = (
  input: ParsedInputOf<C>,
  ctx: CallContext,
) => Promise<OutputOf<C>> | OutputOf<C>

/** Every channel must have exactly one handler (checked by the type). */
export type Handlers = { [C in Channel]: Handler<C> }

export type Dispatch = (
  channel: string,
  input: unknown,
  ctx?: CallContext,
) => Promise<Result<unknown>>

export function zodIssuesToAppError(error: z.ZodError): AppError {
  return validationError(
    error.issues.map((i) => ({ path: formatPath(i.path), message: i.message })),
  )
}

/**
 * The one place that validates input, maps errors to data and logs. Handlers stay 1–3 lines.
 * Outputs are forced through JSON so a Date/Buffer/Map leaking out fails in tests, not in users'
 * hands.
 */
export function createDispatcher(handlers: Handlers, logger: Logger): Dispatch {
  return async (channel, input, ctx = { host: 'in-process' }) => {
    if (!isChannel(channel)) {
      return { ok: false, error: { code: 'not_found', message: `unknown channel "${channel}"` } }
    }
    const parsed = contract[channel].input.safeParse(input ?? {})
    if (!parsed.success) {
      return { ok: false, error: zodIssuesToAppError(parsed.error).toData() }
    }
    try {
      const handler = handlers[channel] as (i: unknown, c: CallContext) => unknown
      const value: unknown = await handler(parsed.data, ctx)
      return { ok: true, value: value === undefined ? null : JSON.parse(JSON.stringify(value)) }
    } catch (e) {
      if (e instanceof AppError) return { ok: false, error: e.toData() }
      if (e instanceof z.ZodError) return { ok: false, error: zodIssuesToAppError(e).toData() }
      const err = e instanceof Error ? e : new Error(String(e))
      logger.error('handler failed', { channel, error: err.message, stack: err.stack })
      return { ok: false, error: { code: 'internal', message: `internal error in ${channel}` } }
    }
  }
}
