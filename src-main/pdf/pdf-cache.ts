/**
 * Content-addressed PDF store: `<dir>/<key>.pdf`, where key = SHA-256 of everything that shapes
 * the PDF (pdf-model.ts). A manifest records each file's size and SHA-256, so a truncated or
 * tampered file is a miss; files are written atomically; total size is bounded (LRU eviction).
 */
import { createHash, randomBytes } from 'node:crypto'
import fs from 'node:fs'
import fsp from 'node:fs/promises'
import path from 'node:path'

export const DEFAULT_CACHE_MAX_BYTES = 500 * 1024 * 1024
const MANIFEST = 'manifest.json'
const KEY_RE = /^[0-9a-f]{64}$/

export interface PdfCacheEntry {
  key: string
  size: number
  sha256: string
  pages: number
  createdAt: number
  lastAccess: number
}

export interface PdfCacheHit {
  entry: PdfCacheEntry
  path: string
  bytes: Buffer
}

export interface PdfCache {
  readonly dir: string
  isKey(key: string): boolean
  pathFor(key: string): string
  /** Verified read: null when absent, truncated or tampered (the bad file is removed). */
  get(key: string): Promise<PdfCacheHit | null>
  put(key: string, bytes: Uint8Array, meta: { pages: number }): Promise<PdfCacheEntry>
  entries(): PdfCacheEntry[]
  totalBytes(): number
  /** Writes pending last-access times. */
  flush(): Promise<void>
}

export interface PdfCacheOptions {
  dir: string
  maxBytes?: number
  now?: () => number
}

function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex')
}

/** temp file in the same directory + fsync + rename, so readers never see a partial file. */
export async function writeFileAtomic(file: string, data: Uint8Array | string): Promise<void> {
  const tmp = path.join(
    path.dirname(file),
    `.${path.basename(file)}.${randomBytes(6).toString('hex')}.tmp`,
  )
  const handle = await fsp.open(tmp, 'w', 0o644)
  try {
    await handle.writeFile(data)
    await handle.sync()
  } finally {
    await handle.close()
  }
  try {
    await renameWithRetry(tmp, file)
  } catch (err) {
    await fsp.rm(tmp, { force: true })
    throw err
  }
}

async function renameWithRetry(from: string, to: string): Promise<void> {
  // Windows: a virus scanner or viewer holding the file briefly makes rename fail with EPERM/EBUSY.
  for (let attempt = 0; ; attempt++) {
    try {
      await fsp.rename(from, to)
      return
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code
      if (attempt >= 5 || (code !== 'EPERM' && code !== 'EBUSY' && code !== 'EACCES')) throw err
      await new Promise((r) => setTimeout(r, 20 * 2 ** attempt))
    }
  }
}

export function openPdfCache(opts: PdfCacheOptions): PdfCache {
  const dir = opts.dir
  const maxBytes = opts.maxBytes ?? DEFAULT_CACHE_MAX_BYTES
  const now = opts.now ?? Date.now
  fs.mkdirSync(dir, { recursive: true })
  const manifestFile = path.join(dir, MANIFEST)
  const entries = new Map<string, PdfCacheEntry>()
  loadManifest()
  // Strictly increasing access stamps: LRU order stays exact even within one millisecond.
  let lastStamp = [...entries.values()].reduce((m, e) => Math.max(m, e.lastAccess), 0)
  const stamp = (): number => (lastStamp = Math.max(now(), lastStamp + 1))
  let dirty = false
  let flushTimer: NodeJS.Timeout | null = null
  let writing: Promise<void> = Promise.resolve()

  function loadManifest(): void {
    try {
      const raw = JSON.parse(fs.readFileSync(manifestFile, 'utf8')) as { entries?: unknown }
      if (Array.isArray(raw.entries)) {
        for (const e of raw.entries as PdfCacheEntry[]) {
          if (e && typeof e.key === 'string' && KEY_RE.test(e.key) && Number.isFinite(e.size)) {
            entries.set(e.key, e)
          }
        }
      }
    } catch {
      // No or unreadable manifest: every file is unverifiable, so start empty.
    }
    // Leftovers from a crash: temp files, and PDFs the manifest cannot vouch for.
    for (const name of fs.readdirSync(dir)) {
      if (name === MANIFEST) continue
      const key = name.endsWith('.pdf') ? name.slice(0, -4) : null
      if (key === null || !entries.has(key)) fs.rmSync(path.join(dir, name), { force: true })
    }
  }

  function persist(): Promise<void> {
    dirty = false
    const snapshot = JSON.stringify({ version: 1, entries: [...entries.values()] })
    writing = writing.then(
      () => writeFileAtomic(manifestFile, snapshot),
      () => writeFileAtomic(manifestFile, snapshot),
    )
    return writing
  }

  function scheduleFlush(): void {
    dirty = true
    if (flushTimer) return
    flushTimer = setTimeout(() => {
      flushTimer = null
      if (dirty) void persist().catch(() => {})
    }, 1_000)
    flushTimer.unref()
  }

  const pathFor = (key: string): string => {
    if (!KEY_RE.test(key)) throw new RangeError(`Not a PDF cache key: ${key}`)
    return path.join(dir, `${key}.pdf`)
  }

  async function drop(key: string): Promise<void> {
    entries.delete(key)
    await fsp.rm(pathFor(key), { force: true })
    await persist()
  }

  function total(): number {
    let sum = 0
    for (const e of entries.values()) sum += e.size
    return sum
  }

  async function evict(keep: string): Promise<void> {
    let size = total()
    if (size <= maxBytes) return
    const byAge = [...entries.values()].sort((a, b) => a.lastAccess - b.lastAccess)
    for (const e of byAge) {
      if (size <= maxBytes) break
      if (e.key === keep) continue
      entries.delete(e.key)
      size -= e.size
      await fsp.rm(pathFor(e.key), { force: true })
    }
  }

  return {
    dir,
    isKey: (key) => KEY_RE.test(key),
    pathFor,
    async get(key) {
      if (!KEY_RE.test(key)) return null
      const entry = entries.get(key)
      if (!entry) return null
      const file = pathFor(key)
      let bytes: Buffer
      try {
        bytes = await fsp.readFile(file)
      } catch {
        await drop(key)
        return null
      }
      if (bytes.length !== entry.size || sha256(bytes) !== entry.sha256) {
        await drop(key)
        return null
      }
      entry.lastAccess = stamp()
      scheduleFlush()
      return { entry: { ...entry }, path: file, bytes }
    },
    async put(key, bytes, meta) {
      const file = pathFor(key)
      await writeFileAtomic(file, bytes)
      const t = stamp()
      const entry: PdfCacheEntry = {
        key,
        size: bytes.byteLength,
        sha256: sha256(bytes),
        pages: meta.pages,
        createdAt: t,
        lastAccess: t,
      }
      entries.set(key, entry)
      await evict(key)
      await persist()
      return { ...entry }
    },
    entries: () => [...entries.values()].map((e) => ({ ...e })),
    totalBytes: total,
    async flush() {
      if (flushTimer) {
        clearTimeout(flushTimer)
        flushTimer = null
      }
      if (dirty) await persist()
      await writing
    },
  }
}
