import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { build } from 'esbuild'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CHANNELS } from '../../src-shared/ipc/contract.ts'
import type { fake as FakeState, FakeBrowserWindow } from './fake-electron.test-support.ts'
import { RPC_PREFIX } from './ipc-channels.ts'
import { RENDERER_CSP, SECURE_WEB_PREFERENCES } from './security.ts'

// main.ts cannot run without the Electron binary, so it is bundled with `electron` and
// `electron-store` swapped for recording fakes, then executed in Node: this checks its wiring
// (window options, IPC registration with sender checks, navigation rules, app:// protocol,
// data directory, shutdown).
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..')
const here = path.join(root, 'src-main', 'electron')
let out: string
let dataDir: string
let fake: typeof FakeState
let win: FakeBrowserWindow

beforeAll(async () => {
  // Inside the checkout so the bundle's external packages resolve from node_modules.
  // A fresh clone has no dist/ yet.
  fs.mkdirSync(path.join(root, 'dist'), { recursive: true })
  out = fs.mkdtempSync(path.join(root, 'dist', 'test-electron-'))
  fs.mkdirSync(path.join(out, 'renderer', 'assets'), { recursive: true })
  fs.writeFileSync(path.join(out, 'renderer', 'index.html'), '<!doctype html><title>PD</title>')
  fs.writeFileSync(path.join(out, 'renderer', 'assets', 'a.js'), 'export {}')
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pd-electron-'))
  process.env.PROPOSALDESK_DATA_DIR = dataDir
  await build({
    entryPoints: [path.join(here, 'main.ts')],
    outfile: path.join(out, 'electron', 'main.mjs'),
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    logLevel: 'error',
    plugins: [
      {
        name: 'fake-electron',
        setup(b) {
          b.onResolve({ filter: /^electron$/ }, () => ({
            path: path.join(here, 'fake-electron.test-support.ts'),
          }))
          b.onResolve({ filter: /^electron-store$/ }, () => ({
            path: path.join(here, 'fake-electron-store.test-support.ts'),
          }))
        },
      },
    ],
  })
  await import(pathToFileURL(path.join(out, 'electron', 'main.mjs')).href)
  const installed = (globalThis as { __pdFakeElectron?: typeof FakeState }).__pdFakeElectron
  if (!installed) throw new Error('the bundled fake electron did not load')
  fake = installed
  for (let i = 0; i < 200 && fake.windows.length === 0; i++) {
    await new Promise((r) => setTimeout(r, 50))
  }
  win = fake.windows[0]!
}, 120_000)

afterAll(() => {
  delete process.env.PROPOSALDESK_DATA_DIR
  fs.rmSync(out, { recursive: true, force: true })
  fs.rmSync(dataDir, { recursive: true, force: true })
})

describe('Electron main wiring (fake electron)', () => {
  it('points userData at the shared data directory and takes the single-instance lock', () => {
    expect(fake.paths.get('userData')).toBe(dataDir)
    expect(fs.existsSync(path.join(dataDir, 'proposaldesk.sqlite'))).toBe(true)
    expect(fake.appListeners.has('second-instance')).toBe(true)
  })

  it('opens one window, isolated and sandboxed, with the bundled preload, on app://', () => {
    expect(fake.windows).toHaveLength(1)
    const prefs = win.options.webPreferences as Record<string, unknown>
    expect(prefs).toMatchObject(SECURE_WEB_PREFERENCES)
    expect(prefs.preload).toBe(path.join(out, 'electron', 'preload.cjs'))
    expect(win.loadedUrl).toBe('app://proposaldesk/index.html')
    expect(fake.privilegedSchemes).toEqual([
      { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } },
    ])
  })

  it('denies navigation away, new windows, webviews and permission requests', () => {
    const wc = win.webContents
    let prevented = 0
    const event = { preventDefault: () => void prevented++ }
    for (const fn of wc.listeners.get('will-navigate') ?? []) fn(event, 'https://evil.example/')
    expect(prevented).toBe(1)
    for (const fn of wc.listeners.get('will-navigate') ?? []) fn(event, 'app://proposaldesk/#/x')
    expect(prevented).toBe(1)
    for (const fn of wc.listeners.get('will-attach-webview') ?? []) fn(event)
    expect(prevented).toBe(2)
    expect(wc.windowOpenHandler?.({ url: 'https://example.com' })).toEqual({ action: 'deny' })
    let granted: boolean | null = null
    fake.permissionHandler?.({}, 'media', (ok: boolean) => (granted = ok))
    expect(granted).toBe(false)
  })

  it('registers every contract channel and checks the sender frame on each call', async () => {
    expect([...fake.ipcHandlers.keys()].sort()).toEqual(CHANNELS.map((c) => RPC_PREFIX + c).sort())
    const info = fake.ipcHandlers.get(`${RPC_PREFIX}app.info`)
    expect(await info?.({ senderFrame: win.webContents.mainFrame }, {})).toMatchObject({
      ok: true,
      value: { host: 'electron', version: '9.9.9-fake', dataDir },
    })
    const sub = { ...win.webContents.mainFrame, routingId: 2, parent: win.webContents.mainFrame }
    expect(await info?.({ senderFrame: sub }, {})).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    })
    const otherWindow = { ...win.webContents.mainFrame, processId: 8 }
    expect(await info?.({ senderFrame: otherWindow }, {})).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    })
  })

  it('forwards app events to the window', async () => {
    const create = fake.ipcHandlers.get(`${RPC_PREFIX}clients.create`)
    const r = (await create?.({ senderFrame: win.webContents.mainFrame }, { name: 'Acme' })) as {
      ok: boolean
    }
    expect(r.ok).toBe(true)
    expect(win.webContents.sent).toContainEqual([
      'pd:event',
      'data.changed',
      expect.objectContaining({ entity: 'client' }),
    ])
  })

  it('serves the built renderer on app:// with the CSP header and nothing outside it', async () => {
    const handler = fake.protocolHandlers.get('app')
    const page = await handler?.({ url: 'app://proposaldesk/index.html' })
    expect(page?.status).toBe(200)
    expect(page?.headers.get('content-security-policy')).toBe(RENDERER_CSP)
    expect(await page?.text()).toContain('<title>PD</title>')
    const route = await handler?.({ url: 'app://proposaldesk/proposals/1' })
    expect(await route?.text()).toContain('<title>PD</title>')
    const escape = await handler?.({ url: 'app://proposaldesk/..%2F..%2Fpackage.json' })
    expect(escape?.status).toBe(404)
  })

  it('closes the app (store, workers) before the process quits', async () => {
    let prevented = 0
    for (const fn of fake.appListeners.get('will-quit') ?? []) {
      fn({ preventDefault: () => void prevented++ })
    }
    expect(prevented).toBe(1)
    for (let i = 0; i < 100 && fake.quitCalls === 0; i++) {
      await new Promise((r) => setTimeout(r, 50))
    }
    expect(fake.quitCalls).toBe(1)
  })
})
