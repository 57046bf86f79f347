#!/usr/bin/env node
// `npm run typecheck`: the Node and web projects always; the Electron adapter only where the
// `electron` package (and so its types) is installed — it is an optional dependency whose binary
// download is blocked on build and CI machines.
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const require = createRequire(import.meta.url)
const tsc = path.join(path.dirname(require.resolve('typescript/package.json')), 'bin', 'tsc')

function check(project) {
  console.log(`tsc -p ${project}`)
  return (
    spawnSync(process.execPath, [tsc, '-p', project], { cwd: root, stdio: 'inherit' }).status === 0
  )
}

let ok = check('tsconfig.node.json')
ok = check('tsconfig.web.json') && ok

let electronTypes = null
try {
  electronTypes = path.join(path.dirname(require.resolve('electron/package.json')), 'electron.d.ts')
} catch {
  electronTypes = null
}
if (electronTypes && fs.existsSync(electronTypes)) {
  ok = check('tsconfig.electron.json') && ok
} else {
  console.log(
    'Skipped tsconfig.electron.json (main.ts, preload.ts, electron-ports.ts): the optional ' +
      "`electron` package is not installed here, so its types are missing. The adapter's " +
      'electron-free core (ipc-bridge.ts, security.ts) was checked with tsconfig.node.json.',
  )
}
process.exit(ok ? 0 : 1)
