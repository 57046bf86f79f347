/**
 * The same pipeline on the calling thread. Only for the benchmark's "inline" comparison and for
 * tools that must not start threads; the app always renders through the pool.
 */
import { AppError } from '../../src-shared/ipc/result.ts'
import type { PdfRenderer } from './pdf-pool.ts'
import { renderModel, renderStats } from './pdf-render.ts'
import { fontAssetsHash } from './typography.ts'

export function createInlineRenderer(): PdfRenderer {
  return {
    async render(req) {
      if (req.signal?.aborted) throw new AppError('cancelled', 'PDF export was cancelled')
      const started = performance.now()
      const { bytes, pages } = await renderModel(req.model, {
        ...(req.onProgress ? { onProgress: req.onProgress } : {}),
      })
      return {
        bytes,
        pages,
        renderMs: performance.now() - started,
        threadId: 0,
        stats: renderStats(),
      }
    },
    fontAssetsHash: () => Promise.resolve(fontAssetsHash()),
    close: () => Promise.resolve(),
  }
}
