/**
 * The renderer shared by the worker (normal path) and the inline renderer (benchmark baseline):
 * PdfModel → builder → pdfmake → bytes. Module state (fonts in pdfmake's virtual FS, parsed fonts,
 * policies, table layouts) is set up once per thread; parsing each font once per thread is the
 * typography module's job (registerFonts).
 */
import { createRequire } from 'node:module'
import pdfmakeModule from 'pdfmake'
import type { TDocumentDefinitions } from 'pdfmake/interfaces.js'
import type { PdfModel } from './pdf-model.ts'
import { buildProposalDocument, TABLE_LAYOUTS } from './proposal-document.ts'
import { registerFonts, type FontDictionary, type PdfMakeVfsHost } from './typography.ts'

interface PdfMakeRuntime extends PdfMakeVfsHost {
  setFonts(fonts: FontDictionary): void
  setTableLayouts(layouts: typeof TABLE_LAYOUTS): void
  setUrlAccessPolicy(policy: (url: string) => boolean): void
  setLocalAccessPolicy?(policy: (path: string) => boolean): void
  setProgressCallback(cb: ((progress: number) => void) | undefined): void
  createPdf(
    doc: TDocumentDefinitions,
    options?: Record<string, unknown>,
  ): { getBuffer(): Promise<Buffer> }
}

const pdfmake = pdfmakeModule as unknown as PdfMakeRuntime
const require = createRequire(import.meta.url)

export interface RenderStats {
  /** Documents rendered by this thread. */
  documents: number
  /**
   * Distinct parsed font faces this thread's documents used. Stays flat across documents when
   * parsed fonts are reused; grows with every document if fonts were re-parsed.
   */
  faces: number
}
const stats = { documents: 0 }
export function renderStats(): RenderStats {
  return { ...stats, faces: faceCount }
}

// --- shared word-layout cache ------------------------------------------------------------------
// pdfkit caches the shaped glyphs of each word per EmbeddedFont, i.e. per document. Shaping depends
// only on the font face and the word, so one cache per face serves every document of this thread.
interface EmbeddedFontLike {
  font?: object
  layoutCache?: Record<string, unknown>
}
const layoutCaches = new Map<object, Record<string, unknown>>()
const seenFaces = new WeakSet<object>()
let faceCount = 0
const LAYOUT_CACHE_LIMIT = 50_000

function shareLayoutCaches(): void {
  const fromPdfmake = createRequire(require.resolve('pdfmake/package.json'))
  const proto = (fromPdfmake('pdfmake/js/PDFDocument.js') as { default: { prototype: object } })
    .default.prototype as { provideFont: (this: unknown, ...args: unknown[]) => unknown }
  const original = proto.provideFont
  proto.provideFont = function (this: unknown, ...args: unknown[]) {
    const font = original.apply(this, args) as EmbeddedFontLike | null
    if (font?.font && !seenFaces.has(font.font)) {
      seenFaces.add(font.font)
      faceCount++
    }
    if (font?.font && font.layoutCache) {
      let shared = layoutCaches.get(font.font)
      if (!shared)
        layoutCaches.set(font.font, (shared = Object.create(null) as Record<string, unknown>))
      font.layoutCache = shared
    }
    return font
  }
}

function trimLayoutCaches(): void {
  for (const [face, cache] of layoutCaches) {
    if (Object.keys(cache).length > LAYOUT_CACHE_LIMIT) layoutCaches.delete(face)
  }
}

let ready = false
/** Registers fonts, layouts and the deny-all resource policies once per thread. */
export function ensureRenderer(): void {
  if (ready) return
  const fonts = registerFonts(pdfmake)
  pdfmake.setFonts(fonts)
  pdfmake.setTableLayouts(TABLE_LAYOUTS)
  // The document only ever references fonts in the virtual FS and data-URL images.
  pdfmake.setUrlAccessPolicy(() => false)
  pdfmake.setLocalAccessPolicy?.(() => false)
  shareLayoutCaches()
  ready = true
}

export interface RenderedPdf {
  bytes: Buffer
  pages: number
}

export interface RenderOptions {
  onProgress?: (fraction: number) => void
}

export async function renderDocument(
  doc: TDocumentDefinitions,
  opts: RenderOptions = {},
): Promise<RenderedPdf> {
  ensureRenderer()
  trimLayoutCaches()
  let pages = 0
  const footer = doc.footer
  if (typeof footer === 'function') {
    doc.footer = (current, count, size) => {
      pages = count
      return footer(current, count, size)
    }
  }
  pdfmake.setProgressCallback(opts.onProgress)
  const output = pdfmake.createPdf(doc)
  pdfmake.setProgressCallback(undefined)
  const bytes = await output.getBuffer()
  stats.documents++
  return { bytes, pages }
}

/** The whole pipeline on the current thread. */
export function renderModel(model: PdfModel, opts: RenderOptions = {}): Promise<RenderedPdf> {
  return renderDocument(buildProposalDocument(model), opts)
}
