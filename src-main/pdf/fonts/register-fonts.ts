import {
  FAMILY_ALIASES,
  FONT_FAMILIES,
  PRIMARY_FAMILY,
  allFontFiles,
  fontBuffer,
  fontFace,
  type FontStyle,
} from './font-catalog.ts'
import { installBidiLineReordering } from '../text/bidi-lines.ts'
import { installFontkitReuse } from './fontkit-reuse.ts'

export type FontDictionary = Record<string, Record<FontStyle, string>>

/** The part of pdfmake's runtime singleton this module touches (not all of it is in @types/pdfmake). */
export interface PdfMakeVfsHost {
  virtualfs: {
    writeFileSync(name: string, content: Buffer): void
    existsSync(name: string): boolean
  }
  setFonts?(fonts: FontDictionary): void
  setUrlAccessPolicy?(policy: (url: string) => boolean): void
  setLocalAccessPolicy?(policy: (path: string) => boolean): void
}

export const DEFAULT_FONT = PRIMARY_FAMILY

const keyByBuffer = new WeakMap<object, string>()
const catalogKeys = new Set(allFontFiles().map((s) => s.key))
const specByKey = new Map(allFontFiles().map((s) => [s.key, s]))

function buildDictionary(): FontDictionary {
  const dict: FontDictionary = {}
  for (const fam of FONT_FAMILIES) {
    dict[fam.family] = {
      normal: fam.styles.normal.key,
      bold: fam.styles.bold.key,
      italics: fam.styles.italics.key,
      bolditalics: fam.styles.bolditalics.key,
    }
  }
  for (const [alias, target] of Object.entries(FAMILY_ALIASES)) {
    const t = dict[target]
    if (t !== undefined) dict[alias] = { ...t }
  }
  return dict
}

const registered = new WeakSet<object>()

/**
 * Loads the bundled fonts into pdfmake's virtual FS (once per isolate), registers the families,
 * denies every URL and local-file access, makes pdfkit reuse the parsed faces across documents,
 * and installs the per-line bidi reordering that richText's runs rely on. Safe to call for every document: after the first call it only returns the dictionary.
 */
export function registerFonts(pdfmake: PdfMakeVfsHost): FontDictionary {
  const dict = buildDictionary()
  if (registered.has(pdfmake)) return dict

  for (const spec of allFontFiles()) {
    const buf = fontBuffer(spec)
    keyByBuffer.set(buf, spec.key)
    if (!pdfmake.virtualfs.existsSync(spec.key)) pdfmake.virtualfs.writeFileSync(spec.key, buf)
  }

  installFontkitReuse(
    {
      keyFor(src) {
        if (typeof src === 'string') return catalogKeys.has(src) ? src : undefined
        if (typeof src === 'object' && src !== null) return keyByBuffer.get(src)
        return undefined
      },
      face(key) {
        const spec = specByKey.get(key)
        if (spec === undefined) throw new Error(`Font ${key} is not in the bundled catalogue`)
        return fontFace(spec)
      },
    },
    fontBuffer(FONT_FAMILIES[0]!.styles.normal),
  )

  installBidiLineReordering()

  pdfmake.setFonts?.(dict)
  // Every asset is local and in the virtual FS: a URL or a file path in a document is a bug or an
  // injection attempt, so both are refused (pdfmake also stops warning once a policy is set).
  pdfmake.setUrlAccessPolicy?.(() => false)
  pdfmake.setLocalAccessPolicy?.(() => false)
  registered.add(pdfmake)
  return dict
}
