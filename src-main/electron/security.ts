import path from 'node:path'

/**
 * Pure security rules of the Electron adapter (no `electron` import, so they are typechecked and
 * tested everywhere). The renderer is served from a custom standard, secure scheme rather than
 * file:// (electron security checklist; electron/electron#40372).
 */

export const APP_SCHEME = 'app'
export const APP_HOST = 'proposaldesk'
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`
export const APP_START_URL = `${APP_ORIGIN}/index.html`

/** Same policy as the browser host; sent as a header by the `app://` protocol handler. */
export const RENDERER_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "img-src 'self' data: blob:",
  "style-src 'self' 'unsafe-inline'",
  "font-src 'self' data:",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "frame-src 'none'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ')

/** Never switch these off (aesthetics.md §4); asserted by tests. */
export const SECURE_WEB_PREFERENCES = {
  contextIsolation: true,
  sandbox: true,
  nodeIntegration: false,
  nodeIntegrationInWorker: false,
  nodeIntegrationInSubFrames: false,
  webSecurity: true,
  allowRunningInsecureContent: false,
  webviewTag: false,
  navigateOnDragDrop: false,
  experimentalFeatures: false,
} as const

/**
 * `scheme://host` of a URL, compared as parsed parts — never with startsWith
 * (`app://proposaldesk.evil.example` must not pass). WHATWG gives non-special schemes the origin
 * "null", so the parts are read directly.
 */
export function originOf(url: string): string | null {
  try {
    const u = new URL(url)
    if (u.username || u.password) return null
    // Chromium lowercases the host of a standard scheme; WHATWG leaves non-special ones as typed.
    return `${u.protocol}//${u.host.toLowerCase()}`
  } catch {
    return null
  }
}

export function isAppUrl(url: string): boolean {
  return originOf(url) === APP_ORIGIN
}

/** Only in-app navigation; everything else (http, file, javascript:, other schemes) is denied. */
export function isAllowedNavigation(url: string): boolean {
  return isAppUrl(url)
}

/**
 * Maps an `app://proposaldesk/…` request to a file inside the built renderer, or null. Client-side
 * routes (no file extension) fall back to index.html; nothing outside `distDir` is reachable.
 */
export function resolveAppFile(
  distDir: string,
  requestUrl: string,
  exists: (file: string) => boolean,
): string | null {
  if (!isAppUrl(requestUrl)) return null
  let rel: string
  try {
    rel = decodeURIComponent(new URL(requestUrl).pathname)
  } catch {
    return null
  }
  if (rel.includes('\0')) return null
  const root = path.resolve(distDir)
  const file = path.resolve(root, `.${path.posix.normalize(`/${rel}`)}`)
  if (file !== root && !file.startsWith(root + path.sep)) return null
  if (file !== root && exists(file)) return file
  if (path.posix.extname(rel) !== '') return null
  return path.join(root, 'index.html')
}
