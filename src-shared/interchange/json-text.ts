/**
 * A JSON parser that keeps every number as its source text. `JSON.parse` turns `64.22` or
 * `12345678901234567890` into binary floats before any validator sees them; the interchange format
 * promises that a JSON number is "converted exactly from its text", so numbers come out of this
 * parser as `JsonNumberText` and the schema decides what they may be. (The reviver `context.source`
 * proposal would do this natively but is not available in Node 20.)
 *
 * Everything else matches JSON.parse: strings are decoded by JSON.parse itself, duplicate keys keep
 * the last value, and "__proto__" becomes an ordinary own property (never the prototype).
 */

export class JsonNumberText {
  constructor(readonly text: string) {}
  toJSON(): number {
    return Number(this.text)
  }
}

export class JsonSyntaxError extends Error {
  constructor(
    message: string,
    readonly position: number,
  ) {
    super(message)
    this.name = 'JsonSyntaxError'
  }
}

/** Deeper documents are rejected rather than risking a stack overflow on hostile input. */
export const MAX_JSON_DEPTH = 256

const NUMBER_RE = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y
// A JSON string token: quotes, then any run of non-control, non-quote, non-backslash chars or escapes.
// eslint-disable-next-line no-control-regex -- JSON forbids raw control characters in strings
const STRING_RE = /"(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"/y
const WS_RE = /[ \t\n\r]*/y

export function parseJsonText(text: string): unknown {
  let pos = 0

  const fail = (what: string): never => {
    const near = text.slice(pos, pos + 20)
    throw new JsonSyntaxError(
      pos >= text.length
        ? `${what} at the end of the text`
        : `${what} at position ${pos} (near ${JSON.stringify(near)})`,
      pos,
    )
  }

  const skipWs = (): void => {
    WS_RE.lastIndex = pos
    WS_RE.exec(text)
    pos = WS_RE.lastIndex
  }

  const readString = (): string => {
    STRING_RE.lastIndex = pos
    const m = STRING_RE.exec(text)
    if (!m) return fail('invalid string')
    pos = STRING_RE.lastIndex
    return JSON.parse(m[0]) as string
  }

  const readValue = (depth: number): unknown => {
    if (depth > MAX_JSON_DEPTH) fail(`nesting deeper than ${MAX_JSON_DEPTH} levels`)
    skipWs()
    const ch = text[pos]
    switch (ch) {
      case '{': {
        pos++
        const obj: Record<string, unknown> = {}
        skipWs()
        if (text[pos] === '}') {
          pos++
          return obj
        }
        for (;;) {
          skipWs()
          if (text[pos] !== '"') fail('expected a property name')
          const key = readString()
          skipWs()
          if (text[pos] !== ':') fail('expected ":"')
          pos++
          const value = readValue(depth + 1)
          Object.defineProperty(obj, key, {
            value,
            enumerable: true,
            writable: true,
            configurable: true,
          })
          skipWs()
          if (text[pos] === ',') {
            pos++
            continue
          }
          if (text[pos] === '}') {
            pos++
            return obj
          }
          fail('expected "," or "}"')
        }
      }
      case '[': {
        pos++
        const arr: unknown[] = []
        skipWs()
        if (text[pos] === ']') {
          pos++
          return arr
        }
        for (;;) {
          arr.push(readValue(depth + 1))
          skipWs()
          if (text[pos] === ',') {
            pos++
            continue
          }
          if (text[pos] === ']') {
            pos++
            return arr
          }
          fail('expected "," or "]"')
        }
      }
      case '"':
        return readString()
      case 't':
        return readLiteral('true', true)
      case 'f':
        return readLiteral('false', false)
      case 'n':
        return readLiteral('null', null)
      default: {
        NUMBER_RE.lastIndex = pos
        const m = NUMBER_RE.exec(text)
        if (!m) return fail('unexpected character')
        pos = NUMBER_RE.lastIndex
        return new JsonNumberText(m[0])
      }
    }
  }

  const readLiteral = <T>(word: string, value: T): T => {
    if (text.startsWith(word, pos)) {
      pos += word.length
      return value
    }
    return fail('unexpected word')
  }

  // A UTF-8 byte order mark is common in files exported from Windows tools.
  if (text.charCodeAt(0) === 0xfeff) pos = 1
  const value = readValue(0)
  skipWs()
  if (pos < text.length) fail('unexpected text after the JSON value')
  return value
}
