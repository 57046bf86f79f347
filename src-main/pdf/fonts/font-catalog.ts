/**
 * The fonts that ship with the app and the order in which text falls back through them.
 *
 * Every file is a static TTF from an npm package (never a system font, never the network). Files
 * are read and parsed lazily, once per process/worker, and kept for the life of the isolate: the
 * same Buffer is written into pdfmake's virtual FS and the same parsed fontkit face answers coverage
 * queries and is reused by every PDF the worker renders (see `fontkit-reuse.ts`).
 *
 * CJK and emoji ship one weight only (bold text in those scripts is drawn regular): the two CJK
 * files alone are ~17 MB per weight, and pdfkit cannot synthesise bold anyway.
 */
import { createHash } from 'node:crypto'
import fs from 'node:fs'
import { createRequire } from 'node:module'

const require = createRequire(import.meta.url)

export type FontStyle = 'normal' | 'bold' | 'italics' | 'bolditalics'

export interface FontFileSpec {
  /** Stable virtual-FS name, also the key of the parsed-face cache. */
  key: string
  /** Module specifier resolved with `require.resolve` inside node_modules. */
  specifier: string
}

export interface FontFamilySpec {
  family: string
  /** What the family is for; documentation and test output only. */
  covers: string
  styles: Record<FontStyle, FontFileSpec>
}

const file = (pkg: string, dir: string, name: string): FontFileSpec => ({
  key: `fonts/${name}`,
  specifier: `@expo-google-fonts/${pkg}/${dir}/${name}`,
})

/** A family with a real bold; italics fall back to the upright cut (these scripts have none). */
const uprightPair = (pkg: string, stem: string): Record<FontStyle, FontFileSpec> => {
  const normal = file(pkg, '400Regular', `${stem}_400Regular.ttf`)
  const bold = file(pkg, '700Bold', `${stem}_700Bold.ttf`)
  return { normal, bold, italics: normal, bolditalics: bold }
}

const single = (pkg: string, stem: string): Record<FontStyle, FontFileSpec> => {
  const normal = file(pkg, '400Regular', `${stem}_400Regular.ttf`)
  return { normal, bold: normal, italics: normal, bolditalics: normal }
}

export const PRIMARY_FAMILY = 'NotoSans'

/**
 * Fallback order matters only for characters several fonts cover (kana and Han are in both CJK
 * fonts: Simplified Chinese is tried first; Hangul exists only in the KR font).
 */
export const FONT_FAMILIES: readonly FontFamilySpec[] = [
  {
    family: PRIMARY_FAMILY,
    covers: 'Latin (incl. Vietnamese, Turkish), Greek, Cyrillic',
    styles: {
      normal: file('noto-sans', '400Regular', 'NotoSans_400Regular.ttf'),
      bold: file('noto-sans', '700Bold', 'NotoSans_700Bold.ttf'),
      italics: file('noto-sans', '400Regular_Italic', 'NotoSans_400Regular_Italic.ttf'),
      bolditalics: file('noto-sans', '700Bold_Italic', 'NotoSans_700Bold_Italic.ttf'),
    },
  },
  {
    // Precomposed letter forms: Noto Sans Arabic draws many letters as a shared dotless base plus
    // dot glyphs, and since a PDF maps each glyph to one character, خ/ب/ت/ن… would copy and
    // extract as whichever letter used the base first. Plex has one glyph per letter form.
    family: 'IBMPlexSansArabic',
    covers: 'Arabic, Persian, Urdu',
    styles: uprightPair('ibm-plex-sans-arabic', 'IBMPlexSansArabic'),
  },
  {
    family: 'NotoSansArabic',
    covers: 'Arabic characters Plex lacks (Extended-A, rare presentation forms)',
    styles: uprightPair('noto-sans-arabic', 'NotoSansArabic'),
  },
  {
    family: 'NotoSansHebrew',
    covers: 'Hebrew',
    styles: uprightPair('noto-sans-hebrew', 'NotoSansHebrew'),
  },
  {
    family: 'NotoSansDevanagari',
    covers: 'Devanagari',
    styles: uprightPair('noto-sans-devanagari', 'NotoSansDevanagari'),
  },
  { family: 'NotoSansThai', covers: 'Thai', styles: uprightPair('noto-sans-thai', 'NotoSansThai') },
  {
    family: 'NotoSansSC',
    covers: 'Chinese (Simplified and common Traditional), Japanese kana and kanji',
    styles: single('noto-sans-sc', 'NotoSansSC'),
  },
  { family: 'NotoSansKR', covers: 'Korean Hangul', styles: single('noto-sans-kr', 'NotoSansKR') },
  { family: 'NotoEmoji', covers: 'Monochrome emoji', styles: single('noto-emoji', 'NotoEmoji') },
]

export const EMOJI_FAMILY = 'NotoEmoji'

/**
 * Extra names pdfmake may ask for: `Roboto` is pdfmake's default `defaultStyle.font` and the family
 * its SVG renderer falls back to for `<text>` whose font-family is not registered.
 */
export const FAMILY_ALIASES: Readonly<Record<string, string>> = { Roboto: PRIMARY_FAMILY }

/** Every distinct font file, in catalogue order. */
export function allFontFiles(): FontFileSpec[] {
  const seen = new Map<string, FontFileSpec>()
  for (const fam of FONT_FAMILIES) {
    for (const spec of Object.values(fam.styles)) seen.set(spec.key, spec)
  }
  return [...seen.values()]
}

// ---- lazy, process-wide loading -----------------------------------------------------------

/** The subset of a fontkit Font this module and its callers use (fontkit ships no types). */
export interface FontkitFace {
  postscriptName: string
  numGlyphs: number
  unitsPerEm: number
  hasGlyphForCodePoint(codePoint: number): boolean
  layout(text: string): { glyphs: { id: number; advanceWidth: number }[] }
}

interface FontkitModule {
  create(buffer: Uint8Array): FontkitFace
}

// The CJS build is the one pdfkit itself requires, so faces created here are the same classes.
const fontkit = require('fontkit') as FontkitModule

const buffers = new Map<string, Buffer>()
const faces = new Map<string, FontkitFace>()

export function resolveFontPath(spec: FontFileSpec): string {
  return require.resolve(spec.specifier)
}

export function fontBuffer(spec: FontFileSpec): Buffer {
  let buf = buffers.get(spec.key)
  if (buf === undefined) {
    buf = fs.readFileSync(resolveFontPath(spec))
    buffers.set(spec.key, buf)
  }
  return buf
}

export function fontFace(spec: FontFileSpec): FontkitFace {
  let face = faces.get(spec.key)
  if (face === undefined) {
    face = fontkit.create(fontBuffer(spec))
    faces.set(spec.key, face)
  }
  return face
}

/** Parsed face for a virtual-FS key, if that key belongs to the catalogue. */
export function faceForKey(key: string): FontkitFace | undefined {
  const spec = allFontFiles().find((s) => s.key === key)
  return spec === undefined ? undefined : fontFace(spec)
}

let assetsHash: string | undefined

/** SHA-256 over every shipped font file (names and bytes), for the PDF cache key. */
export function fontAssetsHash(): string {
  if (assetsHash === undefined) {
    const h = createHash('sha256')
    for (const spec of allFontFiles()) {
      h.update(spec.key)
      h.update('\0')
      // Hash the file without keeping it: the main process only needs the digest.
      h.update(buffers.get(spec.key) ?? fs.readFileSync(resolveFontPath(spec)))
    }
    assetsHash = h.digest('hex')
  }
  return assetsHash
}
