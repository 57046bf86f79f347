/**
 * Turns user text into pdfmake inline runs that each name a font able to draw them, in the visual
 * order pdfmake must place them for right-to-left scripts.
 *
 * pdfmake has no font fallback and no bidi: it splits each run into words (UAX #14 via
 * `linebreak`) and places the words left to right, while fontkit shapes each word on its own and
 * reverses the glyphs of a word in a right-to-left script. So, per hard line:
 *  1. NFC, split into grapheme clusters, pick a font per cluster (script-neutral clusters stay in
 *     the current run's font when it has them, so "שלום, עולם" is not chopped at the comma);
 *  2. resolve bidi levels (UAX #9 via bidi-js), mirror brackets at odd levels, reorder clusters
 *     visually (rule L2);
 *  3. emit right-to-left words as separate runs in logical order (fontkit reverses each), cut at
 *     the same break opportunities pdfmake uses so a word is never split into pieces that pdfmake
 *     would then place in the wrong order; left-to-right text is merged into as few runs as possible.
 *
 * Limitation: the reordering is per hard line (`\n`). A right-to-left paragraph that pdfmake wraps
 * onto several lines keeps the right word order inside each line, but its lines are filled from
 * the visual left, i.e. the first printed line holds the end of the sentence.
 */
import type { Bidi } from 'bidi-js'
import { createRequire } from 'node:module'

import { PRIMARY_FAMILY } from '../fonts/font-catalog.ts'
import {
  EMOJI_INDEX,
  FAMILY_NAMES,
  NEUTRAL,
  familyCovers,
  firstFamilyFor,
  isIgnorable,
  prefersEmoji,
} from './coverage.ts'

export interface TextRun {
  text: string
  font: string
  bold?: boolean
  italics?: boolean
}

export type RichText = string | TextRun[]

export interface RichTextOptions {
  bold?: boolean
  italics?: boolean
}

const require = createRequire(import.meta.url)
// bidi-js is a UMD bundle whose CommonJS export is the factory itself.
const bidi = (require('bidi-js') as () => Bidi)()

interface LineBreakerInstance {
  nextBreak(): { position: number; required: boolean } | null
}
// The same linebreak module instance pdfmake splits words with, so our cuts match its cuts.
const LineBreaker = createRequire(require.resolve('pdfmake'))('linebreak') as new (
  text: string,
) => LineBreakerInstance

const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' })

/** Shown instead of a character no bundled font has (reported beforehand by findMissingGlyphs). */
export const REPLACEMENT_CHAR = '\uFFFD'

const PRIMARY_INDEX = 0
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/
const HAS_RTL =
  /[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFC\u{10800}-\u{10FFF}\u{1E800}-\u{1EFFF}\u200F\u202B\u202E\u2067]/u
const WHITESPACE = /^\s+$/u
// Joiners and selectors that change how the run's own font shapes a sequence; kept only when
// that font has them, every other ignorable character is dropped so it cannot draw a box or gap.
const SHAPING_CONTROLS = new Set(['\u200C', '\u200D', '\uFE0E', '\uFE0F'])

interface Cluster {
  text: string
  family: number
  level: number
  space: boolean
  strongRtl: boolean
}

function pickFamily(cluster: string, current: number): number {
  const chars = [...cluster].filter((c) => !isIgnorable(c))
  if (chars.length === 0) return current
  const coversAll = (i: number): boolean =>
    chars.every((c) => familyCovers(i, c.codePointAt(0) ?? 0))

  if (EMOJI_INDEX >= 0 && prefersEmoji(cluster) && coversAll(EMOJI_INDEX)) return EMOJI_INDEX
  // Spaces and punctuation stay in the running text font, but never in the emoji font, whose
  // space is 1.3 em wide.
  if (
    current >= 0 &&
    current !== EMOJI_INDEX &&
    chars.every((c) => NEUTRAL.test(c)) &&
    coversAll(current)
  ) {
    return current
  }
  const base = chars[0]?.codePointAt(0) ?? 0
  const first = firstFamilyFor(base)
  if (first < 0) return -1
  if (coversAll(first)) return first
  for (let i = 0; i < FAMILY_NAMES.length; i++) if (coversAll(i)) return i
  return first
}

/** Drops invisible characters the chosen font cannot shape; replaces uncovered ones with U+FFFD. */
function cleanCluster(text: string, family: number): string {
  let out = ''
  for (const ch of text) {
    if (ch === '\t') {
      out += ' '
    } else if (isIgnorable(ch)) {
      if (SHAPING_CONTROLS.has(ch) && family >= 0 && familyCovers(family, ch.codePointAt(0) ?? 0)) {
        out += ch
      }
    } else if (family < 0 || !familyCovers(family, ch.codePointAt(0) ?? 0)) {
      out += REPLACEMENT_CHAR
    } else {
      out += ch
    }
  }
  return out
}

function clustersOf(line: string): { text: string; start: number }[] {
  const out: { text: string; start: number }[] = []
  for (const s of segmenter.segment(line)) out.push({ text: s.segment, start: s.index })
  return out
}

function isStrongRtl(text: string): boolean {
  for (const ch of text) {
    const t = bidi.getBidiCharTypeName(ch)
    if (t === 'R' || t === 'AL') return true
  }
  return false
}

function layoutLine(line: string): Cluster[] {
  const raw = clustersOf(line)
  const needsBidi = HAS_RTL.test(line)
  const embedding = needsBidi ? bidi.getEmbeddingLevels(line, 'auto') : undefined
  const paragraphLevel = embedding?.paragraphs[0]?.level ?? 0

  const clusters: Cluster[] = []
  let current = -1
  for (const { text, start } of raw) {
    const family = pickFamily(text, current)
    if (family >= 0) current = family
    const level = embedding?.levels[start] ?? 0
    let cleaned = cleanCluster(text, family < 0 ? PRIMARY_INDEX : family)
    if (family < 0) cleaned = REPLACEMENT_CHAR
    if (cleaned === '') continue
    if (level % 2 === 1) {
      const mirrored = bidi.getMirroredCharacter(cleaned)
      if (mirrored !== null) cleaned = mirrored
    }
    clusters.push({
      text: cleaned,
      family: family < 0 ? PRIMARY_INDEX : family,
      level,
      space: WHITESPACE.test(cleaned),
      strongRtl: needsBidi && isStrongRtl(cleaned),
    })
  }
  if (!needsBidi) return clusters

  // L1: whitespace at the end of the line takes the paragraph level.
  for (let i = clusters.length - 1; i >= 0; i--) {
    const c = clusters[i]
    if (c === undefined || !c.space) break
    c.level = paragraphLevel
  }
  // L2: from the highest level down to the lowest odd one, reverse every maximal sequence at
  // that level or above.
  let maxLevel = 0
  let minOdd = Number.POSITIVE_INFINITY
  for (const c of clusters) {
    maxLevel = Math.max(maxLevel, c.level)
    if (c.level % 2 === 1) minOdd = Math.min(minOdd, c.level)
  }
  for (let lvl = maxLevel; lvl >= minOdd; lvl--) {
    let i = 0
    while (i < clusters.length) {
      if ((clusters[i]?.level ?? 0) >= lvl) {
        let j = i
        while (j < clusters.length && (clusters[j]?.level ?? 0) >= lvl) j++
        const reversed = clusters.slice(i, j).reverse()
        clusters.splice(i, j - i, ...reversed)
        i = j
      } else {
        i++
      }
    }
  }
  return clusters
}

/** Splits a logical right-to-left word at the break opportunities pdfmake would use. */
function breakPieces(word: string): string[] {
  const breaker = new LineBreaker(word)
  const pieces: string[] = []
  let last = 0
  for (let bk = breaker.nextBreak(); bk !== null; bk = breaker.nextBreak()) {
    if (bk.position > last) pieces.push(word.slice(last, bk.position))
    last = bk.position
  }
  if (last < word.length) pieces.push(word.slice(last))
  return pieces
}

interface RawRun {
  text: string
  family: number
  /** A right-to-left word: must stay a run of its own. */
  sealed: boolean
}

function runsForLine(clusters: Cluster[]): RawRun[] {
  const runs: RawRun[] = []
  const pushMergeable = (text: string, family: number): void => {
    const last = runs[runs.length - 1]
    if (last !== undefined && !last.sealed && last.family === family) last.text += text
    else runs.push({ text, family, sealed: false })
  }
  let i = 0
  while (i < clusters.length) {
    const c = clusters[i]!
    if (c.level % 2 === 1 && !c.space) {
      // A visual stretch of one right-to-left word in one font.
      let j = i
      while (
        j < clusters.length &&
        clusters[j]!.level % 2 === 1 &&
        !clusters[j]!.space &&
        clusters[j]!.family === c.family
      ) {
        j++
      }
      const stretch = clusters.slice(i, j)
      if (stretch.some((s) => s.strongRtl)) {
        const logical = stretch
          .reverse()
          .map((s) => s.text)
          .join('')
        // pdfmake places its pieces left to right, so the last logical piece goes first.
        for (const piece of breakPieces(logical).reverse()) {
          runs.push({ text: piece, family: c.family, sealed: true })
        }
      } else {
        // Neutrals only (e.g. "?!" inside Hebrew): fontkit draws them left to right, so keep
        // them in visual order.
        pushMergeable(stretch.map((s) => s.text).join(''), c.family)
      }
      i = j
    } else {
      pushMergeable(c.text, c.family)
      i++
    }
  }
  return runs
}

function compute(text: string, opts: RichTextOptions): RichText {
  const nfc = text.normalize('NFC').replace(/\r\n?/g, '\n')
  const plain = !opts.bold && !opts.italics
  if (plain && PRINTABLE_ASCII.test(nfc)) return nfc

  const runs: RawRun[] = []
  const lines = nfc.split('\n')
  lines.forEach((line, index) => {
    const lineRuns = runsForLine(layoutLine(line))
    if (index < lines.length - 1) {
      const last = lineRuns[lineRuns.length - 1]
      if (last === undefined) lineRuns.push({ text: '\n', family: PRIMARY_INDEX, sealed: false })
      else last.text += '\n'
    }
    for (const r of lineRuns) {
      const prev = runs[runs.length - 1]
      if (prev !== undefined && !prev.sealed && !r.sealed && prev.family === r.family) {
        prev.text += r.text
      } else {
        runs.push({ ...r })
      }
    }
  })

  if (plain && runs.every((r) => r.family === PRIMARY_INDEX)) {
    return runs.map((r) => r.text).join('')
  }
  if (runs.length === 0) return plain ? '' : [withStyle({ text: '', font: PRIMARY_FAMILY }, opts)]
  return runs.map((r) =>
    withStyle({ text: r.text, font: FAMILY_NAMES[r.family] ?? PRIMARY_FAMILY }, opts),
  )
}

function withStyle(run: TextRun, opts: RichTextOptions): TextRun {
  if (opts.bold) run.bold = true
  if (opts.italics) run.italics = true
  return run
}

const CACHE_LIMIT = 20_000
const cache = new Map<string, RichText>()

/**
 * pdfmake inline content for `text`: a plain string when the primary font draws all of it,
 * otherwise runs with a `font` each (and the requested bold/italics on every run). Results are
 * cached per string; callers get fresh run objects because pdfmake mutates what it is given.
 */
export function richText(text: string, opts: RichTextOptions = {}): RichText {
  const key = `${opts.bold ? 'b' : '-'}${opts.italics ? 'i' : '-'}${text}`
  let hit = cache.get(key)
  if (hit === undefined) {
    hit = compute(text, opts)
    if (cache.size >= CACHE_LIMIT) cache.clear()
    cache.set(key, hit)
  }
  return typeof hit === 'string' ? hit : hit.map((r) => ({ ...r }))
}

export interface MissingGlyph {
  char: string
  /** "U+XXXX" (at least four hex digits). */
  codePoint: string
}

/**
 * Characters that no bundled font can draw in their context, deduplicated in order of first
 * appearance. Ignorable characters (see `IGNORABLE` in coverage.ts) never count. The check uses
 * the same per-cluster font choice as `richText`, so whatever this reports is exactly what the
 * PDF would show as U+FFFD, and nothing else is.
 */
export function findMissingGlyphs(strings: string[]): MissingGlyph[] {
  const found = new Map<number, MissingGlyph>()
  for (const s of strings) {
    const nfc = s.normalize('NFC')
    if (PRINTABLE_ASCII.test(nfc)) continue
    let current = -1
    for (const { text } of clustersOf(nfc)) {
      const family = pickFamily(text, current)
      if (family >= 0) current = family
      for (const ch of text) {
        if (isIgnorable(ch)) continue
        const cp = ch.codePointAt(0) ?? 0
        if (family >= 0 && familyCovers(family, cp)) continue
        if (!found.has(cp)) {
          found.set(cp, {
            char: ch,
            codePoint: `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`,
          })
        }
      }
    }
  }
  return [...found.values()]
}
