import { CHANNELS, isChannel } from '../../src-shared/ipc/contract.ts'
import type { Result } from '../../src-shared/ipc/result.ts'
import type { Logger } from '../app/ports.ts'
import type { Dispatch } from '../handlers/dispatcher.ts'
import { RPC_PREFIX } from './ipc-channels.ts'
import { isAppUrl } from './security.ts'

/**
 * The testable core of the Electron IPC edge. It does not import electron: main.ts passes the real
 * `ipcMain`, tests pass fakes with the same shape.
 */

export { EVENT_CHANNEL, RPC_PREFIX } from './ipc-channels.ts'

export interface SenderFrameLike {
  url: string
  /** null for the top frame of a page. */
  parent: SenderFrameLike | null
}

export interface IpcInvokeEventLike {
  /** Electron sets this to null when the frame navigated away or was destroyed. */
  senderFrame: SenderFrameLike | null | undefined
}

export interface IpcMainLike {
  handle(
    channel: string,
    listener: (event: IpcInvokeEventLike, ...args: unknown[]) => unknown,
  ): void
  removeHandler(channel: string): void
}

export interface IpcBridgeOptions {
  /** True only for the top frame of our own window showing our own origin. */
  isTrustedSender(frame: SenderFrameLike): boolean
  logger?: Logger
}

/**
 * The sender rule of GHSA-mq8j-3h7h-p8g7 / reliability case 18: a frame is trusted when it is a
 * top frame, its URL has the app's origin, and it is the main frame of our window.
 */
export function createSenderCheck(opts: {
  isOurMainFrame(frame: SenderFrameLike): boolean
}): (frame: SenderFrameLike) => boolean {
  return (frame) => frame.parent === null && isAppUrl(frame.url) && opts.isOurMainFrame(frame)
}

const forbidden: Result<never> = {
  ok: false,
  error: { code: 'forbidden', message: 'this window may not call ProposalDesk' },
}

/** Handles one invoke: sender check on EVERY call, then the shared dispatcher. */
export function createIpcCallHandler(
  dispatch: Dispatch,
  opts: IpcBridgeOptions,
): (event: IpcInvokeEventLike, channel: string, input: unknown) => Promise<Result<unknown>> {
  return async (event, channel, input) => {
    const frame = event.senderFrame
    if (!frame || !opts.isTrustedSender(frame)) {
      opts.logger?.warn('ipc call from an untrusted frame refused', {
        channel,
        url: frame?.url ?? null,
      })
      return forbidden
    }
    if (!isChannel(channel)) {
      return { ok: false, error: { code: 'not_found', message: `unknown channel "${channel}"` } }
    }
    return dispatch(channel, input, { host: 'electron' })
  }
}

/** One `ipcMain.handle` per contract channel. Returns a function removing them again. */
export function registerIpc(
  ipc: IpcMainLike,
  dispatch: Dispatch,
  opts: IpcBridgeOptions,
): () => void {
  const call = createIpcCallHandler(dispatch, opts)
  for (const channel of CHANNELS) {
    ipc.handle(`${RPC_PREFIX}${channel}`, (event, input) => call(event, channel, input))
  }
  return () => {
    for (const channel of CHANNELS) ipc.removeHandler(`${RPC_PREFIX}${channel}`)
  }
}
