/**
 * `npm start` where Electron is not installed (as on our build machines): it must fall back to the
 * browser host, say why, and print a URL with the token that serves the app.
 */
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import http from 'node:http'
import os from 'node:os'
import path from 'node:path'
import readline from 'node:readline'
import { fileURLToPath } from 'node:url'
import { createRequire } from 'node:module'
import { expect, it } from 'vitest'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..')

function electronBinaryInstalled(): boolean {
  try {
    const binary = createRequire(import.meta.url)('electron') as unknown
    return typeof binary === 'string' && fs.existsSync(binary)
  } catch {
    return false
  }
}

function get(url: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, (res) => {
        let body = ''
        res.on('data', (c: Buffer) => (body += c.toString()))
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }))
      })
      .on('error', reject)
  })
}

it.skipIf(electronBinaryInstalled())(
  'npm start falls back to the browser host with a reason and a tokened URL that serves the app',
  async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pd-start-'))
    const child = spawn(
      process.execPath,
      [path.join(root, 'bin', 'start.mjs'), '--data-dir', dataDir, '--port', '0'],
      { cwd: root, env: { ...process.env, PROPOSALDESK_DATA_DIR: '' } },
    )
    try {
      const lines = readline.createInterface({ input: child.stdout })
      const first = await new Promise<string>((resolve, reject) => {
        lines.once('line', resolve)
        child.once('exit', (code) => reject(new Error(`npm start exited early (${String(code)})`)))
      })
      expect(first).toMatch(
        /^Electron is not installed on this machine \(its binary could not be downloaded\), so ProposalDesk runs in your browser instead: open http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+$/,
      )
      const url = first.slice(first.indexOf('http://'))
      const page = await get(url)
      expect(page.status).toBe(200)
      expect(page.body).toContain('<div id="root">')
      // Without the token the host refuses.
      expect((await get(url.replace(/\?token=.*/, ''))).status).toBe(401)
      // First start created the local store in the data directory.
      expect(fs.existsSync(path.join(dataDir, 'proposaldesk.sqlite'))).toBe(true)
    } finally {
      child.kill('SIGTERM')
      await new Promise((r) => child.once('exit', r))
      fs.rmSync(dataDir, { recursive: true, force: true })
    }
  },
  180_000,
)
