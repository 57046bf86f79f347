import type { Transport } from '../../src-shared/ipc/transport.ts'
import { createElectronTransport } from './electron-transport.ts'
import { createHttpTransport, takeTokenFromLocation } from './http-transport.ts'

export { createElectronTransport, type Bridge } from './electron-transport.ts'
export { createHttpTransport, takeTokenFromLocation } from './http-transport.ts'

/**
 * The transport for this page, picked once at boot: the preload's `window.bridge` in the desktop
 * window, otherwise HTTP + SSE to the browser host that served the page.
 */
export function pickTransport(): Transport {
  if (window.bridge) return createElectronTransport(window.bridge)
  return createHttpTransport({
    token: takeTokenFromLocation(window.location, window.history, window.sessionStorage),
  })
}
