import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')

function newestMtime(dir: string): number {
  let newest = 0
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name)
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(p))
    else newest = Math.max(newest, fs.statSync(p).mtimeMs)
  }
  return newest
}

/** Builds the renderer once per run, and only when its sources are newer than the bundle. */
export default function globalSetup(): void {
  const index = path.join(root, 'dist', 'renderer', 'index.html')
  const built = fs.existsSync(index) ? fs.statSync(index).mtimeMs : 0
  const sources = Math.max(
    newestMtime(path.join(root, 'src-renderer')),
    newestMtime(path.join(root, 'src-shared')),
    fs.statSync(path.join(root, 'vite.config.ts')).mtimeMs,
  )
  if (built > sources && process.env.E2E_REBUILD !== '1') return
  const r = spawnSync('npm', ['run', 'build:web'], { cwd: root, stdio: 'inherit' })
  if (r.status !== 0) throw new Error(`npm run build:web failed (exit ${r.status})`)
}
