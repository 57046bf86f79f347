/**
 * Turns user text into pdfmake inline runs that each name a font able to draw them, with the bidi
 * embedding level of every run so right-to-left text can be put in visual order line by line.
 *
 * pdfmake has no font fallback and no bidi: it splits each run into words (UAX #14 via
 * `linebreak`), fills lines left to right, and fontkit shapes each word on its own, reversing the
 * glyphs of a word in a right-to-left script. So, per hard line (paragraph):
 *  1. NFC, split into grapheme clusters, pick a font per cluster (script-neutral clusters stay in
 *     the current run's font when it has them, so "שלום, עולם" is not chopped at the comma);
 *  2. resolve bidi levels (UAX #9 via bidi-js) and mirror brackets at odd levels;
 *  3. emit runs in logical order: every right-to-left word is its own run (cut at the break
 *     opportunities pdfmake would use), left-to-right text is merged into as few runs as possible,
 *     and runs that need bidi carry `bidiLevel`/`bidiParagraphLevel`.
 * pdfmake then wraps in logical order, and `bidi-lines.ts` (installed by registerFonts) reorders
 * the inlines of each finished line visually (rule L2), so a wrapped right-to-left paragraph reads
 * correctly from its first line on.
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
  /** UAX #9 embedding level (odd = right-to-left); only on text that needs reordering. */
  bidiLevel?: number
  /** Base level of the paragraph the run belongs to (for trailing whitespace, rule L1). */
  bidiParagraphLevel?: number
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

// bidi-js resolves levels per UTF-16 code unit and types each half of a surrogate pair as L, so
// an emoji between two Hebrew words would split their run. Levels are computed on a stand-in
// string where each astral character becomes two BMP characters of its own bidi class.
const BIDI_STAND_IN: Record<string, string> = {
  L: 'a',
  R: '\u05D0',
  AL: '\u0627',
  EN: '0',
  ES: '+',
  ET: '#',
  AN: '\u0660',
  CS: ',',
  NSM: '\u0300',
  BN: '\u00AD',
  S: '\t',
  WS: ' ',
  ON: '!',
}

function bidiStandIn(line: string): string {
  if (!/[\uD800-\uDBFF]/.test(line)) return line
  let out = ''
  for (const ch of line) {
    if (ch.length === 1) out += ch
    else out += (BIDI_STAND_IN[bidi.getBidiCharTypeName(ch)] ?? '!').repeat(2)
  }
  return out
}

interface LineLayout {
  clusters: Cluster[]
  /** undefined when the line has no right-to-left content and needs no reordering. */
  paragraphLevel: number | undefined
}

function layoutLine(line: string): LineLayout {
  const needsBidi = HAS_RTL.test(line)
  const embedding = needsBidi ? bidi.getEmbeddingLevels(bidiStandIn(line), 'auto') : undefined
  const clusters: Cluster[] = []
  let current = -1
  for (const { text, start } of clustersOf(line)) {
    const family = pickFamily(text, current)
    if (family >= 0) current = family
    const level = embedding?.levels[start] ?? 0
    let cleaned = family < 0 ? REPLACEMENT_CHAR : cleanCluster(text, family)
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
  return { clusters, paragraphLevel: embedding?.paragraphs[0]?.level }
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
  level: number
  /** A right-to-left word (or piece of one): must stay a run, and so an inline, of its own. */
  sealed: boolean
}

function runsForLine({ clusters }: LineLayout): RawRun[] {
  const runs: RawRun[] = []
  const pushMergeable = (text: string, family: number, level: number): void => {
    const last = runs[runs.length - 1]
    if (last !== undefined && !last.sealed && last.family === family && last.level === level) {
      last.text += text
    } else {
      runs.push({ text, family, level, sealed: false })
    }
  }
  let i = 0
  while (i < clusters.length) {
    const c = clusters[i]!
    if (c.level % 2 === 1 && !c.space) {
      // One right-to-left word in one font, in logical order.
      let j = i
      while (
        j < clusters.length &&
        clusters[j]!.level === c.level &&
        !clusters[j]!.space &&
        clusters[j]!.family === c.family
      ) {
        j++
      }
      const stretch = clusters.slice(i, j)
      if (stretch.some((s) => s.strongRtl)) {
        // fontkit reverses the glyphs of each piece; bidi-lines.ts reverses the pieces' order.
        for (const piece of breakPieces(stretch.map((s) => s.text).join(''))) {
          runs.push({ text: piece, family: c.family, level: c.level, sealed: true })
        }
      } else {
        // Neutrals only (e.g. "?!" inside Hebrew): fontkit draws them left to right, so hand
        // them over already reversed.
        const visual = stretch
          .map((s) => s.text)
          .reverse()
          .join('')
        runs.push({ text: visual, family: c.family, level: c.level, sealed: true })
      }
      i = j
    } else {
      pushMergeable(c.text, c.family, c.level)
      i++
    }
  }
  return runs
}

const NEEDS_CLUSTERING = /[\p{Emoji_Presentation}\uFE0F\u20E3\t]/u
const IGNORABLE_EXCEPT_NEWLINE = /(?!\n)[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Default_Ignorable_Code_Point}]/u

/** Fast path: no RTL, nothing to drop or hand to the emoji font, every character in Noto Sans. */
function primaryDrawsAll(text: string): boolean {
  if (HAS_RTL.test(text) || NEEDS_CLUSTERING.test(text) || IGNORABLE_EXCEPT_NEWLINE.test(text)) {
    return false
  }
  for (const ch of text) {
    const cp = ch.codePointAt(0) ?? 0
    if (cp !== 10 && !familyCovers(PRIMARY_INDEX, cp)) return false
  }
  return true
}

interface StyledRun extends RawRun {
  paragraphLevel: number | undefined
}

function compute(text: string, opts: RichTextOptions): RichText {
  const nfc = text.normalize('NFC').replace(/\r\n?/g, '\n')
  const plain = !opts.bold && !opts.italics
  if (plain && (PRINTABLE_ASCII.test(nfc) || primaryDrawsAll(nfc))) return nfc

  const runs: StyledRun[] = []
  const lines = nfc.split('\n')
  lines.forEach((line, index) => {
    const layout = layoutLine(line)
    const lineRuns: StyledRun[] = runsForLine(layout).map((r) => ({
      ...r,
      paragraphLevel: layout.paragraphLevel,
    }))
    if (index < lines.length - 1) {
      const last = lineRuns[lineRuns.length - 1]
      if (last === undefined || last.sealed) {
        lineRuns.push({
          text: '\n',
          family: last?.family ?? PRIMARY_INDEX,
          level: layout.paragraphLevel ?? 0,
          sealed: false,
          paragraphLevel: layout.paragraphLevel,
        })
      } else {
        last.text += '\n'
      }
    }
    for (const r of lineRuns) {
      const prev = runs[runs.length - 1]
      if (
        prev !== undefined &&
        !prev.sealed &&
        !r.sealed &&
        prev.family === r.family &&
        prev.paragraphLevel === undefined &&
        r.paragraphLevel === undefined
      ) {
        prev.text += r.text
      } else {
        runs.push(r)
      }
    }
  })

  if (plain && runs.every((r) => r.family === PRIMARY_INDEX && r.paragraphLevel === undefined)) {
    return runs.map((r) => r.text).join('')
  }
  if (runs.length === 0) return plain ? '' : [withStyle({ text: '', font: PRIMARY_FAMILY }, opts)]
  return runs.map((r) => {
    const run: TextRun = { text: r.text, font: FAMILY_NAMES[r.family] ?? PRIMARY_FAMILY }
    if (r.paragraphLevel !== undefined) {
      run.bidiLevel = r.level
      run.bidiParagraphLevel = r.paragraphLevel
    }
    return withStyle(run, opts)
  })
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
    if (PRINTABLE_ASCII.test(nfc) || primaryDrawsAll(nfc)) continue
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

/**
 * Base direction of a paragraph by its first strong character (UAX #9 P2/P3), for alignment:
 * a right-to-left paragraph usually reads best right-aligned.
 */
export function textDirection(text: string): 'ltr' | 'rtl' {
  if (!HAS_RTL.test(text)) return 'ltr'
  return bidi.getEmbeddingLevels(bidiStandIn(text.normalize('NFC').split('\n')[0] ?? ''), 'auto')
    .paragraphs[0]?.level === 1
    ? 'rtl'
    : 'ltr'
}
