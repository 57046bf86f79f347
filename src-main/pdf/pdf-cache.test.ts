import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { openPdfCache } from './pdf-cache.ts'

const dirs: string[] = []
function tempDir(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'pd-cache-'))
  dirs.push(d)
  return d
}
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true })
})

const key = (n: number): string => n.toString(16).padStart(64, '0')
const pdf = (size: number, fill = 1): Buffer => Buffer.alloc(size, fill)

describe('PDF cache', () => {
  it('stores atomically under <key>.pdf with no temp files left and verifies on read', async () => {
    const dir = tempDir()
    const cache = openPdfCache({ dir })
    const entry = await cache.put(key(1), pdf(1000), { pages: 2 })
    expect(entry).toMatchObject({ size: 1000, pages: 2 })
    expect(fs.readdirSync(dir).sort()).toEqual([`${key(1)}.pdf`, 'manifest.json'])
    const hit = await cache.get(key(1))
    expect(hit?.bytes.length).toBe(1000)
    expect(hit?.path).toBe(path.join(dir, `${key(1)}.pdf`))
    expect(await cache.get(key(2))).toBeNull()
  })

  it('treats a truncated or tampered file as a miss and removes it', async () => {
    const cache = openPdfCache({ dir: tempDir() })
    await cache.put(key(1), pdf(1000), { pages: 1 })
    await cache.put(key(2), pdf(1000), { pages: 1 })
    fs.truncateSync(cache.pathFor(key(1)), 500)
    const tampered = pdf(1000)
    tampered[10] = 9
    fs.writeFileSync(cache.pathFor(key(2)), tampered)
    expect(await cache.get(key(1))).toBeNull()
    expect(await cache.get(key(2))).toBeNull()
    expect(fs.existsSync(cache.pathFor(key(1)))).toBe(false)
    expect(cache.entries()).toEqual([])
  })

  it('evicts the least recently used entries when over the size bound', async () => {
    const cache = openPdfCache({ dir: tempDir(), maxBytes: 3000 })
    await cache.put(key(1), pdf(1000), { pages: 1 })
    await cache.put(key(2), pdf(1000), { pages: 1 })
    await cache.put(key(3), pdf(1000), { pages: 1 })
    expect(await cache.get(key(1))).not.toBeNull() // 1 is now more recent than 2
    await cache.put(key(4), pdf(1000), { pages: 1 })
    expect(
      cache
        .entries()
        .map((e) => e.key)
        .sort(),
    ).toEqual([key(1), key(3), key(4)])
    expect(fs.existsSync(cache.pathFor(key(2)))).toBe(false)
    expect(cache.totalBytes()).toBe(3000)
  })

  it('keeps entries and access order across reopen; drops files the manifest cannot vouch for', async () => {
    const dir = tempDir()
    const cache = openPdfCache({ dir })
    await cache.put(key(1), pdf(100), { pages: 1 })
    await cache.put(key(2), pdf(100), { pages: 3 })
    await cache.get(key(1))
    await cache.flush()
    fs.writeFileSync(path.join(dir, `${key(9)}.pdf`), pdf(10))
    fs.writeFileSync(path.join(dir, `.${key(9)}.pdf.abc.tmp`), pdf(10))
    const reopened = openPdfCache({ dir })
    expect(
      reopened
        .entries()
        .map((e) => e.key)
        .sort(),
    ).toEqual([key(1), key(2)])
    expect((await reopened.get(key(2)))?.entry.pages).toBe(3)
    expect(fs.existsSync(path.join(dir, `${key(9)}.pdf`))).toBe(false)
    expect(fs.readdirSync(dir).some((f) => f.endsWith('.tmp'))).toBe(false)
  })

  it('rejects anything that is not a key (no path traversal)', async () => {
    const cache = openPdfCache({ dir: tempDir() })
    expect(await cache.get('../../etc/passwd')).toBeNull()
    expect(() => cache.pathFor('../x')).toThrow(RangeError)
  })

  it('verifies a 1 MB hit in a few milliseconds', async () => {
    const cache = openPdfCache({ dir: tempDir() })
    await cache.put(key(1), pdf(1024 * 1024), { pages: 1 })
    const t = performance.now()
    for (let i = 0; i < 10; i++) expect(await cache.get(key(1))).not.toBeNull()
    expect((performance.now() - t) / 10).toBeLessThan(20)
  })
})
