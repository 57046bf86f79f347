/**
 * Worker pool for PDF rendering (piscina). Sized from the available cores, one heap limit per
 * worker so a runaway document kills only its own thread, cancellable jobs, progress relayed
 * from the worker over a MessagePort. Created lazily: apps that never export start no threads.
 */
import os from 'node:os'
import { MessageChannel } from 'node:worker_threads'
import { Piscina } from 'piscina'
import { AppError } from '../../src-shared/ipc/result.ts'
import type { PdfModel } from './pdf-model.ts'
import type { RenderStats } from './pdf-render.ts'
import type { FontHashJob, PdfJob, PdfJobResult, PdfProgressMessage } from './pdf.worker.ts'

export const DEFAULT_WORKER_HEAP_MB = 768

export interface PdfRenderRequest {
  model: PdfModel
  signal?: AbortSignal
  /** Called with the worker's rendering progress (0..1). */
  onProgress?: (progress: number) => void
  testHook?: PdfJob['testHook']
}

export interface PdfRenderOutput {
  bytes: Buffer
  pages: number
  renderMs: number
  threadId: number
  /** The rendering thread's counters after this job. */
  stats: RenderStats
}

/** What the service needs from a renderer (the pool, or the inline renderer in the benchmark). */
export interface PdfRenderer {
  render(req: PdfRenderRequest): Promise<PdfRenderOutput>
  /** Hash of the bundled font files (part of the cache key), computed where the fonts load. */
  fontAssetsHash(): Promise<string>
  close(): Promise<void>
}

export interface PdfPoolOptions {
  threads?: number
  maxOldGenerationSizeMb?: number
  /** Idle time before extra workers exit (the first one stays warm). */
  idleTimeoutMs?: number
  /**
   * The worker entry. Default `./pdf.worker.mjs` next to this module: in development that is the
   * small loader that compiles pdf.worker.ts with tsx; in a bundled build (main at
   * dist/electron/main.mjs) it is `dist/electron/pdf.worker.mjs`, bundled from pdf.worker.ts.
   */
  workerFile?: string | URL
}

export interface PdfPool extends PdfRenderer {
  readonly threads: number
  readonly maxOldGenerationSizeMb: number
  /** Jobs waiting for a free worker. */
  queueSize(): number
  /** Starts the workers now instead of on the first job. */
  warmup(): void
}

export function defaultPoolSize(): number {
  // Keep one core for the main thread when there are several.
  return Math.max(1, os.availableParallelism() - 1)
}

function isAbort(err: unknown, signal?: AbortSignal): boolean {
  return (
    signal?.aborted === true ||
    (err instanceof Error && (err.name === 'AbortError' || /aborted/i.test(err.message)))
  )
}

export function toRenderError(err: unknown, heapMb: number, signal?: AbortSignal): AppError {
  if (err instanceof AppError) return err
  if (isAbort(err, signal)) return new AppError('cancelled', 'PDF export was cancelled')
  const code = (err as { code?: unknown } | null)?.code
  const message = err instanceof Error ? err.message : String(err)
  if (code === 'ERR_WORKER_OUT_OF_MEMORY' || /out of memory/i.test(message)) {
    return new AppError(
      'internal',
      `PDF rendering ran out of memory (worker limit ${heapMb} MB); the document is too large to render`,
      { reason: 'out_of_memory' },
    )
  }
  return new AppError('internal', `PDF rendering failed: ${message}`)
}

export function createPdfPool(opts: PdfPoolOptions = {}): PdfPool {
  const threads = Math.max(1, Math.floor(opts.threads ?? defaultPoolSize()))
  const heapMb = opts.maxOldGenerationSizeMb ?? DEFAULT_WORKER_HEAP_MB
  let piscina: Piscina | null = null
  let closed = false
  let fontsHash: Promise<string> | null = null

  const pool = (): Piscina => {
    if (closed) throw new AppError('unavailable', 'PDF renderer is shut down')
    piscina ??= new Piscina({
      filename: String(opts.workerFile ?? new URL('./pdf.worker.mjs', import.meta.url).href),
      minThreads: 1,
      maxThreads: threads,
      idleTimeout: opts.idleTimeoutMs ?? 60_000,
      // One job per worker at a time: rendering is CPU-bound and memory-heavy.
      concurrentTasksPerWorker: 1,
      // A larger young generation means fewer scavenges: pdfmake allocates many short-lived objects.
      resourceLimits: { maxOldGenerationSizeMb: heapMb, maxYoungGenerationSizeMb: 48 },
    })
    return piscina
  }

  return {
    threads,
    maxOldGenerationSizeMb: heapMb,
    queueSize: () => piscina?.queueSize ?? 0,
    warmup() {
      pool()
    },
    fontAssetsHash() {
      fontsHash ??= (
        pool().run({ kind: 'font-assets-hash' } satisfies FontHashJob) as Promise<string>
      ).catch((err: unknown) => {
        fontsHash = null
        throw toRenderError(err, heapMb)
      })
      return fontsHash
    },
    async render(req) {
      if (req.signal?.aborted) throw new AppError('cancelled', 'PDF export was cancelled')
      const channel = new MessageChannel()
      channel.port1.on('message', (msg: PdfProgressMessage) => req.onProgress?.(msg.progress))
      const job: PdfJob = {
        model: req.model,
        port: channel.port2,
        ...(req.testHook ? { testHook: req.testHook } : {}),
      }
      try {
        const result = (await pool().run(job, {
          transferList: [channel.port2],
          ...(req.signal ? { signal: req.signal } : {}),
        })) as PdfJobResult
        return {
          bytes: Buffer.from(result.bytes),
          pages: result.pages,
          renderMs: result.renderMs,
          threadId: result.threadId,
          stats: result.stats,
        }
      } catch (err) {
        throw toRenderError(err, heapMb, req.signal)
      } finally {
        channel.port1.close()
      }
    },
    async close() {
      closed = true
      const p = piscina
      piscina = null
      if (p) await p.destroy()
    },
  }
}
