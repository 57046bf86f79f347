import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'

/**
 * Write-then-rename with fsync of the file and its directory, so a crash or power cut leaves either
 * the old or the new content, never a torn file (reliability.md case 15).
 */
export function writeFileAtomicSync(
  file: string,
  data: string | Uint8Array,
  opts: { mode?: number } = {},
): void {
  const dir = path.dirname(file)
  fs.mkdirSync(dir, { recursive: true })
  const tmp = path.join(dir, `.${path.basename(file)}.${crypto.randomBytes(6).toString('hex')}.tmp`)
  const fd = fs.openSync(tmp, 'w', opts.mode ?? 0o644)
  try {
    fs.writeFileSync(fd, data)
    fs.fsyncSync(fd)
  } finally {
    fs.closeSync(fd)
  }
  try {
    // openSync's mode is masked by the umask; secrets must end up exactly 0600.
    if (opts.mode !== undefined) fs.chmodSync(tmp, opts.mode)
    fs.renameSync(tmp, file)
  } catch (e) {
    fs.rmSync(tmp, { force: true })
    throw e
  }
  fsyncDir(dir)
}

function fsyncDir(dir: string): void {
  let fd: number | undefined
  try {
    fd = fs.openSync(dir, 'r')
    fs.fsyncSync(fd)
  } catch {
    // Directories cannot be opened for fsync on Windows; the rename is still atomic there.
  } finally {
    if (fd !== undefined) fs.closeSync(fd)
  }
}
