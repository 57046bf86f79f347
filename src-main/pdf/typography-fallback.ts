/**
 * Interim typography used until `src-main/pdf/text/` lands: Roboto as shipped with pdfmake, plain
 * strings, a code-point-range coverage check. Only `typography.ts` may import this file.
 */
import { createHash } from 'node:crypto'
import fs from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'

/** pdfmake inline content: a plain string or runs that each name the font that can draw them. */
export type RichText = string | { text: string; font?: string }[]

export type NormalizedLogo = { kind: 'image'; dataUrl: string } | { kind: 'svg'; svg: string }

export interface MissingGlyph {
  char: string
  codePoint: string
}

/** The part of pdfmake's runtime singleton the engine touches (not all of it is in @types/pdfmake). */
export interface PdfMakeVfsHost {
  virtualfs: { writeFileSync(name: string, content: Buffer): void; existsSync(name: string): boolean }
}

export type FontDictionary = Record<
  string,
  { normal: string; bold: string; italics: string; bolditalics: string }
>

const require = createRequire(import.meta.url)
const robotoDir = path.join(path.dirname(require.resolve('pdfmake/package.json')), 'fonts', 'Roboto')
const FILES = {
  normal: 'Roboto-Regular.ttf',
  bold: 'Roboto-Medium.ttf',
  italics: 'Roboto-Italic.ttf',
  bolditalics: 'Roboto-MediumItalic.ttf',
} as const

export function registerFonts(pdfmake: PdfMakeVfsHost): FontDictionary {
  installParsedFontCache()
  for (const file of Object.values(FILES)) {
    const name = `fonts/${file}`
    if (!pdfmake.virtualfs.existsSync(name)) {
      pdfmake.virtualfs.writeFileSync(name, fs.readFileSync(path.join(robotoDir, file)))
    }
  }
  return {
    Roboto: {
      normal: `fonts/${FILES.normal}`,
      bold: `fonts/${FILES.bold}`,
      italics: `fonts/${FILES.italics}`,
      bolditalics: `fonts/${FILES.bolditalics}`,
    },
  }
}

export const DEFAULT_FONT = 'Roboto'

export function richText(text: string): RichText {
  return text.normalize('NFC')
}

// Roboto's subsets: Latin, Latin-ext, Greek, Cyrillic, Vietnamese, general punctuation.
function robotoCovers(cp: number): boolean {
  return (
    (cp >= 0x20 && cp <= 0x7e) ||
    (cp >= 0xa0 && cp <= 0x24f) ||
    (cp >= 0x370 && cp <= 0x52f) ||
    (cp >= 0x1e00 && cp <= 0x1eff) ||
    (cp >= 0x2000 && cp <= 0x20cf) ||
    cp === 0x0a ||
    cp === 0x09
  )
}

export function findMissingGlyphs(strings: string[]): MissingGlyph[] {
  const seen = new Map<number, MissingGlyph>()
  for (const s of strings) {
    for (const ch of s.normalize('NFC')) {
      const cp = ch.codePointAt(0) ?? 0
      if (!robotoCovers(cp) && !seen.has(cp)) {
        seen.set(cp, { char: ch, codePoint: `U+${cp.toString(16).toUpperCase().padStart(4, '0')}` })
      }
    }
  }
  return [...seen.values()]
}

let assetsHash: string | null = null
export function fontAssetsHash(): string {
  if (assetsHash === null) {
    const h = createHash('sha256')
    for (const file of Object.values(FILES)) h.update(fs.readFileSync(path.join(robotoDir, file)))
    assetsHash = h.digest('hex')
  }
  return assetsHash
}

export function normalizeLogo(bytes: Buffer, mime: string): NormalizedLogo {
  if (mime === 'image/svg+xml') return { kind: 'svg', svg: bytes.toString('utf8') }
  if (mime === 'image/png' || mime === 'image/jpeg') {
    return { kind: 'image', dataUrl: `data:${mime};base64,${bytes.toString('base64')}` }
  }
  throw new Error(`Unsupported logo format ${mime}: upload PNG, JPEG or SVG`)
}

// --- parsed-font cache ------------------------------------------------------------------------
// pdfmake parses every font with fontkit once per *document* (PDFDocument.fontCache). For multi-MB
// fonts that dominates small documents, so keep the parsed fontkit objects for the life of the
// thread and give each document its own pdfkit EmbeddedFont (own subset, own PDF object) on top.

interface FontkitFont {
  postscriptName: string
}
interface EmbeddedFontLike {
  name: string
  id: string
  font: FontkitFont
}
type EmbeddedFontCtor = new (doc: unknown, font: FontkitFont, id: string) => EmbeddedFontLike
interface PdfmakeDocument {
  fonts: Record<string, Record<string, string | string[]>>
  fontCache: Record<string, Record<string, EmbeddedFontLike>>
  virtualfs: { existsSync(n: string): boolean; readFileSync(n: string): Buffer } | null
  getFontType(bold: boolean, italics: boolean): string
  _fontCount: number
  _fontFamilies: Record<string, EmbeddedFontLike>
}

let fontCacheInstalled = false
function installParsedFontCache(): void {
  if (fontCacheInstalled) return
  fontCacheInstalled = true
  const pdfmakeDir = require.resolve('pdfmake/package.json')
  const fromPdfmake = createRequire(pdfmakeDir)
  const fromPdfkit = createRequire(fromPdfmake.resolve('pdfkit'))
  const fontkit = fromPdfkit('fontkit') as {
    create(buffer: Uint8Array, postscriptName?: string): FontkitFont
  }
  const PDFKit = fromPdfmake('pdfkit') as new (opts: Record<string, unknown>) => {
    font(src: Buffer): { _font: EmbeddedFontLike }
  }
  const PdfmakeDocumentClass = (
    fromPdfmake('pdfmake/js/PDFDocument.js') as { default: { prototype: object } }
  ).default
  const proto = PdfmakeDocumentClass.prototype as {
    provideFont(this: PdfmakeDocument, family: string, bold: boolean, italics: boolean): unknown
  }
  const original = proto.provideFont

  let Ctor: EmbeddedFontCtor | null = null
  const parsed = new Map<string, FontkitFont>()

  proto.provideFont = function (this: PdfmakeDocument, family, bold, italics) {
    const type = this.getFontType(bold, italics)
    const cached = this.fontCache[family]?.[type]
    if (cached) return cached
    const def = this.fonts[family]?.[type]
    const file = Array.isArray(def) ? def[0] : def
    const postscriptName = Array.isArray(def) ? def[1] : undefined
    // Anything not in the virtual FS (a path, a URL) keeps pdfmake's own checks and loading.
    if (typeof file !== 'string' || !this.virtualfs?.existsSync(file)) {
      return original.call(this, family, bold, italics)
    }
    const cacheKey = `${file}\u0000${postscriptName ?? ''}`
    let fkFont = parsed.get(cacheKey)
    if (!fkFont) {
      fkFont = fontkit.create(this.virtualfs.readFileSync(file), postscriptName)
      parsed.set(cacheKey, fkFont)
    }
    if (!Ctor) {
      // pdfkit does not export EmbeddedFont; take the constructor from a throwaway document.
      const probe = new PDFKit({ autoFirstPage: false, font: null })
      Ctor = probe.font(this.virtualfs.readFileSync(file))._font.constructor as EmbeddedFontCtor
    }
    // Mirror pdfkit's font() bookkeeping so the font is embedded at the end of the document.
    const id = `F${++this._fontCount}`
    let font = new Ctor(this, fkFont, id)
    const sameName = font.name ? this._fontFamilies[font.name] : undefined
    if (sameName && sameName.font === fkFont) font = sameName
    else if (font.name && !sameName) this._fontFamilies[font.name] = font
    else this._fontFamilies[id] = font
    ;(this.fontCache[family] ??= {})[type] = font
    return font
  }
}

