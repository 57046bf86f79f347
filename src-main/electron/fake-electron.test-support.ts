// A stand-in for the `electron` module, so main.ts's wiring can run in plain Node (the Electron
// binary cannot be downloaded here). Everything main.ts touches is recorded on `fake`.

type Listener = (...args: unknown[]) => unknown

export interface FakeFrame {
  url: string
  parent: FakeFrame | null
  processId: number
  routingId: number
}

export const fake = {
  paths: new Map<string, string>(),
  appListeners: new Map<string, Listener[]>(),
  privilegedSchemes: [] as unknown[],
  protocolHandlers: new Map<string, (req: { url: string }) => Promise<Response>>(),
  permissionHandler: null as Listener | null,
  ipcHandlers: new Map<string, Listener>(),
  windows: [] as FakeBrowserWindow[],
  exposed: new Map<string, unknown>(),
  rendererInvokes: [] as unknown[][],
  rendererListeners: new Map<string, Listener[]>(),
  quitCalls: 0,
  exitCodes: [] as number[],
}

// The fake is bundled into the code under test; tests reach the same instance through this global.
;(globalThis as { __pdFakeElectron?: typeof fake }).__pdFakeElectron = fake

function on(map: Map<string, Listener[]>, name: string, fn: Listener): void {
  map.set(name, [...(map.get(name) ?? []), fn])
}

export const app = {
  setPath: (name: string, p: string) => void fake.paths.set(name, p),
  requestSingleInstanceLock: () => true,
  on: (name: string, fn: Listener) => on(fake.appListeners, name, fn),
  whenReady: () => Promise.resolve(),
  getVersion: () => '9.9.9-fake',
  quit: () => {
    fake.quitCalls++
  },
  exit: (code: number) => void fake.exitCodes.push(code),
}

export const protocol = {
  registerSchemesAsPrivileged: (list: unknown[]) => void fake.privilegedSchemes.push(...list),
  handle: (scheme: string, fn: (req: { url: string }) => Promise<Response>) =>
    void fake.protocolHandlers.set(scheme, fn),
}

export const session = {
  defaultSession: {
    setPermissionRequestHandler: (fn: Listener) => {
      fake.permissionHandler = fn
    },
  },
}

export const ipcMain = {
  handle: (channel: string, fn: Listener) => {
    if (fake.ipcHandlers.has(channel)) throw new Error(`second handler for ${channel}`)
    fake.ipcHandlers.set(channel, fn)
  },
  removeHandler: (channel: string) => void fake.ipcHandlers.delete(channel),
}

export class FakeWebContents {
  readonly listeners = new Map<string, Listener[]>()
  readonly sent: unknown[][] = []
  windowOpenHandler: Listener | null = null
  readonly mainFrame: FakeFrame = {
    url: 'app://proposaldesk/index.html',
    parent: null,
    processId: 7,
    routingId: 1,
  }
  on(name: string, fn: Listener): this {
    on(this.listeners, name, fn)
    return this
  }
  setWindowOpenHandler(fn: Listener): void {
    this.windowOpenHandler = fn
  }
  send(...args: unknown[]): void {
    this.sent.push(args)
  }
}

export class FakeBrowserWindow {
  readonly webContents = new FakeWebContents()
  loadedUrl: string | null = null
  constructor(readonly options: Record<string, unknown>) {
    fake.windows.push(this)
    // main.ts attaches navigation rules to every web contents as it is created.
    for (const fn of fake.appListeners.get('web-contents-created') ?? []) fn({}, this.webContents)
  }
  once(): this {
    return this
  }
  on(): this {
    return this
  }
  loadURL(url: string): Promise<void> {
    this.loadedUrl = url
    return Promise.resolve()
  }
  isDestroyed(): boolean {
    return false
  }
  isMinimized(): boolean {
    return false
  }
  restore(): void {}
  focus(): void {}
  show(): void {}
}
export { FakeBrowserWindow as BrowserWindow }

export const safeStorage = {
  isEncryptionAvailable: () => true,
  getSelectedStorageBackend: () => 'basic_text',
  encryptString: (s: string) => Buffer.from(`enc:${s}`),
  decryptString: (b: Buffer) => b.toString('utf8').slice(4),
}

export const shell = {
  openPath: () => Promise.resolve(''),
  showItemInFolder: () => {},
}

export const contextBridge = {
  exposeInMainWorld: (key: string, api: unknown) => void fake.exposed.set(key, api),
}

export const ipcRenderer = {
  invoke: (...args: unknown[]) => {
    fake.rendererInvokes.push(args)
    return Promise.resolve({ ok: true, value: 'from main' })
  },
  on: (channel: string, fn: Listener) => on(fake.rendererListeners, channel, fn),
  removeListener: (channel: string, fn: Listener) =>
    void fake.rendererListeners.set(
      channel,
      (fake.rendererListeners.get(channel) ?? []).filter((l) => l !== fn),
    ),
}
