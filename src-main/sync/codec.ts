import type { ColumnKind, TableSpec } from './sync-schema.ts'

/** A row as the device stores it (SQLite values). */
export type LocalRow = Record<string, unknown>

const DEC = /^[+-]?\d{1,18}(\.\d{1,6})?$/
const DATE = /^\d{4}-\d{2}-\d{2}$/
const ISO = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}:\d{2})(\.\d{1,3})?Z$/
const SQLTS = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2})(\.\d{1,6})?$/

export class InvalidValueError extends Error {}

/** A value as text without "[object Object]" surprises (objects become JSON). */
export function text(v: unknown): string {
  if (typeof v === 'string') return v
  if (typeof v === 'number' || typeof v === 'bigint' || typeof v === 'boolean') return String(v)
  if (v === null || v === undefined) return ''
  if (Buffer.isBuffer(v)) return v.toString('utf8')
  return JSON.stringify(v)
}

/** "2.500000" → "2.5", "-0.0" → "0", "007" → "7": one spelling per number, so devices converge. */
export function normalizeDecimal(s: string): string {
  let t = s.trim()
  let neg = false
  if (t.startsWith('-')) {
    neg = true
    t = t.slice(1)
  } else if (t.startsWith('+')) t = t.slice(1)
  let [int = '0', frac = ''] = t.split('.')
  int = int.replace(/^0+(?=\d)/, '')
  frac = frac.replace(/0+$/, '')
  const body = frac ? `${int}.${frac}` : int
  return neg && body !== '0' ? `-${body}` : body
}

function isoToSql(v: string): string {
  const m = ISO.exec(v)
  if (!m) {
    const d = new Date(v)
    if (Number.isNaN(d.getTime())) throw new InvalidValueError(`not a timestamp: ${v}`)
    return isoToSql(d.toISOString())
  }
  return `${m[1]} ${m[2]}${(m[3] ?? '.000').padEnd(4, '0')}`
}

function sqlToIso(v: string): string {
  const m = SQLTS.exec(v)
  if (!m) return v
  const frac = (m[3] ?? '.000').slice(0, 4).padEnd(4, '0')
  return `${m[1]}T${m[2]}${frac}Z`
}

function toBuffer(v: unknown): Buffer {
  if (Buffer.isBuffer(v)) return v
  if (v instanceof Uint8Array) return Buffer.from(v)
  if (typeof v === 'object' && v !== null && '$base64' in v) {
    return Buffer.from(text(v.$base64), 'base64')
  }
  throw new InvalidValueError('not binary data')
}

/** Device value (or outbox JSON value) → parameter for MySQL. Throws InvalidValueError. */
export function toRemote(kind: ColumnKind, v: unknown): unknown {
  if (v === null || v === undefined) return null
  switch (kind) {
    case 'ts':
      return isoToSql(text(v))
    case 'dec': {
      const s = text(v).trim()
      if (!DEC.test(s))
        throw new InvalidValueError(`not a decimal with ≤18 digits and ≤6 places: ${s}`)
      return normalizeDecimal(s)
    }
    case 'int':
    case 'big': {
      const n = typeof v === 'string' ? Number(v) : v
      if (typeof n !== 'number' || !Number.isSafeInteger(n))
        throw new InvalidValueError(`not an integer: ${text(v)}`)
      return n
    }
    case 'bool':
      return v === true || v === 1 || v === '1' ? 1 : 0
    case 'date': {
      const s = text(v)
      if (!DATE.test(s)) throw new InvalidValueError(`not a calendar date: ${s}`)
      return s
    }
    case 'json':
      return typeof v === 'string' ? v : JSON.stringify(v)
    case 'blob':
      return toBuffer(v)
    case 'id':
    case 'text':
      return typeof v === 'string' ? v : text(v)
  }
}

/** MySQL value (dateStrings, bigNumberStrings) → device value. */
export function fromRemote(kind: ColumnKind, v: unknown): unknown {
  if (v === null || v === undefined) return null
  switch (kind) {
    case 'ts':
      return sqlToIso(text(v))
    case 'dec':
      return normalizeDecimal(text(v))
    case 'int':
    case 'big':
      return Number(v)
    case 'bool':
      return Number(v) ? 1 : 0
    case 'blob':
      return toBuffer(v)
    case 'date':
    case 'json':
    case 'id':
    case 'text':
      return text(v)
  }
}

/** The canonical device spelling of a value (what a device holds after pulling it back). */
export function canonical(kind: ColumnKind, v: unknown): unknown {
  return fromRemote(kind, toRemote(kind, v))
}

export function sameValue(kind: ColumnKind, a: unknown, b: unknown): boolean {
  if (a === null || a === undefined || b === null || b === undefined) {
    return (a ?? null) === (b ?? null)
  }
  if (kind === 'blob') return toBuffer(a).equals(toBuffer(b))
  return a === b
}

/** Server row → device row (only the spec's columns, plus id and row_version). */
export function remoteRowToLocal(spec: TableSpec, r: Record<string, unknown>): LocalRow {
  const out: LocalRow = { id: String(r.id), row_version: Number(r.row_version) }
  for (const [col, kind] of Object.entries(spec.columns)) out[col] = fromRemote(kind, r[col])
  return out
}

/** JSON-safe rendering of a value for conflict records and the CLI. */
export function displayValue(v: unknown): unknown {
  if (Buffer.isBuffer(v)) return { $base64: v.toString('base64') }
  return v ?? null
}
