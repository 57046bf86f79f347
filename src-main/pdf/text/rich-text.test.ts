import { describe, expect, it } from 'vitest'

import { REPLACEMENT_CHAR, findMissingGlyphs, richText } from './index.ts'

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

  it('emits right-to-left words right to left, each word in logical order', () => {
    expect(richText('שלום עולם')).toEqual([
      { text: 'עולם', font: 'NotoSansHebrew' },
      { text: ' ', font: 'NotoSansHebrew' },
      { text: 'שלום', font: 'NotoSansHebrew' },
    ])
  })

  it('reorders an RTL phrase inside an LTR sentence and keeps numbers left to right', () => {
    const runs = richText('Total מחיר סופי 250 EUR')
    expect(Array.isArray(runs)).toBe(true)
    const visual = (runs as { text: string }[]).map((r) => r.text).join('')
    expect(visual).toBe('Total 250 סופי מחיר EUR')
  })

  it('mirrors brackets inside right-to-left text', () => {
    const runs = richText('שלום (עולם)') as { text: string }[]
    // Visual left-to-right: "(עולם)" drawn reversed by fontkit, so the logical text of that word
    // carries mirrored brackets: ")עולם(" → glyphs "(", ם, ל, ו, ע, ")".
    expect(runs.map((r) => r.text)).toEqual([')עולם(', ' ', 'שלום'])
  })

  it('keeps hard line breaks and reorders each line on its own', () => {
    const runs = richText('Line A\nשורה ב') as { text: string; font: string }[]
    expect(runs.map((r) => r.text).join('')).toBe('Line A\nב שורה')
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
