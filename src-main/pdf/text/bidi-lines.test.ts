import { describe, expect, it } from 'vitest'

import { reorderLine } from './bidi-lines.ts'

const inline = (text: string, width: number, bidiLevel?: number, cut = 0) => ({
  text,
  width,
  x: 0,
  leadingCut: cut,
  trailingCut: cut,
  ...(bidiLevel === undefined ? {} : { bidiLevel, bidiParagraphLevel: 1 }),
})

function line(inlines: ReturnType<typeof inline>[]) {
  return { inlines, leadingCut: 0, trailingCut: 0, inlineWidths: 0 }
}

describe('reorderLine', () => {
  it('leaves lines without right-to-left inlines untouched', () => {
    const l = line([inline('Hello ', 30), inline('world', 25)])
    const before = l.inlines.slice()
    reorderLine(l)
    expect(l.inlines).toEqual(before)
  })

  it('reverses right-to-left words, keeps a left-to-right number inside them, recomputes x', () => {
    // logical: A(1) " "(1) 250(2) " "(1) B(1)
    const l = line([
      inline('A', 10, 1),
      inline(' ', 3, 1, 3),
      inline('250', 15, 2),
      inline(' ', 3, 1, 3),
      inline('B', 12, 1),
    ])
    reorderLine(l)
    expect(l.inlines.map((i) => i.text)).toEqual(['B', ' ', '250', ' ', 'A'])
    expect(l.inlines.map((i) => i.x)).toEqual([0, 12, 15, 30, 33])
  })

  it('moves trailing whitespace to the paragraph level and cuts it at the visual start', () => {
    const l = line([
      inline('A', 10, 1),
      inline(' ', 3, 1, 3),
      inline('B', 12, 1),
      inline(' ', 3, 1, 3),
    ])
    reorderLine(l)
    expect(l.inlines.map((i) => i.text)).toEqual([' ', 'B', ' ', 'A'])
    expect(l.leadingCut).toBe(3)
    expect(l.inlines[1]?.x).toBe(0)
  })
})
