import fs from 'node:fs'
import http from 'node:http'
import path from 'node:path'
import type { AddressInfo } from 'node:net'
import { isEventName } from '../../src-shared/ipc/events.ts'
import { AppError, type AppErrorData, type Result } from '../../src-shared/ipc/result.ts'
import { createApp, type App } from '../app/create-app.ts'
import { consoleLogger, type Logger } from '../app/ports.ts'
import { createNodePorts } from '../settings/node-ports.ts'
import { readAppVersion, RENDERER_DIST } from './app-version.ts'
import {
  contentDisposition,
  isAllowedHost,
  isAllowedOrigin,
  newToken,
  readCookie,
  SECURITY_HEADERS,
  TOKEN_COOKIE,
  TOKEN_HEADER,
  tokensEqual,
} from './http-security.ts'

export const MAX_BODY_BYTES = 10 * 1024 * 1024
const SSE_HEARTBEAT_MS = 20_000

export interface HttpHostOptions {
  dataDir: string
  /** 0 or absent: a free port. */
  port?: number
  /** Only loopback is allowed; the option exists so callers state it. */
  host?: '127.0.0.1'
  /** The built renderer; default `dist/renderer` of this checkout. */
  staticDir?: string
  /** Why the desktop window is not available (`app.info` → note). */
  hostNote?: string | null
  /** Reuse an app (tests); otherwise one is created on `dataDir` and closed with the host. */
  app?: App
  logger?: Logger
  /** Fixed token (tests); default 32 random bytes, base64url. */
  token?: string
  skipSample?: boolean
}

export interface HttpHost {
  /** `http://127.0.0.1:PORT/?token=…` — what the user opens. */
  url: string
  origin: string
  port: number
  token: string
  app: App
  /** false when `dist/renderer/index.html` is missing (`npm run build:web` not run). */
  rendererBuilt: boolean
  staticDir: string
  close(): Promise<void>
}

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.wasm': 'application/wasm',
}

const NOT_BUILT_PAGE = `<!doctype html><meta charset="utf-8"><title>ProposalDesk</title>
<body style="font:16px system-ui;margin:3rem;max-width:40rem">
<h1>ProposalDesk</h1>
<p>The web interface has not been built yet. In the ProposalDesk folder run
<code>npm run build:web</code> (or start with <code>npm start</code>, which builds it), then reload.</p>
</body>`

const UNAUTHORIZED_PAGE = `<!doctype html><meta charset="utf-8"><title>ProposalDesk</title>
<body style="font:16px system-ui;margin:3rem;max-width:40rem">
<h1>ProposalDesk</h1>
<p>This address needs its access token. Open the full URL that <code>npm start</code> or
<code>proposaldesk serve</code> printed (it ends with <code>?token=…</code>).</p>
</body>`

class HttpFailure extends Error {
  constructor(
    readonly status: number,
    readonly data: AppErrorData,
  ) {
    super(data.message)
  }
}

function send(
  res: http.ServerResponse,
  status: number,
  body: string | Buffer,
  headers: Record<string, string>,
): void {
  res.writeHead(status, { ...SECURITY_HEADERS, ...headers })
  res.end(body)
}

function sendJson(res: http.ServerResponse, status: number, value: unknown): void {
  send(res, status, JSON.stringify(value), {
    'Content-Type': 'application/json; charset=utf-8',
    'Cache-Control': 'no-store',
  })
}

function failure(status: number, code: AppErrorData['code'], message: string): HttpFailure {
  return new HttpFailure(status, { code, message })
}

async function readBody(req: http.IncomingMessage): Promise<string> {
  const declared = Number(req.headers['content-length'] ?? '0')
  if (declared > MAX_BODY_BYTES)
    throw failure(413, 'validation', 'request body too large (max 10 MB)')
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length
    if (size > MAX_BODY_BYTES) {
      throw failure(413, 'validation', 'request body too large (max 10 MB)')
    }
    chunks.push(chunk)
  }
  return Buffer.concat(chunks).toString('utf8')
}

/**
 * The browser host: the same dispatcher as the desktop app behind `POST /rpc/:channel`, app events
 * as Server-Sent Events on `GET /events`, cached PDFs on `GET /files/pdf/:proposalId`, and the built
 * renderer. Loopback only, every request token-checked, Host and Origin checked (DNS rebinding,
 * other local pages). Holds no logic: everything goes through `app.dispatch` / `app.pdf`.
 */
export async function startHttpHost(opts: HttpHostOptions): Promise<HttpHost> {
  const bindHost = opts.host ?? '127.0.0.1'
  if (bindHost !== '127.0.0.1') throw new Error('the browser host binds to 127.0.0.1 only')
  const logger = opts.logger ?? consoleLogger('http-host')
  const token = opts.token ?? newToken()
  const staticDir = path.resolve(opts.staticDir ?? RENDERER_DIST)
  const ownsApp = opts.app === undefined
  const app =
    opts.app ??
    (await createApp(
      {
        dataDir: opts.dataDir,
        host: 'browser',
        version: readAppVersion(),
        hostNote: opts.hostNote ?? null,
        skipSample: opts.skipSample ?? false,
      },
      createNodePorts({ dataDir: opts.dataDir, logger }),
    ))

  let port = 0
  const sseClients = new Set<http.ServerResponse>()

  const isRendererBuilt = (): boolean => fs.existsSync(path.join(staticDir, 'index.html'))

  const authenticate = (
    req: http.IncomingMessage,
    url: URL,
  ): 'header' | 'cookie' | 'query' | null => {
    const header = req.headers[TOKEN_HEADER]
    if (typeof header === 'string' && tokensEqual(header, token)) return 'header'
    const cookie = readCookie(req.headers.cookie, TOKEN_COOKIE)
    if (cookie !== null && tokensEqual(cookie, token)) return 'cookie'
    const query = url.searchParams.get('token')
    if (query !== null && tokensEqual(query, token)) return 'query'
    return null
  }

  const handleRpc = async (
    req: http.IncomingMessage,
    res: http.ServerResponse,
    channel: string,
  ): Promise<void> => {
    if (req.method !== 'POST') throw failure(405, 'validation', 'use POST for /rpc')
    const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase()
    // JSON only: a cross-site form cannot send application/json without a CORS preflight.
    if (type !== 'application/json') {
      throw failure(415, 'validation', 'the request body must be application/json')
    }
    const text = await readBody(req)
    let input: unknown
    try {
      input = text.trim() === '' ? undefined : JSON.parse(text)
    } catch {
      throw failure(400, 'validation', 'the request body is not valid JSON')
    }
    const result: Result<unknown> = await app.dispatch(channel, input, { host: 'browser' })
    sendJson(res, 200, result)
  }

  const handleEvents = (req: http.IncomingMessage, res: http.ServerResponse): void => {
    res.writeHead(200, {
      ...SECURITY_HEADERS,
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      Connection: 'keep-alive',
      'X-Accel-Buffering': 'no',
    })
    res.write('retry: 2000\n: connected\n\n')
    sseClients.add(res)
    const stop = app.events.listen((name, payload) => {
      if (!isEventName(name)) return
      res.write(`event: ${name}\ndata: ${JSON.stringify(payload)}\n\n`)
    })
    const beat = setInterval(() => res.write(': keep-alive\n\n'), SSE_HEARTBEAT_MS)
    beat.unref()
    const end = (): void => {
      clearInterval(beat)
      stop()
      sseClients.delete(res)
    }
    req.on('close', end)
    res.on('close', end)
  }

  const handlePdf = async (
    req: http.IncomingMessage,
    res: http.ServerResponse,
    proposalId: string,
    download: boolean,
  ): Promise<void> => {
    if (req.method !== 'GET' && req.method !== 'HEAD') throw failure(405, 'validation', 'use GET')
    let exported
    try {
      exported = await app.pdf.export(proposalId, { force: false, record: false })
    } catch (e) {
      if (e instanceof AppError) {
        throw new HttpFailure(
          e.code === 'not_found' ? 404 : e.code === 'unavailable' ? 503 : 400,
          e.toData(),
        )
      }
      throw e
    }
    const bytes = await app.pdf.readCached(exported.key)
    if (!bytes) throw failure(404, 'not_found', 'the exported PDF is no longer in the cache')
    res.writeHead(200, {
      ...SECURITY_HEADERS,
      'Content-Type': 'application/pdf',
      'Content-Length': String(bytes.length),
      'Content-Disposition': contentDisposition(
        exported.fileName,
        download ? 'attachment' : 'inline',
      ),
      'Cache-Control': 'no-store',
    })
    res.end(req.method === 'HEAD' ? undefined : bytes)
  }

  const handleStatic = (req: http.IncomingMessage, res: http.ServerResponse, url: URL): void => {
    if (req.method !== 'GET' && req.method !== 'HEAD') throw failure(405, 'validation', 'use GET')
    if (!isRendererBuilt()) {
      send(res, 503, NOT_BUILT_PAGE, {
        'Content-Type': 'text/html; charset=utf-8',
        'Cache-Control': 'no-store',
      })
      return
    }
    let rel: string
    try {
      rel = decodeURIComponent(url.pathname)
    } catch {
      throw failure(400, 'validation', 'bad path')
    }
    const file = path.resolve(staticDir, `.${path.posix.normalize(rel)}`)
    const inside = file === staticDir || file.startsWith(staticDir + path.sep)
    let target: string | null = null
    if (inside && !rel.includes('\0')) {
      try {
        if (fs.statSync(file).isFile()) target = file
      } catch {
        target = null
      }
    }
    if (!target) {
      // SPA fallback for client-side routes; a missing asset (has an extension) stays a 404.
      if (path.posix.extname(url.pathname) !== '') {
        send(res, 404, 'not found', { 'Content-Type': 'text/plain; charset=utf-8' })
        return
      }
      target = path.join(staticDir, 'index.html')
    }
    const body = fs.readFileSync(target)
    const ext = path.extname(target).toLowerCase()
    const immutable = target.startsWith(path.join(staticDir, 'assets') + path.sep)
    res.writeHead(200, {
      ...SECURITY_HEADERS,
      'Content-Type': MIME[ext] ?? 'application/octet-stream',
      'Content-Length': String(body.length),
      'Cache-Control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
    })
    res.end(req.method === 'HEAD' ? undefined : body)
  }

  const handle = async (req: http.IncomingMessage, res: http.ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`)
    const isApi = url.pathname.startsWith('/rpc/') || url.pathname === '/events'
    if (!isAllowedHost(req.headers.host, port)) {
      throw failure(403, 'forbidden', 'unexpected Host header')
    }
    const secFetchSite = req.headers['sec-fetch-site']
    // A top-level page load may come from a link anywhere (a chat, a terminal): it still needs the
    // token, and the SameSite=Strict cookie is not sent cross-site, so only API calls, downloads
    // and subresources must come from our own origin.
    const isNavigation =
      req.method === 'GET' && req.headers['sec-fetch-mode'] === 'navigate' && !isApi
    if (
      !isAllowedOrigin(
        req.headers.origin,
        typeof secFetchSite === 'string' && !isNavigation ? secFetchSite : undefined,
        port,
      )
    ) {
      throw failure(403, 'forbidden', 'cross-origin requests are not allowed')
    }
    const auth = authenticate(req, url)
    if (!auth) {
      if (isApi || url.pathname.startsWith('/files/')) {
        throw failure(401, 'forbidden', 'missing or wrong access token')
      }
      send(res, 401, UNAUTHORIZED_PAGE, {
        'Content-Type': 'text/html; charset=utf-8',
        'Cache-Control': 'no-store',
      })
      return
    }
    if (auth === 'query') {
      // The first page load carries the token in the URL; later requests (assets, fetch,
      // EventSource) carry this cookie, which other sites can neither read nor send.
      res.setHeader('Set-Cookie', `${TOKEN_COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/`)
    }
    if (url.pathname.startsWith('/rpc/')) {
      await handleRpc(req, res, decodeURIComponent(url.pathname.slice('/rpc/'.length)))
      return
    }
    if (url.pathname === '/events') {
      if (req.method !== 'GET') throw failure(405, 'validation', 'use GET')
      handleEvents(req, res)
      return
    }
    const pdf = /^\/files\/pdf\/([^/]+)$/.exec(url.pathname)
    if (pdf?.[1]) {
      await handlePdf(
        req,
        res,
        decodeURIComponent(pdf[1]),
        url.searchParams.get('download') === '1',
      )
      return
    }
    handleStatic(req, res, url)
  }

  const server = http.createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      if (res.headersSent) {
        res.destroy()
        return
      }
      if (e instanceof HttpFailure) {
        sendJson(res, e.status, { ok: false, error: e.data })
        return
      }
      const err = e instanceof Error ? e : new Error(String(e))
      logger.error('browser host request failed', { url: req.url, error: err.message })
      sendJson(res, 500, { ok: false, error: { code: 'internal', message: 'internal error' } })
    })
  })
  server.headersTimeout = 30_000

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(opts.port ?? 0, bindHost, () => {
      server.off('error', reject)
      resolve()
    })
  }).catch(async (e: unknown) => {
    if (ownsApp) await app.close()
    throw e
  })
  port = (server.address() as AddressInfo).port
  const origin = `http://127.0.0.1:${port}`

  let closed = false
  return {
    url: `${origin}/?token=${token}`,
    origin,
    port,
    token,
    app,
    rendererBuilt: isRendererBuilt(),
    staticDir,
    async close() {
      if (closed) return
      closed = true
      for (const r of sseClients) r.end()
      await new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      })
      if (ownsApp) await app.close()
    },
  }
}
