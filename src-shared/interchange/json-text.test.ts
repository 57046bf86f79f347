import { describe, expect, it } from 'vitest'
import blns from './fixtures/blns.json' with { type: 'json' }
import { JsonNumberText, JsonSyntaxError, MAX_JSON_DEPTH, parseJsonText } from './json-text.ts'

describe('parseJsonText', () => {
  it('keeps numbers as their exact source text', () => {
    const v = parseJsonText('{"a": 12345678901234567890.125, "b": [0.1, -2e-3, 1E+2]}') as {
      a: JsonNumberText
      b: JsonNumberText[]
    }
    expect(v.a).toBeInstanceOf(JsonNumberText)
    expect(v.a.text).toBe('12345678901234567890.125')
    expect(v.b.map((n) => n.text)).toEqual(['0.1', '-2e-3', '1E+2'])
  })

  it('decodes strings exactly like JSON.parse, including hostile ones', () => {
    const text = JSON.stringify({ strings: blns, escaped: '\u0000\u001f"\\/\ud83d\ude00\ud800' })
    expect(parseJsonText(text)).toEqual(JSON.parse(text))
    expect(parseJsonText('"\\ud83d\\ude00 \\u00e9\\n"')).toBe('😀 é\n')
  })

  it('treats __proto__ as a plain key and keeps the last duplicate', () => {
    const v = parseJsonText('{"__proto__": {"polluted": true}, "k": 1, "k": 2}') as Record<
      string,
      unknown
    >
    expect(Object.getPrototypeOf(v)).toBe(Object.prototype)
    expect(Object.keys(v)).toEqual(['__proto__', 'k'])
    expect((v.k as JsonNumberText).text).toBe('2')
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
  })

  it('accepts literals, whitespace and a byte order mark', () => {
    expect(parseJsonText('\ufeff [true, false, null, {} , []] ')).toEqual([
      true,
      false,
      null,
      {},
      [],
    ])
  })

  it('rejects what JSON.parse rejects', () => {
    for (const bad of [
      '',
      '{',
      '{"a":1,}',
      '[1,]',
      '01',
      '1.',
      '.5',
      '+1',
      'NaN',
      "{'a':1}",
      '"\t"',
      '"\\x41"',
      'tru',
      '{} x',
      '{"a" 1}',
    ]) {
      expect(() => JSON.parse(bad) as unknown, bad).toThrow()
      expect(() => parseJsonText(bad), bad).toThrow(JsonSyntaxError)
    }
  })

  it('refuses absurd nesting instead of overflowing the stack', () => {
    const deep = '['.repeat(MAX_JSON_DEPTH + 5) + ']'.repeat(MAX_JSON_DEPTH + 5)
    expect(() => parseJsonText(deep)).toThrow(/nesting deeper/)
    const ok = '['.repeat(100) + ']'.repeat(100)
    expect(parseJsonText(ok)).toEqual(JSON.parse(ok))
  })
})
