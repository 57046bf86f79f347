import { spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import readline from 'node:readline'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { InterchangeDocument } from '../../src-shared/interchange/interchange.schema.ts'

// The CLI is a public interface: these tests spawn it exactly as a user or a script does.
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..')
const bin = path.join(root, 'bin', 'proposaldesk.mjs')
const fixture = path.join(root, 'src-main', 'cli', 'fixtures', 'three-proposals.json')

interface Run {
  code: number | null
  stdout: string
  stderr: string
}

function cli(args: string[], opts: { input?: string; env?: NodeJS.ProcessEnv } = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const env = { ...process.env, ...opts.env }
    delete env.PROPOSALDESK_DATA_DIR
    if (opts.env?.PROPOSALDESK_DATA_DIR) env.PROPOSALDESK_DATA_DIR = opts.env.PROPOSALDESK_DATA_DIR
    const child = spawn(process.execPath, [bin, ...args], { cwd: root, env })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')))
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')))
    child.on('error', reject)
    child.on('close', (code) => resolve({ code, stdout, stderr }))
    child.stdin.end(opts.input ?? '')
  })
}

const dirs: string[] = []
function freshDir(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'pd-cli-'))
  dirs.push(d)
  return d
}
afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true })
})

function jsonLines(text: string): Record<string, unknown>[] {
  return text
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as Record<string, unknown>)
}

function errorOf(run: Run): { code: string; message: string } {
  const lines = run.stderr.split('\n').filter((l) => l.startsWith('{"error"'))
  expect(lines).toHaveLength(1)
  return (JSON.parse(lines[0] ?? '') as { error: { code: string; message: string } }).error
}

describe('proposaldesk import / export', () => {
  let store: string
  let exported: InterchangeDocument

  beforeAll(async () => {
    store = freshDir()
    const imported = await cli(['--data-dir', store, 'import', fixture])
    expect(imported.stderr).toBe('')
    expect(imported.code).toBe(0)
    const out = JSON.parse(imported.stdout) as { created: { id: string; number: string }[] }
    expect(out.created[0]).toEqual({
      id: '01936f3e-8a2b-7c4d-9e5f-0a1b2c3d4e5f',
      number: 'PR-2026-0007',
    })
    expect(out.created).toHaveLength(3)
    const run = await cli(['export', '--data-dir', store])
    expect(run.code).toBe(0)
    exported = JSON.parse(run.stdout) as InterchangeDocument
  })

  it('exports the totals of the one calculator', () => {
    const [web, quebec, kuwait] = exported.proposals
    expect(web?.totals).toMatchObject({ net: '578.00', tax: '115.60', gross: '693.60' })
    expect(web?.lines.map((l) => l.net)).toEqual(['299.33', '179.33', '99.34', '1080.00'])
    expect(quebec?.totals.taxes.map((t) => [t.name, t.rate])).toEqual([
      ['GST', '5'],
      ['QST', '9.975'],
    ])
    expect(kuwait?.totals).toMatchObject({ net: '0.375', gross: '0.375' })
    expect(web?.client.name).toBe('Müller & Söhne GmbH')
    // Sent with validUntil 2026-03-31, now past: expired is derived on read (issue 4).
    expect(web?.status).toBe('expired')
  })

  it('round-trips export → import into an empty store unchanged, ids and numbers kept', async () => {
    const other = freshDir()
    const imported = await cli(['--data-dir', other, 'import', '-'], {
      input: JSON.stringify(exported),
    })
    expect(imported.code).toBe(0)
    const out = JSON.parse(imported.stdout) as { created: unknown[]; updated: unknown[] }
    expect(out.created).toHaveLength(3)
    expect(out.updated).toEqual([])
    const again = await cli(['--data-dir', other, 'export'])
    expect(JSON.parse(again.stdout)).toEqual(exported)
  })

  it('without ids, an import creates new proposals with the same content and totals', async () => {
    const other = freshDir()
    const anonymous = {
      ...exported,
      proposals: exported.proposals.map(({ id: _id, ...p }) => p),
    }
    const imported = await cli(['--data-dir', other, 'import', '-'], {
      input: JSON.stringify(anonymous),
    })
    expect(imported.code).toBe(0)
    const again = JSON.parse(
      (await cli(['--data-dir', other, 'export'])).stdout,
    ) as InterchangeDocument
    const strip = (d: InterchangeDocument) => d.proposals.map(({ id: _id, ...p }) => p)
    expect(strip(again)).toEqual(strip(exported))
    expect(again.proposals.map((p) => p.id)).not.toContain(exported.proposals[1]?.id)
  })

  it('re-importing updates only what differs', async () => {
    const before = jsonLines((await cli(['--data-dir', store, 'list'])).stdout)
    const edited = structuredClone(exported)
    const kuwait = edited.proposals[2]
    if (!kuwait) throw new Error('fixture has three proposals')
    kuwait.title = 'Kuwait supply (revised)'
    kuwait.lines[0] = { ...kuwait.lines[0]!, quantity: '4' }
    const run = await cli(['--data-dir', store, 'import', '-'], { input: JSON.stringify(edited) })
    expect(run.code).toBe(0)
    const out = JSON.parse(run.stdout) as { created: unknown[]; updated: { id: string }[] }
    expect(out.created).toEqual([])
    expect(out.updated.map((u) => u.id)).toEqual(exported.proposals.map((p) => p.id))

    const after = jsonLines((await cli(['--data-dir', store, 'list'])).stdout)
    const byId = (rows: Record<string, unknown>[], id: string | undefined) =>
      rows.find((r) => r.id === id)
    // Unchanged proposals were not written at all.
    for (const p of exported.proposals.slice(0, 2)) {
      expect(byId(after, p.id)?.updatedAt).toBe(byId(before, p.id)?.updatedAt)
    }
    expect(byId(after, kuwait.id)).toMatchObject({
      title: 'Kuwait supply (revised)',
      net: '0.500',
    })
  })

  it('exports only the proposals named by id or number', async () => {
    const run = await cli(['--data-dir', store, 'export', 'PR-2026-0007'])
    const doc = JSON.parse(run.stdout) as InterchangeDocument
    expect(doc.proposals.map((p) => p.number)).toEqual(['PR-2026-0007'])
    const missing = await cli(['--data-dir', store, 'export', 'PR-1999-0001'])
    expect(missing.code).toBe(2)
    expect(errorOf(missing).code).toBe('not_found')
  })
})

describe('proposaldesk import of an invalid document', () => {
  it('writes nothing, exits 2 and names every offending path', async () => {
    const store = freshDir()
    const doc = JSON.parse(fs.readFileSync(fixture, 'utf8')) as {
      proposals: { lines: { quantity: unknown }[]; client: { email?: string } }[]
    }
    doc.proposals[2]!.lines[0]!.quantity = 'three'
    const run = await cli(['--data-dir', store, 'import', '-'], { input: JSON.stringify(doc) })
    expect(run.code).toBe(2)
    expect(run.stdout).toBe('')
    const err = errorOf(run)
    expect(err.code).toBe('validation')
    expect(err.message).toBe('proposals[2].lines[0].quantity: not a decimal number')
    expect((await cli(['--data-dir', store, 'list'])).stdout).toBe('')
  })

  it('refuses, before writing, what only the services would reject', async () => {
    const store = freshDir()
    const doc = JSON.parse(fs.readFileSync(fixture, 'utf8')) as {
      proposals: { client: { email?: string } }[]
    }
    doc.proposals[1]!.client.email = 'not-an-address'
    const run = await cli(['--data-dir', store, 'import', '-'], { input: JSON.stringify(doc) })
    expect(run.code).toBe(2)
    expect(errorOf(run).message).toBe('proposals[1].client.email: not an email address')
    expect((await cli(['--data-dir', store, 'list'])).stdout).toBe('')
  })

  it('reports a missing file and bad JSON as bad input', async () => {
    const store = freshDir()
    const missing = await cli(['--data-dir', store, 'import', path.join(store, 'nope.json')])
    expect(missing.code).toBe(2)
    const broken = await cli(['--data-dir', store, 'import', '-'], { input: '{"proposals": [' })
    expect(broken.code).toBe(2)
    expect(errorOf(broken).message).toMatch(/^not valid JSON/)
  })
})

describe('proposaldesk list', () => {
  it('filters by status and search, newest first, one JSON object per line', async () => {
    const store = freshDir()
    expect((await cli(['--data-dir', store, 'import', fixture])).code).toBe(0)
    const all = jsonLines((await cli(['--data-dir', store, 'list'])).stdout)
    expect(all.map((r) => r.title)).toEqual([
      'Kuwait supply',
      'Québec retainer',
      'Website relaunch',
    ])
    expect(all[2]).toMatchObject({
      number: 'PR-2026-0007',
      status: 'expired',
      client: 'Müller & Söhne GmbH',
      currency: 'EUR',
      net: '578.00',
      gross: '693.60',
    })
    // Sent, but valid only until 2026-03-31: listed (and filtered) as expired.
    const sent = jsonLines((await cli(['--data-dir', store, 'list', '--status', 'sent'])).stdout)
    expect(sent.map((r) => r.number)).toEqual([])
    const expired = jsonLines(
      (await cli(['--data-dir', store, 'list', '--status', 'expired'])).stdout,
    )
    expect(expired.map((r) => r.number)).toEqual(['PR-2026-0007'])
    const found = jsonLines((await cli(['--data-dir', store, 'list', '--search', 'Érable'])).stdout)
    expect(found.map((r) => r.title)).toEqual(['Québec retainer'])
    const bad = await cli(['--data-dir', store, 'list', '--status', 'lost'])
    expect(bad.code).toBe(2)
    expect(errorOf(bad).code).toBe('usage')
  })
})

describe('proposaldesk config', () => {
  it('sets and gets company settings and defaults as JSON; secrets are write-only', async () => {
    const store = freshDir()
    const env = { PROPOSALDESK_DATA_DIR: store }
    expect((await cli(['config', 'set', 'company.name', 'Acme GmbH'], { env })).code).toBe(0)
    expect((await cli(['config', 'set', 'defaults.validityDays', '45'], { env })).code).toBe(0)
    expect((await cli(['config', 'get', 'company.name'], { env })).stdout).toBe('"Acme GmbH"\n')
    expect((await cli(['config', 'get', 'defaults.validityDays'], { env })).stdout).toBe('45\n')

    const badNumber = await cli(['config', 'set', 'defaults.validityDays', 'soon'], { env })
    expect(badNumber.code).toBe(2)
    const badCurrency = await cli(['config', 'set', 'defaults.currency', 'euro'], { env })
    expect(badCurrency.code).toBe(2)
    expect(errorOf(badCurrency).message).toMatch(/^defaults\.currency: /)
    // Every key is checked by the same rules as the app's forms; nothing invalid is stored.
    for (const [key, value, message] of [
      ['company.email', 'notanemail', /^company\.email: not an email address/],
      ['defaults.locale', 'xx-INVALID-locale', /^defaults\.locale: not a supported locale/],
      ['smtp.port', '99999', /^smtp\.port: /],
      ['smtp.security', 'bogus', /^smtp\.security: /],
      ['smtp.fromAddress', 'not an address', /^smtp\.fromAddress: /],
    ] as const) {
      const r = await cli(['config', 'set', key, value], { env })
      expect(r.code, key).toBe(2)
      expect(errorOf(r).message).toMatch(message)
      expect((await cli(['config', 'get', key], { env })).stdout).not.toContain(value)
    }

    const secret = 'mysql://rep:s3cr3t-pa55@db.example.com:3306/proposals'
    expect((await cli(['config', 'set', 'server.url', secret], { env })).code).toBe(0)
    const url = await cli(['config', 'get', 'server.url'], { env })
    expect(url.stdout).toBe('"mysql://rep@db.example.com:3306/proposals"\n')
    const get = await cli(['config', 'get', 'server.password'], { env })
    expect(get.code).toBe(2)
    expect(errorOf(get).code).toBe('forbidden')
    expect(get.stdout + get.stderr).not.toContain('s3cr3t')
    const list = await cli(['config', 'list'], { env })
    expect(list.stdout).not.toContain('s3cr3t')
    const rows = jsonLines(list.stdout)
    expect(rows).toContainEqual({ key: 'server.password', secret: true, set: true })
    expect(rows).toContainEqual({
      key: 'server.url',
      value: 'mysql://rep@db.example.com:3306/proposals',
    })
    expect(rows).toContainEqual({ key: 'company.name', value: 'Acme GmbH' })
    expect(fs.readFileSync(path.join(store, 'settings.json'), 'utf8')).not.toContain('s3cr3t')
    expect(fs.statSync(path.join(store, 'secrets.json')).mode & 0o777).toBe(0o600)
  })
})

describe('proposaldesk exit codes', () => {
  it('uses 2 for bad usage and 1 when the operation fails', async () => {
    const store = freshDir()
    const unknown = await cli(['--data-dir', store, 'frobnicate'])
    expect(unknown.code).toBe(2)
    expect(errorOf(unknown)).toEqual({
      code: 'usage',
      message: 'unknown command "frobnicate" (see proposaldesk help)',
    })
    const badOption = await cli(['--data-dir', store, 'list', '--colour'])
    expect(badOption.code).toBe(2)
    // Nothing listens on port 1: the network operation fails.
    const sync = await cli(['--data-dir', store, 'sync', '--server', 'mysql://x@127.0.0.1:1/z'])
    expect(sync.code, sync.stderr).toBe(1)
    expect(errorOf(sync).code).toBe('unavailable')
  })
})

describe('proposaldesk serve', () => {
  it('prints the URL with its token on the first line and serves the rpc API', async () => {
    const store = freshDir()
    const child = spawn(process.execPath, [bin, '--data-dir', store, 'serve', '--port', '0'], {
      cwd: root,
    })
    try {
      const first = await new Promise<string>((resolve, reject) => {
        const rl = readline.createInterface({ input: child.stdout })
        rl.once('line', resolve)
        child.once('exit', (code) => reject(new Error(`serve exited early (${code})`)))
      })
      const m = /^http:\/\/127\.0\.0\.1:(\d+)\/\?token=([A-Za-z0-9_-]{43})$/.exec(first)
      expect(m).not.toBeNull()
      const res = await fetch(`http://127.0.0.1:${m?.[1]}/rpc/app.info`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-proposaldesk-token': m?.[2] ?? '' },
        body: '{}',
      })
      expect(await res.json()).toMatchObject({
        ok: true,
        value: { host: 'browser', dataDir: store },
      })
    } finally {
      const exited = new Promise<number | null>((resolve) => child.once('exit', resolve))
      child.kill('SIGTERM')
      expect(await exited).toBe(0)
    }
  })
})

describe('proposaldesk pdf', () => {
  it('exports through the cache: first render, then the cached file, --force renders anew', async () => {
    const store = freshDir()
    expect((await cli(['--data-dir', store, 'import', fixture])).code).toBe(0)
    const out = path.join(store, 'out.pdf')
    const first = await cli(['--data-dir', store, 'pdf', 'PR-2026-0007', '--out', out])
    expect(first.stderr).toBe('')
    expect(first.code).toBe(0)
    const r1 = JSON.parse(first.stdout) as {
      path: string
      cached: boolean
      ms: number
      pages: number
      bytes: number
    }
    expect(Object.keys(r1)).toEqual(['path', 'cached', 'ms', 'pages', 'bytes'])
    expect(r1).toMatchObject({ path: out, cached: false, pages: 1 })
    const bytes = fs.readFileSync(out)
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-')
    expect(r1.bytes).toBe(bytes.length)

    const second = JSON.parse(
      (await cli(['--data-dir', store, 'pdf', '01936f3e-8a2b-7c4d-9e5f-0a1b2c3d4e5f'])).stdout,
    ) as { path: string; cached: boolean; bytes: number }
    expect(second.cached).toBe(true)
    expect(second.path.startsWith(store)).toBe(true)
    expect(fs.readFileSync(second.path).equals(bytes)).toBe(true)

    const forced = JSON.parse(
      (await cli(['--data-dir', store, 'pdf', 'PR-2026-0007', '--force'])).stdout,
    ) as { cached: boolean }
    expect(forced.cached).toBe(false)

    // A folder that does not exist yet, named with a trailing slash: created, file named inside.
    const dir = path.join(store, 'new-folder') + path.sep
    const inDir = JSON.parse(
      (await cli(['--data-dir', store, 'pdf', 'PR-2026-0007', '--out', dir])).stdout,
    ) as { path: string }
    expect(path.dirname(inDir.path)).toBe(path.join(store, 'new-folder'))
    expect(path.basename(inDir.path)).toMatch(/^PR-2026-0007 - .+\.pdf$/)
    expect(fs.readFileSync(inDir.path).equals(bytes)).toBe(true)

    const missing = await cli(['--data-dir', store, 'pdf', 'PR-1999-0001'])
    expect(missing.code).toBe(2)
    expect(errorOf(missing).code).toBe('not_found')
  })
})

describe('proposaldesk as a Unix filter', () => {
  it('stops quietly (exit 0, no stack trace) when the reader closes the pipe early', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pd-cli-pipe-'))
    try {
      const env = { ...process.env, PROPOSALDESK_DATA_DIR: dir }
      // Output far larger than a pipe buffer (64 KiB), and a reader that hangs up after a chunk.
      const doc = JSON.parse(fs.readFileSync(fixture, 'utf8')) as InterchangeDocument
      const many = Array.from({ length: 40 }, () =>
        doc.proposals.map(({ id: _id, number: _n, ...rest }) => rest),
      ).flat()
      const big = path.join(dir, 'many.json')
      fs.writeFileSync(big, JSON.stringify({ format: 'proposaldesk/v1', proposals: many }))
      expect((await cli(['import', big], { env })).code).toBe(0)
      const child = spawn(
        'bash',
        ['-c', `set -o pipefail; "${process.execPath}" "${bin}" export | head -c 10 >/dev/null`],
        { cwd: root, env },
      )
      let stderr = ''
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
      const code = await new Promise<number | null>((resolve) => child.on('close', resolve))
      expect(stderr).not.toContain('EPIPE')
      expect(code).toBe(0)
    } finally {
      fs.rmSync(dir, { recursive: true, force: true })
    }
  })
})

describe('proposaldesk errors', () => {
  it('a failure prints exactly one JSON line on stderr; diagnostics go to the log file', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pd-cli-err-'))
    try {
      const env = { ...process.env, PROPOSALDESK_DATA_DIR: dir }
      // Nothing listens on port 1: the sync session fails (and logs a warning).
      const r = await cli(['sync', '--server', 'mysql://rep@127.0.0.1:1/proposaldesk'], { env })
      expect(r.code).toBe(1)
      const lines = r.stderr.trim().split('\n')
      expect(lines).toHaveLength(1)
      const parsed = JSON.parse(lines[0] ?? '') as { error?: { code?: unknown } }
      expect(typeof parsed.error?.code).toBe('string')
    } finally {
      fs.rmSync(dir, { recursive: true, force: true })
    }
  })
})
