/**
 * Which bundled font draws a code point, and which characters need no glyph at all.
 */
import { EMOJI_FAMILY, FONT_FAMILIES, fontFace, type FontkitFace } from '../fonts/font-catalog.ts'

export const FAMILY_NAMES: readonly string[] = FONT_FAMILIES.map((f) => f.family)
export const EMOJI_INDEX = FAMILY_NAMES.indexOf(EMOJI_FAMILY)

let faceList: FontkitFace[] | undefined
const lazyFaces: (FontkitFace | undefined)[] = FONT_FAMILIES.map(() => undefined)

function face(index: number): FontkitFace {
  let f = lazyFaces[index]
  if (f === undefined) {
    const fam = FONT_FAMILIES[index]
    if (fam === undefined) throw new RangeError(`No font family #${index}`)
    // Only the regular cut is asked: the bold/italic cuts of each family cover the same repertoire.
    f = fontFace(fam.styles.normal)
    lazyFaces[index] = f
  }
  return f
}

const coverageMemo = FONT_FAMILIES.map(() => new Map<number, boolean>())

/** Faces are parsed on first need, so Latin-only text never opens the CJK files. */
export function familyCovers(index: number, codePoint: number): boolean {
  const memo = coverageMemo[index]
  const hit = memo?.get(codePoint)
  if (hit !== undefined) return hit
  const covered = face(index).hasGlyphForCodePoint(codePoint)
  memo?.set(codePoint, covered)
  return covered
}

const firstCovering = new Map<number, number>()

/** Index in FONT_FAMILIES of the first family that has a glyph, or -1. */
export function firstFamilyFor(codePoint: number): number {
  const hit = firstCovering.get(codePoint)
  if (hit !== undefined) return hit
  let found = -1
  for (let i = 0; i < FONT_FAMILIES.length; i++) {
    if (familyCovers(i, codePoint)) {
      found = i
      break
    }
  }
  firstCovering.set(codePoint, found)
  return found
}

/** Exposed for tests that want to look at the faces directly. */
export function allFaces(): FontkitFace[] {
  faceList ??= FONT_FAMILIES.map((_, i) => face(i))
  return faceList
}

/**
 * Characters that legitimately draw nothing: controls (tab, newline…), format characters (ZWJ,
 * ZWNJ, LRM/RLM and the other bidi controls, BOM/ZWNBSP, soft hyphen, word joiner, tag
 * characters), line/paragraph separators, and every Default_Ignorable_Code_Point (variation
 * selectors, Hangul fillers…). They are never reported as missing and never drawn on their own.
 */
export const IGNORABLE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Default_Ignorable_Code_Point}]/u

export function isIgnorable(ch: string): boolean {
  return IGNORABLE.test(ch)
}

/** Script-neutral characters (spaces, punctuation, digits, symbols, combining marks). */
export const NEUTRAL = /^[\p{Script=Common}\p{Script=Inherited}]$/u

/** Clusters that should be drawn by the emoji font even if a text font has the code point. */
export function prefersEmoji(cluster: string): boolean {
  return (
    /\p{Emoji_Presentation}/u.test(cluster) ||
    cluster.includes('\uFE0F') ||
    cluster.includes('\u20E3') ||
    (cluster.includes('\u200D') && /\p{Extended_Pictographic}/u.test(cluster))
  )
}
