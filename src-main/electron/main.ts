// Electron main: lifecycle and wiring only. Rules live in services, security checks in
// security.ts / ipc-bridge.ts (tested without Electron), ports in electron-ports.ts.
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { app, BrowserWindow, ipcMain, protocol, session, type WebFrameMain } from 'electron'
import { createApp, type App } from '../app/create-app.ts'
import { consoleLogger } from '../app/ports.ts'
import { resolveDataDir } from '../settings/data-dir.ts'
import { createElectronPorts } from './electron-ports.ts'
import { createSenderCheck, EVENT_CHANNEL, registerIpc } from './ipc-bridge.ts'
import {
  APP_SCHEME,
  APP_START_URL,
  isAllowedNavigation,
  RENDERER_CSP,
  resolveAppFile,
  SECURE_WEB_PREFERENCES,
} from './security.ts'

// Bundled to dist/electron/main.mjs; the preload and the built renderer sit next to it.
const here = path.dirname(fileURLToPath(import.meta.url))
const rendererDir = path.resolve(here, '..', 'renderer')
const preloadFile = path.join(here, 'preload.cjs')

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  // pdf.js's worker is emitted as .mjs; module workers need a JavaScript MIME type.
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.json': 'application/json',
}

function dataDirFlag(argv: readonly string[]): string | undefined {
  const i = argv.indexOf('--data-dir')
  if (i >= 0) return argv[i + 1]
  return argv.find((a) => a.startsWith('--data-dir='))?.slice('--data-dir='.length)
}

// The desktop app, the browser host and the CLI share one data directory.
const dataDir = resolveDataDir({ flag: dataDirFlag(process.argv) })
app.setPath('userData', dataDir)
const logger = consoleLogger('electron')

protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
])

let win: BrowserWindow | null = null
let core: App | null = null

function createWindow(): BrowserWindow {
  const w = new BrowserWindow({
    width: 1280,
    height: 860,
    minWidth: 900,
    minHeight: 600,
    show: false,
    title: 'ProposalDesk',
    webPreferences: { ...SECURE_WEB_PREFERENCES, preload: preloadFile },
  })
  w.once('ready-to-show', () => w.show())
  w.on('closed', () => {
    if (win === w) win = null
  })
  void w.loadURL(APP_START_URL)
  return w
}

if (!app.requestSingleInstanceLock()) {
  // Another instance owns the SQLite store and the settings file: hand over and leave.
  app.quit()
} else {
  app.on('second-instance', () => {
    if (!win) return
    if (win.isMinimized()) win.restore()
    win.focus()
  })

  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-navigate', (e, url) => {
      if (!isAllowedNavigation(url)) e.preventDefault()
    })
    contents.on('will-redirect', (e, url) => {
      if (!isAllowedNavigation(url)) e.preventDefault()
    })
    contents.on('will-attach-webview', (e) => e.preventDefault())
    // No new windows, and no shell.openExternal with renderer-supplied strings.
    contents.setWindowOpenHandler(() => ({ action: 'deny' }))
  })

  app
    .whenReady()
    .then(async () => {
      session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) =>
        callback(false),
      )
      protocol.handle(APP_SCHEME, async (request) => {
        const file = resolveAppFile(rendererDir, request.url, (f) => fs.existsSync(f))
        if (!file) return new Response('not found', { status: 404 })
        const body = await fs.promises.readFile(file)
        return new Response(body, {
          headers: {
            'Content-Type': MIME[path.extname(file).toLowerCase()] ?? 'application/octet-stream',
            'Content-Security-Policy': RENDERER_CSP,
            'X-Content-Type-Options': 'nosniff',
          },
        })
      })

      core = await createApp(
        { dataDir, host: 'electron', version: app.getVersion() },
        createElectronPorts(dataDir, logger),
      )
      const isTrustedSender = createSenderCheck({
        isOurMainFrame: (frame) => {
          const main = win?.webContents.mainFrame
          const f = frame as WebFrameMain
          return !!main && f.processId === main.processId && f.routingId === main.routingId
        },
      })
      registerIpc(ipcMain, core.dispatch, { isTrustedSender, logger })
      core.events.listen((name, payload) => {
        if (win && !win.isDestroyed()) win.webContents.send(EVENT_CHANNEL, name, payload)
      })
      win = createWindow()
      app.on('activate', () => {
        if (!win) win = createWindow()
      })
    })
    .catch((e: unknown) => {
      logger.error('start-up failed', { error: e instanceof Error ? e.stack : String(e) })
      app.exit(1)
    })

  app.on('window-all-closed', () => app.quit())

  let closing = false
  app.on('will-quit', (e) => {
    if (!core || closing) return
    // Close the worker pool and the database before the process ends.
    e.preventDefault()
    closing = true
    void core.close().finally(() => app.quit())
  })
}
