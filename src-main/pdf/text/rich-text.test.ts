import { describe, expect, it } from 'vitest'

import {
  REPLACEMENT_CHAR,
  findMissingGlyphs,
  richText,
  textDirection,
  type TextRun,
} from './index.ts'

describe('richText', () => {
  it('returns plain strings for text the primary font draws', () => {
    expect(richText('ACME GmbH — 1.250,00 €')).toBe('ACME GmbH — 1.250,00 €')
    expect(richText('Tiếng Việt có dấu')).toBe('Tiếng Việt có dấu')
    expect(richText('İstanbul ığdır şç')).toBe('İstanbul ığdır şç')
    expect(richText('Ελληνικά и Русский')).toBe('Ελληνικά и Русский')
  })

  it('NFC-normalises decomposed input', () => {
    expect(richText('Vie\u0302\u0323t cafe\u0301')).toBe('Việt café')
  })

  it('puts each script in a font that has it, keeping spaces with the running text', () => {
    expect(richText('Offer 报价单 für 한국')).toEqual([
      { text: 'Offer ', font: 'NotoSans' },
      { text: '报价单 ', font: 'NotoSansSC' },
      { text: 'für ', font: 'NotoSans' },
      { text: '한국', font: 'NotoSansKR' },
    ])
    expect(richText('ใบเสนอราคา')).toEqual([{ text: 'ใบเสนอราคา', font: 'NotoSansThai' }])
    expect(richText('こんにちは')).toEqual([{ text: 'こんにちは', font: 'NotoSansSC' }])
  })

  it('draws emoji (with ZWJ sequences and VS16 kept) in the emoji font, spaces in the text font', () => {
    expect(richText('Go 🚀 👨‍👩‍👧 ❤️')).toEqual([
      { text: 'Go ', font: 'NotoSans' },
      { text: '🚀', font: 'NotoEmoji' },
      { text: ' ', font: 'NotoSans' },
      { text: '👨‍👩‍👧', font: 'NotoEmoji' },
      { text: ' ', font: 'NotoSans' },
      { text: '❤️', font: 'NotoEmoji' },
    ])
  })

  it('emits each right-to-left word as its own run, in logical order, with bidi levels', () => {
    expect(richText('שלום עולם')).toEqual([
      { text: 'שלום', font: 'NotoSansHebrew', bidiLevel: 1, bidiParagraphLevel: 1 },
      { text: ' ', font: 'NotoSansHebrew', bidiLevel: 1, bidiParagraphLevel: 1 },
      { text: 'עולם', font: 'NotoSansHebrew', bidiLevel: 1, bidiParagraphLevel: 1 },
    ])
  })

  it('gives numbers inside right-to-left text an even (left-to-right) level', () => {
    const runs = richText('Total מחיר סופי 250 EUR') as TextRun[]
    expect(runs.map((r) => [r.text, r.bidiLevel])).toEqual([
      ['Total ', 0],
      ['מחיר', 1],
      [' ', 1],
      ['סופי', 1],
      [' ', 1],
      ['250', 2],
      [' ', 0],
      ['EUR', 0],
    ])
  })

  it('keeps an emoji between right-to-left words inside their run (astral characters)', () => {
    const runs = richText('Hello שלום 😀 עולם') as TextRun[]
    expect(runs.map((r) => [r.text, r.bidiLevel])).toEqual([
      ['Hello ', 0],
      ['שלום', 1],
      [' ', 1],
      ['😀', 1],
      [' ', 1],
      ['עולם', 1],
    ])
  })

  it('draws Arabic with a font that has one glyph per letter form', () => {
    const runs = richText('خمسة') as TextRun[]
    expect(runs.map((r) => r.font)).toEqual(['IBMPlexSansArabic'])
  })

  it('mirrors brackets inside right-to-left text', () => {
    const runs = richText('שלום (עולם)') as TextRun[]
    // fontkit draws the word's glyphs right to left, so the logical text carries mirrored
    // brackets: ")עולם(" is drawn as "(", ם, ל, ו, ע, ")".
    expect(runs.map((r) => r.text)).toEqual(['שלום', ' ', ')עולם('])
  })

  it('keeps hard line breaks; each line has its own paragraph level', () => {
    const runs = richText('Line A\nשורה ב') as TextRun[]
    expect(runs.map((r) => r.text).join('')).toBe('Line A\nשורה ב')
    expect(runs.map((r) => r.bidiParagraphLevel)).toEqual([undefined, 1, 1, 1])
  })

  it('drops invisible format characters the font would draw as a box or gap', () => {
    expect(richText('in\u00ADvoice\u200B total\uFEFF\u200E')).toBe('invoice total')
    expect(richText('a\tb')).toBe('a b')
  })

  it('replaces a character no font has with a visible U+FFFD', () => {
    expect(richText('x\uE000y')).toBe(`x${REPLACEMENT_CHAR}y`)
  })

  it('applies bold/italics to every run', () => {
    expect(richText('Hi 中', { bold: true, italics: true })).toEqual([
      { text: 'Hi ', font: 'NotoSans', bold: true, italics: true },
      { text: '中', font: 'NotoSansSC', bold: true, italics: true },
    ])
    expect(richText('Plain', { bold: true })).toEqual([
      { text: 'Plain', font: 'NotoSans', bold: true },
    ])
  })

  it('hands out fresh run objects from its cache (pdfmake mutates what it is given)', () => {
    const a = richText('cache 中文')
    const b = richText('cache 中文')
    expect(a).toEqual(b)
    expect(a).not.toBe(b)
    if (Array.isArray(a) && Array.isArray(b)) expect(a[0]).not.toBe(b[0])
  })

  it('is fast enough for a 1,000-line document (cached calls)', () => {
    const lines = Array.from({ length: 1000 }, (_, i) => `Item ${i} Widget — 中文 ${i % 7}`)
    for (const l of lines) richText(l)
    const t = performance.now()
    for (let r = 0; r < 5; r++) for (const l of lines) richText(l)
    // Budget is generous on purpose (shared CI cores); typical is well under 20 ms.
    expect(performance.now() - t).toBeLessThan(1000)
  })
})

describe('findMissingGlyphs', () => {
  it('reports each uncovered character once, as U+XXXX, in order of first appearance', () => {
    expect(findMissingGlyphs(['a\uE000b\uE000', 'z\u{F0000}', '\uE000'])).toEqual([
      { char: '\uE000', codePoint: 'U+E000' },
      { char: '\u{F0000}', codePoint: 'U+F0000' },
    ])
  })

  it('finds nothing missing in any supported script', () => {
    expect(
      findMissingGlyphs([
        'Tiếng Việt İstanbul ığdır Ελληνικά Русский',
        '简体 繁體 日本語 カタカナ 한국어',
        'مرحبا שלום नमस्ते क्षत्रिय สวัสดี',
        '😀 👨‍👩‍👧 🇩🇪 ❤️ 1️⃣ ✅ © ™ € ₪ ₫ ₹',
      ]),
    ).toEqual([])
  })

  it('ignores invisible controls: ZWJ, ZWNJ, variation selectors, BOM, bidi marks, tags', () => {
    expect(
      findMissingGlyphs([
        'a\u200Db\u200Cc\uFE0F\uFE0E\uFEFF\u200E\u200F\u202B\u2066\u00AD\u{E0067}\n\t',
      ]),
    ).toEqual([])
  })

  it('reports scripts no bundled font covers', () => {
    const missing = findMissingGlyphs(['ᚠᚢᚦ', '𓀀'])
    expect(missing.map((m) => m.codePoint)).toEqual(['U+16A0', 'U+16A2', 'U+16A6', 'U+13000'])
  })
})

describe('textDirection', () => {
  it('follows the first strong character of the first line', () => {
    expect(textDirection('Hello שלום')).toBe('ltr')
    expect(textDirection('שלום Hello')).toBe('rtl')
    expect(textDirection('2026 مرحبا')).toBe('rtl')
    expect(textDirection('123 — 中文')).toBe('ltr')
  })
})
