import { spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')

export interface BrowserHost {
  /** `http://127.0.0.1:PORT/?token=…` as printed by `proposaldesk serve`. */
  url: string
  dataDir: string
  stderr: () => string
  stop(): Promise<void>
}

/**
 * Starts the real browser host on a fresh data directory: `proposaldesk serve --port 0` prints its
 * URL (token included) as the first stdout line.
 */
export async function startBrowserHost(
  opts: { env?: Record<string, string> } = {},
): Promise<BrowserHost> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pd-e2e-'))
  const child: ChildProcess = spawn(
    process.execPath,
    [path.join(root, 'bin', 'proposaldesk.mjs'), 'serve', '--data-dir', dataDir, '--port', '0'],
    { cwd: root, env: { ...process.env, ...opts.env }, stdio: ['ignore', 'pipe', 'pipe'] },
  )
  let stderr = ''
  child.stderr?.setEncoding('utf8')
  child.stderr?.on('data', (d: string) => {
    stderr += d
  })

  const url = await new Promise<string>((resolve, reject) => {
    let out = ''
    const timer = setTimeout(
      () => reject(new Error(`serve printed no URL within 60 s\n${stderr}`)),
      60_000,
    )
    child.stdout?.setEncoding('utf8')
    child.stdout?.on('data', (d: string) => {
      out += d
      const nl = out.indexOf('\n')
      if (nl >= 0) {
        clearTimeout(timer)
        const line = out.slice(0, nl).trim()
        if (/^http:\/\/127\.0\.0\.1:\d+\/\?token=/.test(line)) resolve(line)
        else reject(new Error(`unexpected first line from serve: ${line}\n${stderr}`))
      }
    })
    child.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`serve exited with ${code} before printing its URL\n${stderr}`))
    })
  })

  return {
    url,
    dataDir,
    stderr: () => stderr,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
        child.kill('SIGTERM')
        const timeout = new Promise<'timeout'>((resolve) =>
          setTimeout(() => resolve('timeout'), 10_000),
        )
        if ((await Promise.race([exited, timeout])) === 'timeout') child.kill('SIGKILL')
      }
      fs.rmSync(dataDir, { recursive: true, force: true })
    },
  }
}
