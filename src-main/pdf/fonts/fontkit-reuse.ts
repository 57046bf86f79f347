/**
 * pdfkit opens every font afresh for each document (`PDFFontFactory.open` -> `fontkit.create`), so
 * a worker would re-parse cmap/GSUB/GPOS and re-decode glyphs of the same files for every PDF it
 * renders. This hook makes pdfmake's document class reuse the faces parsed once per isolate by
 * `font-catalog.ts`; each document still gets its own pdfkit `EmbeddedFont` (own subset, own
 * widths), which is what pdfkit itself would build.
 *
 * It also lets SVG `<text>` work: svg-to-pdfkit calls `doc.font(<virtual-FS name>)`, which stock
 * pdfkit would try to read from the real file system.
 *
 * Sharing a face between documents is safe here because a worker renders one document at a time
 * and rendering is synchronous; fontkit faces only cache immutable per-glyph data.
 */
import { createRequire } from 'node:module'
import path from 'node:path'

import type { FontkitFace } from './font-catalog.ts'

const require = createRequire(import.meta.url)

interface PdfKitDocumentInternals {
  _fontFamilies: Record<string, unknown>
  _fontCount: number
  _font: unknown
  _fontSource: unknown
  _fontFamily: unknown
  fontSize(size: number): unknown
}

type FontMethod = (
  this: PdfKitDocumentInternals,
  src: unknown,
  family?: unknown,
  size?: unknown,
) => PdfKitDocumentInternals

type EmbeddedFontClass = new (doc: PdfKitDocumentInternals, face: FontkitFace, id: string) => object

const INSTALLED = Symbol.for('proposaldesk.fontkitReuse')

export interface FaceResolver {
  /** The catalogue key for a font source pdfmake/pdfkit was given, if it is one of ours. */
  keyFor(src: unknown): string | undefined
  face(key: string): FontkitFace
}

/**
 * fontkit caches glyph objects per face together with the code points of the text that first
 * produced them, and pdfkit writes those code points into the PDF's ToUnicode map. A glyph first
 * met inside a decomposition or a ligature (the dotless ı of a decomposed "ï", a glyph shared by
 * Latin I and Cyrillic І) would then extract wrongly, or not at all, in every later document of
 * the worker. Clearing the glyph objects when a document first uses the face gives each document
 * the same start as stock pdfkit; the parsed tables (cmap, GSUB, GPOS, hmtx…) stay cached.
 */
function resetGlyphCache(face: FontkitFace): void {
  const internals = face as unknown as { _glyphs?: Record<number, unknown> }
  if (internals._glyphs !== undefined) internals._glyphs = {}
}

export function installFontkitReuse(resolver: FaceResolver, probeFont: Buffer): void {
  const pdfmakeEntry = require.resolve('pdfmake')
  const pdfmakeRequire = createRequire(pdfmakeEntry)
  // pdfmake's own document class (a subclass of pdfkit's), resolved from pdfmake's folder so it
  // is the very module instance pdfmake's Printer constructs.
  const docModule = pdfmakeRequire(path.join(path.dirname(pdfmakeEntry), 'PDFDocument.js')) as {
    default: { prototype: Record<string | symbol, unknown> }
  }
  const proto = docModule.default.prototype
  if (proto[INSTALLED] === true) return

  const PDFKit = pdfmakeRequire('pdfkit') as new (opts: object) => PdfKitDocumentInternals & {
    font(src: unknown): PdfKitDocumentInternals
  }
  // pdfkit does not export EmbeddedFont; take its class from a throwaway document.
  const probe = new PDFKit({ autoFirstPage: false })
  probe.font(probeFont)
  const EmbeddedFont = (probe._font as { constructor: EmbeddedFontClass }).constructor

  const original = proto.font as FontMethod
  const reusingFont: FontMethod = function (src, family, size) {
    const key = resolver.keyFor(src)
    if (key === undefined) return original.call(this, src, family, size)
    const fontSize = typeof family === 'number' ? family : size
    let font = this._fontFamilies[key]
    if (font === undefined) {
      const face = resolver.face(key)
      resetGlyphCache(face)
      font = new EmbeddedFont(this, face, `F${++this._fontCount}`)
      this._fontFamilies[key] = font
    }
    this._font = font
    this._fontSource = key
    this._fontFamily = key
    if (typeof fontSize === 'number') this.fontSize(fontSize)
    return this
  }
  proto.font = reusingFont
  proto[INSTALLED] = true
}
