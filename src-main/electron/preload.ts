// Sandboxed preload, bundled to one CommonJS file (dist/electron/preload.cjs). It exposes exactly
// two functions and checks every channel and event name against the contract.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron'
import { CHANNELS } from '../../src-shared/ipc/contract.ts'
import { EVENT_NAMES } from '../../src-shared/ipc/events.ts'
import { EVENT_CHANNEL, RPC_PREFIX } from './ipc-channels.ts'

const channels = new Set<string>(CHANNELS)
const events = new Set<string>(EVENT_NAMES)

contextBridge.exposeInMainWorld('bridge', {
  invoke(channel: unknown, input: unknown): Promise<unknown> {
    if (typeof channel !== 'string' || !channels.has(channel)) {
      return Promise.resolve({
        ok: false,
        error: { code: 'not_found', message: `unknown channel "${String(channel)}"` },
      })
    }
    return ipcRenderer.invoke(`${RPC_PREFIX}${channel}`, input)
  },
  subscribe(event: unknown, listener: unknown): () => void {
    if (typeof event !== 'string' || !events.has(event) || typeof listener !== 'function') {
      throw new TypeError(`unknown event "${String(event)}"`)
    }
    const wrapped = (_e: IpcRendererEvent, name: unknown, payload: unknown): void => {
      if (name === event) (listener as (p: unknown) => void)(payload)
    }
    ipcRenderer.on(EVENT_CHANNEL, wrapped)
    return () => {
      ipcRenderer.removeListener(EVENT_CHANNEL, wrapped)
    }
  },
})
