import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

/** The checkout / installed package root (this file lives in src-main/hosts/). */
export const PACKAGE_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..')

export function readAppVersion(root = PACKAGE_ROOT): string {
  try {
    const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as {
      version?: unknown
    }
    return typeof pkg.version === 'string' ? pkg.version : 'dev'
  } catch {
    return 'dev'
  }
}

/** Where `npm run build:web` puts the renderer. */
export const RENDERER_DIST = path.join(PACKAGE_ROOT, 'dist', 'renderer')
