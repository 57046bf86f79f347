// Shared by main and the sandboxed preload, which can require nothing but electron: keep this file
// free of imports.

/** Prefix of invoke channels (keeps ours apart from Electron's internal ones). */
export const RPC_PREFIX = 'rpc:'
/** main → renderer events: `webContents.send(EVENT_CHANNEL, name, payload)`. */
export const EVENT_CHANNEL = 'pd:event'
