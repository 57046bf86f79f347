import fs from 'node:fs'
import http from 'node:http'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { silentLogger } from '../app/ports.ts'
import { startHttpHost, type HttpHost } from './http-host.ts'
import { contentDisposition, CONTENT_SECURITY_POLICY } from './http-security.ts'

interface Reply {
  status: number
  headers: http.IncomingHttpHeaders
  body: string
}

function request(
  host: HttpHost,
  opts: { method?: string; path: string; headers?: Record<string, string>; body?: string },
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port: host.port,
        method: opts.method ?? 'GET',
        path: opts.path,
        headers: { host: `127.0.0.1:${host.port}`, ...opts.headers },
      },
      (res) => {
        const chunks: Buffer[] = []
        res.on('data', (c: Buffer) => chunks.push(c))
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        )
      },
    )
    req.on('error', reject)
    if (opts.body !== undefined) req.write(opts.body)
    req.end()
  })
}

function rpc(
  host: HttpHost,
  channel: string,
  input: unknown,
  headers: Record<string, string> = {},
) {
  return request(host, {
    method: 'POST',
    path: `/rpc/${channel}`,
    headers: {
      'content-type': 'application/json',
      'x-proposaldesk-token': host.token,
      ...headers,
    },
    body: JSON.stringify(input),
  })
}

let host: HttpHost
let dataDir: string
let staticDir: string

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pd-http-'))
  staticDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pd-static-'))
  fs.writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>PD</title>')
  fs.mkdirSync(path.join(staticDir, 'assets'))
  fs.writeFileSync(path.join(staticDir, 'assets', 'app.js'), 'console.log(1)')
  host = await startHttpHost({
    dataDir,
    staticDir,
    skipSample: true,
    hostNote: 'test note',
    logger: silentLogger,
  })
})

afterAll(async () => {
  await host.close()
  fs.rmSync(dataDir, { recursive: true, force: true })
  fs.rmSync(staticDir, { recursive: true, force: true })
})

describe('browser host', () => {
  it('prints a loopback URL carrying a 256-bit token', () => {
    expect(host.url).toBe(`http://127.0.0.1:${host.port}/?token=${host.token}`)
    expect(Buffer.from(host.token, 'base64url')).toHaveLength(32)
  })

  it('refuses every request without the token (401)', async () => {
    const r = await request(host, {
      method: 'POST',
      path: '/rpc/app.info',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    })
    expect(r.status).toBe(401)
    expect(JSON.parse(r.body)).toEqual({
      ok: false,
      error: { code: 'forbidden', message: 'missing or wrong access token' },
    })
    expect((await request(host, { path: '/' })).status).toBe(401)
    expect((await request(host, { path: '/events' })).status).toBe(401)
    expect((await rpc(host, 'app.info', {}, { 'x-proposaldesk-token': 'wrong' })).status).toBe(401)
  })

  it('refuses a foreign Host header (DNS rebinding) with 403', async () => {
    const r = await rpc(host, 'app.info', {}, { host: `evil.example:${host.port}` })
    expect(r.status).toBe(403)
    expect(r.body).toContain('unexpected Host header')
  })

  it('refuses a foreign Origin and cross-site fetches with 403', async () => {
    expect((await rpc(host, 'app.info', {}, { origin: 'http://evil.example' })).status).toBe(403)
    expect((await rpc(host, 'app.info', {}, { origin: 'http://127.0.0.1:1' })).status).toBe(403)
    expect((await rpc(host, 'app.info', {}, { 'sec-fetch-site': 'same-site' })).status).toBe(403)
    const own = await rpc(host, 'app.info', {}, { origin: `http://localhost:${host.port}` })
    expect(own.status).toBe(200)
    // A link clicked on another site may open the app (it needs the token anyway) …
    const opened = await request(host, {
      path: `/?token=${host.token}`,
      headers: { 'sec-fetch-site': 'cross-site', 'sec-fetch-mode': 'navigate' },
    })
    expect(opened.status).toBe(200)
    // … but another site can neither embed nor fetch its resources.
    const embedded = await request(host, {
      path: `/?token=${host.token}`,
      headers: { 'sec-fetch-site': 'cross-site', 'sec-fetch-mode': 'no-cors' },
    })
    expect(embedded.status).toBe(403)
    const navToApi = await request(host, {
      path: `/events?token=${host.token}`,
      headers: { 'sec-fetch-site': 'cross-site', 'sec-fetch-mode': 'navigate' },
    })
    expect(navToApi.status).toBe(403)
  })

  it('round-trips an rpc call through the dispatcher', async () => {
    const r = await rpc(host, 'app.info', {})
    expect(r.status).toBe(200)
    expect(r.headers['content-type']).toBe('application/json; charset=utf-8')
    expect(JSON.parse(r.body)).toEqual({
      ok: true,
      value: { version: expect.any(String) as string, host: 'browser', dataDir, note: 'test note' },
    })
  })

  it('returns a typed validation error naming the field for invalid input', async () => {
    const r = await rpc(host, 'proposals.get', { id: '' })
    expect(JSON.parse(r.body)).toEqual({
      ok: false,
      error: {
        code: 'validation',
        message: 'id: is required',
        details: { issues: [{ path: 'id', message: 'is required' }] },
      },
    })
  })

  it('accepts JSON bodies only, within 10 MB', async () => {
    const form = await request(host, {
      method: 'POST',
      path: '/rpc/app.info',
      headers: { 'content-type': 'text/plain', 'x-proposaldesk-token': host.token },
      body: '{}',
    })
    expect(form.status).toBe(415)
    const broken = await request(host, {
      method: 'POST',
      path: '/rpc/app.info',
      headers: { 'content-type': 'application/json', 'x-proposaldesk-token': host.token },
      body: '{nope',
    })
    expect(broken.status).toBe(400)
    const huge = await request(host, {
      method: 'POST',
      path: '/rpc/app.info',
      headers: { 'content-type': 'application/json', 'x-proposaldesk-token': host.token },
      body: `"${'x'.repeat(10 * 1024 * 1024 + 10)}"`,
    }).catch((e: unknown) => ({ status: 413, headers: {}, body: String(e) }))
    expect(huge.status).toBe(413)
  })

  it('reports an unknown channel as data', async () => {
    const r = await rpc(host, 'fs.writeFile', {})
    expect(JSON.parse(r.body)).toMatchObject({ ok: false, error: { code: 'not_found' } })
  })

  it('delivers app events over SSE', async () => {
    const received = await new Promise<string>((resolve, reject) => {
      const req = http.get(
        {
          host: '127.0.0.1',
          port: host.port,
          path: `/events?token=${host.token}`,
          headers: { host: `localhost:${host.port}` },
        },
        (res) => {
          expect(res.statusCode).toBe(200)
          expect(res.headers['content-type']).toBe('text/event-stream; charset=utf-8')
          let text = ''
          res.on('data', (c: Buffer) => {
            text += c.toString('utf8')
            if (text.includes(': connected')) {
              host.app.events.emit('data.changed', { entity: 'proposal', ids: ['p1'] })
            }
            if (text.includes('event: data.changed')) {
              req.destroy()
              resolve(text)
            }
          })
        },
      )
      req.on('error', reject)
    })
    expect(received).toContain('event: data.changed\ndata: {"entity":"proposal","ids":["p1"]}\n\n')
  })

  it('serves the renderer with a strict CSP, sets the token cookie and falls back to index.html', async () => {
    const first = await request(host, { path: `/?token=${host.token}` })
    expect(first.status).toBe(200)
    expect(first.body).toContain('<title>PD</title>')
    expect(first.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY)
    expect(CONTENT_SECURITY_POLICY).toContain("default-src 'self'")
    expect(CONTENT_SECURITY_POLICY).toContain("frame-ancestors 'none'")
    const cookie = first.headers['set-cookie']?.[0] ?? ''
    expect(cookie).toBe(`pd_token=${host.token}; HttpOnly; SameSite=Strict; Path=/`)

    const asset = await request(host, {
      path: '/assets/app.js',
      headers: { cookie: `pd_token=${host.token}` },
    })
    expect(asset.status).toBe(200)
    expect(asset.headers['content-type']).toBe('text/javascript; charset=utf-8')
    const route = await request(host, {
      path: '/proposals/123',
      headers: { cookie: `pd_token=${host.token}` },
    })
    expect(route.body).toContain('<title>PD</title>')
    const missing = await request(host, {
      path: '/assets/nope.js',
      headers: { cookie: `pd_token=${host.token}` },
    })
    expect(missing.status).toBe(404)
    const escape = await request(host, {
      path: '/../../etc/passwd',
      headers: { cookie: `pd_token=${host.token}` },
    })
    expect(escape.body).not.toContain('root:')
  })

  it('streams the cached PDF with its exact file name for the browser "open" action', async () => {
    const client = JSON.parse(
      (await rpc(host, 'clients.create', { name: 'Müller & Söhne' })).body,
    ) as { value: { id: string } }
    const created = JSON.parse(
      (
        await rpc(host, 'proposals.create', {
          title: 'Relaunch',
          clientId: client.value.id,
          currency: 'EUR',
          lines: [
            {
              description: 'Design',
              quantity: '1',
              unitPrice: '138.66',
              taxes: [{ name: '', rate: '19' }],
            },
          ],
        })
      ).body,
    ) as { ok: boolean; value: { id: string; number: string } }
    expect(created.ok).toBe(true)
    const open = JSON.parse(
      (await rpc(host, 'pdf.open', { proposalId: created.value.id })).body,
    ) as {
      value: { opened: boolean; url: string }
    }
    expect(open.value).toEqual({ opened: false, url: `/files/pdf/${created.value.id}` })
    const pdf = await request(host, {
      path: open.value.url,
      headers: { cookie: `pd_token=${host.token}` },
    })
    expect(pdf.status).toBe(200)
    expect(pdf.headers['content-type']).toBe('application/pdf')
    expect(pdf.body.startsWith('%PDF-')).toBe(true)
    expect(pdf.headers['content-disposition']).toMatch(
      /^inline; filename="[^"]+"; filename\*=UTF-8''/,
    )
    expect(decodeURIComponent(pdf.headers['content-disposition']?.split("''")[1] ?? '')).toContain(
      'Müller & Söhne',
    )
    // Fetching the file (and pdf.open) is not an export the user asked for: no timeline entry.
    const timeline = JSON.parse(
      (await rpc(host, 'activity.list', { proposalId: created.value.id })).body,
    ) as { value: { kind: string }[] }
    expect(timeline.value.filter((e) => e.kind === 'exported')).toEqual([])
    const unknown = await request(host, {
      path: '/files/pdf/01936f3e-0000-7000-8000-000000000000',
      headers: { cookie: `pd_token=${host.token}` },
    })
    expect(unknown.status).toBe(404)
  })

  it('is bound to 127.0.0.1 only', async () => {
    const external = Object.values(os.networkInterfaces())
      .flat()
      .find((i) => i && i.family === 'IPv4' && !i.internal)
    if (external) {
      const refused = await new Promise<boolean>((resolve) => {
        const s = net.connect({ host: external.address, port: host.port })
        s.on('connect', () => {
          s.destroy()
          resolve(false)
        })
        s.on('error', () => resolve(true))
      })
      expect(refused).toBe(true)
    }
    await expect(
      startHttpHost({ dataDir, host: '0.0.0.0' as '127.0.0.1', logger: silentLogger }),
    ).rejects.toThrow('127.0.0.1 only')
  })

  it('tells the user to build the renderer when dist/renderer is missing', async () => {
    const bare = await startHttpHost({
      dataDir: fs.mkdtempSync(path.join(os.tmpdir(), 'pd-http2-')),
      staticDir: path.join(staticDir, 'does-not-exist'),
      skipSample: true,
      logger: silentLogger,
    })
    try {
      expect(bare.rendererBuilt).toBe(false)
      const r = await request(bare, { path: `/?token=${bare.token}` })
      expect(r.status).toBe(503)
      expect(r.body).toContain('npm run build:web')
    } finally {
      await bare.close()
    }
  })
})

describe('content disposition', () => {
  it('keeps the exact UTF-8 name and an ASCII fallback', () => {
    expect(contentDisposition('PR-2026-0001 - Müller & Söhne.pdf', 'inline')).toBe(
      `inline; filename="PR-2026-0001 - M_ller & S_hne.pdf"; filename*=UTF-8''PR-2026-0001%20-%20M%C3%BCller%20%26%20S%C3%B6hne.pdf`,
    )
    expect(contentDisposition('a"b\\c(1).pdf', 'attachment')).toBe(
      `attachment; filename="a_b_c(1).pdf"; filename*=UTF-8''a%22b%5Cc%281%29.pdf`,
    )
  })
})
