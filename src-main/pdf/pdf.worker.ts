/**
 * Piscina task: PdfModel in, PDF bytes out (transferred, not copied). Runs in a worker thread;
 * fonts and parsed fonts stay cached in this thread between jobs (pdf-render.ts module state).
 */
import { threadId, type MessagePort } from 'node:worker_threads'
import { move, transferableSymbol, valueSymbol } from 'piscina'
import type { PdfModel } from './pdf-model.ts'
import { renderModel, renderStats, type RenderStats } from './pdf-render.ts'
import { fontAssetsHash } from './typography.ts'

/** Hashing the bundled font files (many MB) is done here, off the main thread. */
export interface FontHashJob {
  kind: 'font-assets-hash'
}

export interface PdfJob {
  kind?: 'render'
  model: PdfModel
  /** Receives `{ phase: 'rendering', progress }` messages while the job runs. */
  port?: MessagePort
  /** Test-only fault injection; honoured only with PROPOSALDESK_PDF_TEST_HOOKS=1. */
  testHook?: 'runaway-memory' | 'throw' | 'slow'
}

export interface PdfJobResult {
  bytes: ArrayBuffer
  pages: number
  renderMs: number
  threadId: number
  stats: RenderStats
}

export interface PdfProgressMessage {
  phase: 'rendering'
  progress: number
}

async function runTestHook(hook: PdfJob['testHook']): Promise<void> {
  if (!hook || process.env.PROPOSALDESK_PDF_TEST_HOOKS !== '1') return
  if (hook === 'throw') throw new Error('test hook: renderer failure')
  if (hook === 'slow') await new Promise((r) => setTimeout(r, 1_500))
  if (hook === 'runaway-memory') {
    const hog: number[][] = []
    for (;;) hog.push(new Array<number>(4_000_000).fill(1.5))
  }
}

/** A fresh ArrayBuffer holding exactly the bytes (pdfkit's Buffer may be a view into a pool). */
function ownArrayBuffer(bytes: Uint8Array): ArrayBuffer {
  if (bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength) {
    if (bytes.buffer instanceof ArrayBuffer) return bytes.buffer
  }
  const copy = new ArrayBuffer(bytes.byteLength)
  new Uint8Array(copy).set(bytes)
  return copy
}

export default async function renderPdfJob(job: PdfJob | FontHashJob): Promise<unknown> {
  if (job.kind === 'font-assets-hash') return fontAssetsHash()
  const started = performance.now()
  let lastSent = -1
  const post = (progress: number): void => {
    // pdfmake reports per rendered item; a tenth is plenty for a progress bar.
    const step = Math.floor(progress * 10)
    if (step === lastSent) return
    lastSent = step
    job.port?.postMessage({ phase: 'rendering', progress } satisfies PdfProgressMessage)
  }
  try {
    post(0)
    await runTestHook(job.testHook)
    const { bytes, pages } = await renderModel(job.model, { onProgress: post })
    const buffer = ownArrayBuffer(bytes)
    const result: PdfJobResult = {
      bytes: buffer,
      pages,
      renderMs: performance.now() - started,
      threadId,
      stats: renderStats(),
    }
    // Transfer the bytes to the main thread instead of copying them.
    return move({ [transferableSymbol]: [buffer], [valueSymbol]: result })
  } finally {
    job.port?.close()
  }
}
