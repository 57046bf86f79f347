/**
 * The worker pool end to end: real piscina workers loading the TypeScript task through the
 * .mjs entry (the way vitest and `node --import tsx` both run it).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { AppError } from '../../src-shared/ipc/result.ts'
import { fixtureProposal, fixtureSettings, manyLines } from './pdf-fixtures.ts'
import { toPdfModel } from './pdf-model.ts'
import { createPdfPool, type PdfPool } from './pdf-pool.ts'
import { renderModel } from './pdf-render.ts'
import { pageTexts } from './pdf-test-utils.ts'

process.env.PROPOSALDESK_PDF_TEST_HOOKS = '1'

const model = toPdfModel(fixtureProposal(), fixtureSettings, null)
let pool: PdfPool

beforeAll(() => {
  pool = createPdfPool({ threads: 2, maxOldGenerationSizeMb: 192 })
})
afterAll(async () => {
  await pool.close()
})

describe('PDF worker pool', () => {
  it('renders in a worker thread and returns the same bytes as the main thread', async () => {
    const progress: number[] = []
    const out = await pool.render({ model, onProgress: (p) => progress.push(p) })
    expect(out.threadId).toBeGreaterThan(0)
    expect(out.pages).toBeGreaterThanOrEqual(1)
    expect(pageTexts(out.bytes).join('\n')).toContain('Acme Widgets Ltd')
    const inline = await renderModel(model)
    expect(Buffer.compare(out.bytes, inline.bytes)).toBe(0)
    expect(progress[0]).toBe(0)
  })

  it('parses fonts once per worker: later documents reuse the same faces', async () => {
    const solo = createPdfPool({ threads: 1 })
    try {
      const first = await solo.render({ model })
      const other = toPdfModel(fixtureProposal({ lines: manyLines(30) }), fixtureSettings, null)
      const second = await solo.render({ model: other })
      const third = await solo.render({ model })
      expect(third.threadId).toBe(first.threadId)
      expect(third.stats.documents).toBe(first.stats.documents + 2)
      expect(first.stats.faces).toBeGreaterThan(0)
      expect(third.stats.faces).toBe(second.stats.faces)
      expect(Buffer.compare(first.bytes, third.bytes)).toBe(0)
    } finally {
      await solo.close()
    }
  })

  it('fails a runaway document alone with a clear out-of-memory error', async () => {
    const big = toPdfModel(fixtureProposal({ lines: manyLines(30) }), fixtureSettings, null)
    const [runaway, a, b] = await Promise.allSettled([
      pool.render({ model, testHook: 'runaway-memory' }),
      pool.render({ model: big }),
      pool.render({ model }),
    ])
    expect(runaway.status).toBe('rejected')
    const err = (runaway as PromiseRejectedResult).reason as AppError
    expect(err).toBeInstanceOf(AppError)
    expect(err.message).toMatch(/ran out of memory \(worker limit 192 MB\)/)
    expect(a.status).toBe('fulfilled')
    expect(b.status).toBe('fulfilled')
    // The pool replaced the dead worker and keeps working.
    const after = await pool.render({ model })
    expect(after.pages).toBeGreaterThanOrEqual(1)
  }, 60_000)

  it('cancels a running job and a queued one; others still finish', async () => {
    const running = new AbortController()
    const queued = new AbortController()
    const slow1 = pool.render({ model, testHook: 'slow', signal: running.signal })
    const slow2 = pool.render({ model, testHook: 'slow' })
    const waiting = pool.render({ model, signal: queued.signal })
    await new Promise((r) => setTimeout(r, 300))
    expect(pool.queueSize()).toBeGreaterThanOrEqual(1)
    queued.abort()
    running.abort()
    await expect(slow1).rejects.toMatchObject({ code: 'cancelled' })
    await expect(waiting).rejects.toMatchObject({ code: 'cancelled' })
    await expect(slow2).resolves.toMatchObject({ pages: expect.any(Number) as number })
  }, 60_000)

  it('reports a renderer exception as a failed export, not a crash', async () => {
    await expect(pool.render({ model, testHook: 'throw' })).rejects.toMatchObject({
      code: 'internal',
      message: expect.stringContaining('test hook: renderer failure') as string,
    })
  })
})
