/**
 * Visual reordering of each laid-out line (UAX #9 rules L1 and L2) for pdfmake, which has no bidi.
 *
 * richText emits runs in logical order with `bidiLevel`; pdfmake copies every run property onto the
 * inlines it splits the run into, wraps lines in logical order, and positions inlines left to
 * right. This hook runs when pdfmake has finished a line and, if the line holds bidi inlines,
 * reorders them and recomputes their x positions, before alignment and rendering. Glyphs inside
 * a right-to-left inline are already reversed by fontkit. Inlines without a level (text the
 * builder added itself) count as level 0, i.e. left-to-right.
 */
import { createRequire } from 'node:module'
import path from 'node:path'

const require = createRequire(import.meta.url)

interface LineInline {
  text: string
  width: number
  x: number
  leadingCut?: number
  trailingCut?: number
  bidiLevel?: number
  bidiParagraphLevel?: number
}

interface PdfmakeLine {
  inlines: LineInline[]
  leadingCut: number
  trailingCut: number
  inlineWidths: number
}

type BuildNextLine = (this: unknown, textNode: unknown) => PdfmakeLine | null

const INSTALLED = Symbol.for('proposaldesk.bidiLines')
const WHITESPACE_ONLY = /^\s*$/u

export function reorderLine(line: PdfmakeLine): void {
  const inlines = line.inlines
  let hasOdd = false
  for (let k = 0; k < inlines.length; k++) {
    const level = inlines[k]!.bidiLevel
    if (level !== undefined && level % 2 === 1) {
      hasOdd = true
      break
    }
  }
  if (!hasOdd) return
  const paragraphLevel = inlines.find((i) => i.bidiParagraphLevel !== undefined)?.bidiParagraphLevel

  const levels = inlines.map((i) => i.bidiLevel ?? 0)
  // L1: whitespace at the end of the line goes back to the paragraph level.
  for (let k = inlines.length - 1; k >= 0; k--) {
    if (!WHITESPACE_ONLY.test(inlines[k]?.text ?? '')) break
    levels[k] = paragraphLevel ?? 0
  }
  // L2: from the highest level down to the lowest odd one, reverse every maximal sequence at
  // that level or above.
  const order = inlines.map((_, k) => k)
  const maxLevel = Math.max(...levels)
  const oddLevels = levels.filter((l) => l % 2 === 1)
  const minOdd = Math.min(...oddLevels)
  for (let lvl = maxLevel; lvl >= minOdd; lvl--) {
    let k = 0
    while (k < order.length) {
      if ((levels[order[k] ?? 0] ?? 0) >= lvl) {
        let m = k
        while (m < order.length && (levels[order[m] ?? 0] ?? 0) >= lvl) m++
        const reversed = order.slice(k, m).reverse()
        order.splice(k, m - k, ...reversed)
        k = m
      } else {
        k++
      }
    }
  }
  const visual = order.map((k) => inlines[k]!)
  line.inlines = visual
  line.leadingCut = visual[0]?.leadingCut ?? 0
  line.trailingCut = visual[visual.length - 1]?.trailingCut ?? 0
  let x = 0 - line.leadingCut
  for (const inline of visual) {
    inline.x = x
    x += inline.width
  }
}

/** Wraps pdfmake's LayoutBuilder.buildNextLine once per isolate. */
export function installBidiLineReordering(): void {
  const pdfmakeEntry = require.resolve('pdfmake')
  const mod = createRequire(pdfmakeEntry)(
    path.join(path.dirname(pdfmakeEntry), 'LayoutBuilder.js'),
  ) as { default: { prototype: Record<string | symbol, unknown> } }
  const proto = mod.default.prototype
  if (proto[INSTALLED] === true) return
  const original = proto.buildNextLine as BuildNextLine
  const reordering: BuildNextLine = function (textNode) {
    const line = original.call(this, textNode)
    if (line !== null && Array.isArray(line.inlines)) reorderLine(line)
    return line
  }
  proto.buildNextLine = reordering
  proto[INSTALLED] = true
}
