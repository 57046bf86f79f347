#!/usr/bin/env node
// `npm start`: build the interface when needed, then open the desktop window when Electron is
// installed, else serve the same app in the browser on 127.0.0.1 and say why.
//
//   npm start [-- --data-dir DIR] [--port N] [--browser]
import { spawn, spawnSync } from 'node:child_process'
import fs from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const require = createRequire(import.meta.url)

function fail(message) {
  console.error(`ProposalDesk could not start: ${message}`)
  process.exit(1)
}

function parseArgs(argv) {
  const out = { dataDir: undefined, port: undefined, browser: false }
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]
    const value = (name) => {
      if (a.startsWith(`${name}=`)) return a.slice(name.length + 1)
      const v = argv[++i]
      if (v === undefined) fail(`${name} needs a value`)
      return v
    }
    if (a === '--data-dir' || a.startsWith('--data-dir='))
      out.dataDir = path.resolve(value('--data-dir'))
    else if (a === '--port' || a.startsWith('--port=')) {
      const p = value('--port')
      if (!/^\d+$/.test(p) || Number(p) > 65535) fail('--port must be a number from 0 to 65535')
      out.port = Number(p)
    } else if (a === '--browser') out.browser = true
    else fail(`unknown option ${a} (options: --data-dir DIR, --port N, --browser)`)
  }
  return out
}

function newestMtime(target) {
  let newest = 0
  const walk = (p) => {
    let st
    try {
      st = fs.statSync(p)
    } catch {
      return
    }
    if (st.isDirectory()) {
      for (const name of fs.readdirSync(p)) if (name !== 'node_modules') walk(path.join(p, name))
    } else newest = Math.max(newest, st.mtimeMs)
  }
  walk(target)
  return newest
}

/** Runs `vite build` when dist/renderer/index.html is missing or older than its sources. */
function ensureRendererBuilt() {
  const index = path.join(root, 'dist', 'renderer', 'index.html')
  const sources = ['src-renderer', 'src-shared', 'vite.config.ts'].map((p) => path.join(root, p))
  const built = fs.existsSync(index) ? fs.statSync(index).mtimeMs : 0
  if (built > 0 && built >= Math.max(...sources.map(newestMtime))) return
  console.error(
    built ? 'The interface changed; rebuilding it…' : 'Building the interface (first start)…',
  )
  const vite = path.join(path.dirname(require.resolve('vite/package.json')), 'bin', 'vite.js')
  const r = spawnSync(
    process.execPath,
    [vite, 'build', '--config', 'vite.config.ts', '--logLevel', 'warn'],
    {
      cwd: root,
      stdio: 'inherit',
    },
  )
  if (r.status !== 0) fail('building the interface failed (see the messages above)')
}

/** The Electron binary when the package resolves AND its download succeeded; else a reason. */
function findElectron() {
  let binary
  try {
    binary = require('electron')
  } catch {
    return {
      binary: null,
      why: 'Electron is not installed on this machine (its binary could not be downloaded)',
    }
  }
  if (typeof binary !== 'string' || !fs.existsSync(binary)) {
    return {
      binary: null,
      why: 'Electron is not installed on this machine (its binary could not be downloaded)',
    }
  }
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
    return { binary: null, why: 'There is no graphical display on this machine' }
  }
  return { binary, why: null }
}

/** Bundles the Electron main process, the PDF worker and the sandboxed preload to dist/electron/. */
async function buildElectron() {
  const esbuild = await import('esbuild')
  const outdir = path.join(root, 'dist', 'electron')
  const common = { bundle: true, sourcemap: true, logLevel: 'warning', absWorkingDir: root }
  await esbuild.build({
    ...common,
    entryPoints: { main: 'src-main/electron/main.ts', 'pdf.worker': 'src-main/pdf/pdf.worker.ts' },
    outdir,
    outExtension: { '.js': '.mjs' },
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
  })
  // A sandboxed preload can require only 'electron': everything else is inlined.
  await esbuild.build({
    ...common,
    entryPoints: ['src-main/electron/preload.ts'],
    outfile: path.join(outdir, 'preload.cjs'),
    platform: 'browser',
    format: 'cjs',
    target: 'chrome120',
    external: ['electron'],
  })
}

async function runBrowserHost(opts, why) {
  const { register } = await import('tsx/esm/api')
  register()
  const { startHttpHost } = await import('../src-main/hosts/http-host.ts')
  const { resolveDataDir } = await import('../src-main/settings/data-dir.ts')
  const dataDir = resolveDataDir({ flag: opts.dataDir })
  const note = opts.browser
    ? 'The desktop window was not requested (--browser), so ProposalDesk runs in your browser.'
    : `${why}, so ProposalDesk runs in your browser instead.`
  const host = await startHttpHost({ dataDir, port: opts.port, hostNote: note })
  console.log(
    opts.browser
      ? `ProposalDesk runs in your browser: open ${host.url}`
      : `${why}, so ProposalDesk runs in your browser instead: open ${host.url}`,
  )
  console.log(`Data directory: ${dataDir}. Press Ctrl+C to stop.`)
  const stop = () => {
    host.close().then(
      () => process.exit(0),
      () => process.exit(1),
    )
  }
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
}

const opts = parseArgs(process.argv.slice(2))
ensureRendererBuilt()
const electron = opts.browser ? { binary: null, why: null } : findElectron()
if (electron.binary) {
  await buildElectron()
  const args = [root, ...(opts.dataDir ? ['--data-dir', opts.dataDir] : [])]
  const child = spawn(electron.binary, args, { cwd: root, stdio: 'inherit' })
  child.on('exit', (code) => process.exit(code ?? 0))
  for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig))
} else {
  await runBrowserHost(opts, electron.why)
}
