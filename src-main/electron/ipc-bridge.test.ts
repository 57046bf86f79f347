import { describe, expect, it } from 'vitest'
import { CHANNELS } from '../../src-shared/ipc/contract.ts'
import { silentLogger } from '../app/ports.ts'
import type { Dispatch } from '../handlers/dispatcher.ts'
import { startInProcessHost } from '../hosts/in-process.ts'
import {
  createIpcCallHandler,
  createSenderCheck,
  registerIpc,
  RPC_PREFIX,
  type IpcInvokeEventLike,
  type IpcMainLike,
  type SenderFrameLike,
} from './ipc-bridge.ts'
import { APP_START_URL } from './security.ts'

// Fake Electron objects: the bridge only sees these shapes.
const mainFrame: SenderFrameLike = { url: APP_START_URL, parent: null }
const isTrustedSender = createSenderCheck({ isOurMainFrame: (f) => f === mainFrame })

function fakeIpcMain(): IpcMainLike & {
  handlers: Map<string, (event: IpcInvokeEventLike, ...args: unknown[]) => unknown>
} {
  const handlers = new Map<string, (event: IpcInvokeEventLike, ...args: unknown[]) => unknown>()
  return {
    handlers,
    handle: (channel, listener) => {
      if (handlers.has(channel)) throw new Error(`second handler for ${channel}`)
      handlers.set(channel, listener)
    },
    removeHandler: (channel) => void handlers.delete(channel),
  }
}

const calls: { channel: string; input: unknown }[] = []
const recordingDispatch: Dispatch = (channel, input) => {
  calls.push({ channel, input })
  return Promise.resolve({ ok: true, value: 'dispatched' })
}

describe('Electron IPC bridge (fake events)', () => {
  it('registers exactly one handler per contract channel', () => {
    const ipc = fakeIpcMain()
    const unregister = registerIpc(ipc, recordingDispatch, { isTrustedSender })
    expect([...ipc.handlers.keys()].sort()).toEqual(CHANNELS.map((c) => RPC_PREFIX + c).sort())
    unregister()
    expect(ipc.handlers.size).toBe(0)
  })

  it('passes calls from the top frame of our window to the dispatcher', async () => {
    const ipc = fakeIpcMain()
    registerIpc(ipc, recordingDispatch, { isTrustedSender })
    calls.length = 0
    const handler = ipc.handlers.get(`${RPC_PREFIX}proposals.list`)
    const r = await handler?.({ senderFrame: mainFrame }, { search: 'acme' })
    expect(r).toEqual({ ok: true, value: 'dispatched' })
    expect(calls).toEqual([{ channel: 'proposals.list', input: { search: 'acme' } }])
  })

  it.each([
    ['a subframe of our page', { url: APP_START_URL, parent: mainFrame }],
    ['a foreign origin in the top frame', { url: 'https://evil.example/', parent: null }],
    ['a look-alike host', { url: 'app://proposaldesk.evil.example/index.html', parent: null }],
    ['a file:// page', { url: 'file:///etc/passwd', parent: null }],
    ['another window with our origin', { url: APP_START_URL, parent: null }],
  ])('refuses %s on every call', async (_label, frame: SenderFrameLike) => {
    const call = createIpcCallHandler(recordingDispatch, { isTrustedSender, logger: silentLogger })
    calls.length = 0
    const r = await call({ senderFrame: frame }, 'proposals.delete', { id: 'x' })
    expect(r).toEqual({
      ok: false,
      error: { code: 'forbidden', message: 'this window may not call ProposalDesk' },
    })
    expect(calls).toEqual([])
  })

  it('refuses a call whose frame is gone (null senderFrame)', async () => {
    const call = createIpcCallHandler(recordingDispatch, { isTrustedSender })
    expect(await call({ senderFrame: null }, 'app.info', {})).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    })
    expect(await call({ senderFrame: undefined }, 'app.info', {})).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    })
  })

  it('rejects an unknown channel even from a trusted frame', async () => {
    const call = createIpcCallHandler(recordingDispatch, { isTrustedSender })
    calls.length = 0
    expect(await call({ senderFrame: mainFrame }, 'fs.writeFile', { path: '/etc/x' })).toEqual({
      ok: false,
      error: { code: 'not_found', message: 'unknown channel "fs.writeFile"' },
    })
    expect(calls).toEqual([])
  })

  it('returns validation errors as data through the real dispatcher', async () => {
    const host = await startInProcessHost()
    try {
      const ipc = fakeIpcMain()
      registerIpc(ipc, host.app.dispatch, { isTrustedSender })
      const r = await ipc.handlers.get(`${RPC_PREFIX}proposals.get`)?.(
        { senderFrame: mainFrame },
        {
          id: '',
        },
      )
      expect(r).toEqual({
        ok: false,
        error: {
          code: 'validation',
          message: 'id: is required',
          details: { issues: [{ path: 'id', message: 'is required' }] },
        },
      })
      const info = await ipc.handlers.get(`${RPC_PREFIX}app.info`)?.({ senderFrame: mainFrame }, {})
      expect(info).toMatchObject({ ok: true, value: { host: 'in-process' } })
    } finally {
      await host.close()
    }
  })
})
