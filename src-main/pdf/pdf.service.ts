import { createHash, randomBytes, randomUUID } from 'node:crypto'
import fs from 'node:fs'
import fsp from 'node:fs/promises'
import path from 'node:path'
import type { EventMap } from '../../src-shared/ipc/events.ts'
import type { PdfExportResult } from '../../src-shared/ipc/contract.ts'
import { AppError } from '../../src-shared/ipc/result.ts'
import type { EventBus } from '../app/event-bus.ts'
import type { AppConfig, Ports } from '../app/ports.ts'
import type { LogoAsset, Services } from '../services/index.ts'
import { DEFAULT_CACHE_MAX_BYTES, openPdfCache, type PdfCache } from './pdf-cache.ts'
import { pdfCacheKey, toPdfModel, userStrings, type PdfModel } from './pdf-model.ts'
import { createPdfPool, type PdfRenderer } from './pdf-pool.ts'
import {
  findMissingGlyphs,
  normalizeLogo,
  type MissingGlyph,
  type NormalizedLogo,
} from './typography.ts'

export interface PdfServiceDeps {
  config: AppConfig
  ports: Ports
  events: EventBus
  services: Services
  /** Activity timeline: user-facing exports are recorded as `exported`. */
  activity?: {
    record(proposalId: string, kind: string, data?: Record<string, unknown>): void
  } | null
}

export interface PdfServiceStats {
  /** Renders actually performed (cache misses that reached a renderer). */
  renders: number
  /** Exports answered from the cache without rendering. */
  hits: number
  /** Exports that joined a render already in flight for the same key. */
  coalesced: number
}

export interface PdfService {
  /** Returns the cached PDF for the proposal's current content, rendering it only when needed. */
  /** `record: false` for internal uses (email attachment, preview, open) that are not an export
   * the user asked for; those are not written to the activity timeline. */
  export(proposalId: string, opts?: { force?: boolean; record?: boolean }): Promise<PdfExportResult>
  /** Bytes of a cached PDF by key (for the HTTP host download, the mailer). */
  readCached(key: string): Promise<Buffer | null>
  /**
   * Absolute path of a user-facing copy named "<number> - <client>.pdf" under `<dataDir>/exports`
   * holding the proposal's current PDF (exports if needed). This is what "Open" and "Reveal" show.
   */
  pathFor(proposalId: string): Promise<string>
  /** The current PDF's bytes (exports if needed), for the in-app preview. */
  bytesFor(proposalId: string): Promise<{ bytes: Buffer; key: string; pages: number }>
  /** Characters of the proposal no bundled font can draw — known before any export, no render. */
  missingGlyphs(proposalId: string): MissingGlyph[]
  cancel(proposalId: string): boolean
  close(): Promise<void>
  /** Counters for tests and diagnostics. */
  stats(): PdfServiceStats
}

export interface PdfServiceOptions {
  /** Defaults to the worker pool (config.pdfWorkers threads). */
  renderer?: PdfRenderer
  cacheDir?: string
  /** Default: settings key `pdf.cacheMaxMb`, else 500 MB. */
  cacheMaxBytes?: number
}

/** "<number> - <client>.pdf", safe on Windows/macOS/Linux, Unicode kept. */
export function exportFileName(number: string, clientName: string | null | undefined): string {
  const clean = (s: string): string =>
    s
      .normalize('NFC')
      // Path separators, characters Windows forbids, control and bidi-override characters.
      .replace(/[\\/:*?"<>|\p{Cc}\u202a-\u202e\u2066-\u2069]/gu, ' ')
      .replace(/\s+/g, ' ')
      .trim()
  const parts = [clean(number), clean(clientName ?? '')].filter((p) => p !== '')
  let base = parts.join(' - ') || 'proposal'
  // Stay well under the 255-byte file name limit of common file systems.
  while (Buffer.byteLength(base, 'utf8') > 180) base = [...base].slice(0, -1).join('')
  base = base.replace(/[. ]+$/, '')
  if (/^(con|prn|aux|nul|com\d|lpt\d)$/i.test(base)) base = `_${base}`
  return `${base || 'proposal'}.pdf`
}

/**
 * Places `source` at `target` atomically: a hard link when the file system allows it (no extra
 * space), else a copy. An existing target with the same content is left alone.
 */
async function placeExport(source: string, target: string, sha256: string): Promise<void> {
  const [src, dst] = await Promise.all([fsp.stat(source), fsp.stat(target).catch(() => null)])
  if (dst && dst.ino === src.ino && dst.dev === src.dev) return
  if (dst?.size === src.size) {
    const hash = createHash('sha256')
      .update(await fsp.readFile(target))
      .digest('hex')
    if (hash === sha256) return
  }
  await fsp.mkdir(path.dirname(target), { recursive: true })
  const tmp = path.join(path.dirname(target), `.export-${randomBytes(6).toString('hex')}.tmp`)
  try {
    try {
      await fsp.link(source, tmp)
    } catch {
      // Another volume, or a file system without hard links (FAT, some network shares).
      await fsp.copyFile(source, tmp, fs.constants.COPYFILE_FICLONE)
    }
    await fsp.rename(tmp, target)
  } catch (err) {
    await fsp.rm(tmp, { force: true })
    throw err
  }
}

interface RenderOutcome {
  key: string
  pages: number
  bytes: number
  sha256: string
}

type Phase = EventMap['pdf.progress']['phase']

export function createPdfService(deps: PdfServiceDeps, opts: PdfServiceOptions = {}): PdfService {
  const { config, ports, events, services } = deps
  const renderer =
    opts.renderer ?? createPdfPool(config.pdfWorkers ? { threads: config.pdfWorkers } : {})
  let cache: PdfCache | null = null
  const getCache = (): PdfCache => {
    if (cache) return cache
    const configured = ports.settings.get('pdf.cacheMaxMb')
    const maxBytes =
      opts.cacheMaxBytes ??
      (typeof configured === 'number' && configured > 0
        ? configured * 1024 * 1024
        : DEFAULT_CACHE_MAX_BYTES)
    cache = openPdfCache({ dir: opts.cacheDir ?? path.join(config.dataDir, 'pdf-cache'), maxBytes })
    return cache
  }
  const inflight = new Map<string, Promise<RenderOutcome>>()
  const controllers = new Map<string, Set<AbortController>>()
  const counters: PdfServiceStats = { renders: 0, hits: 0, coalesced: 0 }
  let logoMemo: { hash: string; logo: NormalizedLogo } | null = null

  // Building the model and its key is synchronous work on the main thread (a few ms for hundreds of
  // lines). Exports take turns, one per event-loop iteration, so a burst of twenty cannot stall
  // the loop in one long block (immediates queued together would all run in the same phase).
  let turns: Promise<void> = Promise.resolve()
  const nextTurn = (): Promise<void> => {
    const turn = turns.then(() => new Promise<void>((resolve) => setImmediate(resolve)))
    turns = turn
    return turn
  }

  function emit(
    proposalId: string,
    jobId: string,
    phase: Phase,
    progress: number,
    message?: string,
  ) {
    events.emit('pdf.progress', {
      proposalId,
      jobId,
      phase,
      progress,
      ...(message ? { message } : {}),
    })
  }

  function currentLogo(asset: LogoAsset | null): NormalizedLogo | null {
    if (!asset) return null
    const hash = createHash('sha256').update(asset.mime).update(asset.bytes).digest('hex')
    if (logoMemo?.hash !== hash) {
      try {
        logoMemo = { hash, logo: normalizeLogo(asset.bytes, asset.mime) }
      } catch (err) {
        // A logo that cannot be drawn must not block the export; the upload path rejects these.
        ports.logger.warn('pdf: logo skipped', { error: String(err) })
        return null
      }
    }
    return logoMemo.logo
  }

  function prepare(
    proposalId: string,
    fontsHash: string,
  ): {
    model: PdfModel
    key: string
    fileName: string
    missingGlyphs: MissingGlyph[]
  } {
    const proposal = services.proposals.get(proposalId)
    const settings = services.settings.get()
    const model = toPdfModel(proposal, settings, currentLogo(services.settings.getLogo()))
    const key = pdfCacheKey(model, { fontsHash })
    return {
      model,
      key,
      fileName: exportFileName(proposal.number, proposal.client?.name),
      missingGlyphs: findMissingGlyphs(userStrings(model)),
    }
  }

  async function renderAndStore(
    proposalId: string,
    jobId: string,
    model: PdfModel,
    key: string,
  ): Promise<RenderOutcome> {
    const controller = new AbortController()
    let set = controllers.get(proposalId)
    if (!set) controllers.set(proposalId, (set = new Set()))
    set.add(controller)
    try {
      emit(proposalId, jobId, 'queued', 0)
      counters.renders++
      const out = await renderer.render({
        model,
        signal: controller.signal,
        onProgress: (p) => emit(proposalId, jobId, 'rendering', Math.min(0.9, p * 0.9)),
      })
      if (controller.signal.aborted) throw new AppError('cancelled', 'PDF export was cancelled')
      emit(proposalId, jobId, 'writing', 0.95)
      const entry = await getCache().put(key, out.bytes, { pages: out.pages })
      return { key, pages: entry.pages, bytes: entry.size, sha256: entry.sha256 }
    } finally {
      set.delete(controller)
      if (set.size === 0) controllers.delete(proposalId)
    }
  }

  async function exportPdf(
    proposalId: string,
    exportOpts: { force?: boolean } = {},
  ): Promise<PdfExportResult> {
    const started = performance.now()
    const jobId = randomUUID()
    await nextTurn()
    const fontsHash = await renderer.fontAssetsHash()
    const { model, key, fileName, missingGlyphs } = prepare(proposalId, fontsHash)
    const result = (o: RenderOutcome, cached: boolean): PdfExportResult => ({
      proposalId,
      key: o.key,
      fileName,
      cached,
      pages: o.pages,
      bytes: o.bytes,
      sha256: o.sha256,
      ms: Math.round((performance.now() - started) * 10) / 10,
      missingGlyphs,
    })

    try {
      // Whatever is in flight for this key is fresh by definition: join it, even when forced.
      const running = inflight.get(key)
      if (running) {
        counters.coalesced++
        const outcome = await running
        emit(proposalId, jobId, 'done', 1)
        return result(outcome, false)
      }
      if (!exportOpts.force) {
        const hit = await getCache().get(key)
        if (hit) {
          counters.hits++
          emit(proposalId, jobId, 'done', 1)
          return result(
            { key, pages: hit.entry.pages, bytes: hit.entry.size, sha256: hit.entry.sha256 },
            true,
          )
        }
        // The cache read yielded; another export may have started the render meanwhile.
        const started2 = inflight.get(key)
        if (started2) {
          counters.coalesced++
          const outcome = await started2
          emit(proposalId, jobId, 'done', 1)
          return result(outcome, false)
        }
      }
      const promise = renderAndStore(proposalId, jobId, model, key)
      inflight.set(key, promise)
      try {
        const outcome = await promise
        emit(proposalId, jobId, 'done', 1)
        return result(outcome, false)
      } finally {
        inflight.delete(key)
      }
    } catch (err) {
      const appErr =
        err instanceof AppError
          ? err
          : new AppError(
              'internal',
              `PDF export failed: ${err instanceof Error ? err.message : String(err)}`,
            )
      emit(
        proposalId,
        jobId,
        appErr.code === 'cancelled' ? 'cancelled' : 'failed',
        1,
        appErr.message,
      )
      throw appErr
    }
  }

  async function exportAndRecord(
    proposalId: string,
    opts: { force?: boolean; record?: boolean } = {},
  ): Promise<PdfExportResult> {
    const r = await exportPdf(proposalId, opts)
    if (opts.record !== false) {
      try {
        deps.activity?.record(proposalId, 'exported', {
          key: r.key,
          cached: r.cached,
          pages: r.pages,
          sha256: r.sha256,
        })
      } catch {
        // The timeline is secondary: a failed entry must not fail an export that succeeded.
      }
    }
    return r
  }

  return {
    export: exportAndRecord,
    async readCached(key) {
      const c = getCache()
      if (!c.isKey(key)) return null
      return (await c.get(key))?.bytes ?? null
    },
    async pathFor(proposalId) {
      const r = await exportPdf(proposalId)
      const target = path.join(config.dataDir, 'exports', r.fileName)
      await placeExport(getCache().pathFor(r.key), target, r.sha256)
      return target
    },
    missingGlyphs(proposalId) {
      const proposal = services.proposals.get(proposalId)
      const model = toPdfModel(proposal, services.settings.get(), null)
      return findMissingGlyphs(userStrings(model))
    },
    async bytesFor(proposalId) {
      const r = await exportPdf(proposalId)
      const hit = await getCache().get(r.key)
      if (!hit) throw new AppError('unavailable', 'The exported PDF could not be read; try again')
      return { bytes: hit.bytes, key: r.key, pages: r.pages }
    },
    cancel(proposalId) {
      const set = controllers.get(proposalId)
      if (!set || set.size === 0) return false
      for (const c of set) c.abort(new AppError('cancelled', 'PDF export was cancelled'))
      return true
    },
    async close() {
      for (const set of controllers.values()) for (const c of set) c.abort()
      await renderer.close()
      await cache?.flush()
    },
    stats: () => ({ ...counters }),
  }
}
