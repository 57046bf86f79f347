import type { Highlighted, SearchHit } from '../../src-shared/ipc/quoting.contract.ts'
import {
  ftsQuery,
  MATCH_CLOSE,
  MATCH_OPEN,
  searchProposalRows,
} from '../repositories/search.repository.ts'
import { todayLocal } from './lifecycle.service.ts'
import type { ServiceContext } from './service-context.ts'

export interface SearchService {
  proposals(query: string, limit?: number): SearchHit[]
}

/** FTS5 highlight()/snippet() output → plain/matched runs (no markup reaches the renderer). */
export function toHighlighted(marked: string | null): Highlighted {
  const out: Highlighted = []
  if (!marked) return out
  let match = false
  let buf = ''
  const flush = (): void => {
    if (buf !== '') out.push({ text: buf, match })
    buf = ''
  }
  for (const ch of marked) {
    if (ch === MATCH_OPEN) {
      flush()
      match = true
    } else if (ch === MATCH_CLOSE) {
      flush()
      match = false
    } else buf += ch
  }
  flush()
  return out
}

const WORD = /[\p{L}\p{N}]+/gu

/** Lower case without diacritics — what the index's `unicode61 remove_diacritics 2` compares. */
function fold(s: string): string {
  return s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase()
}

/** The query's tokens as the tokenizer sees them ("PR-2026-00" → pr, 2026, 00). */
export function queryTokens(query: string): string[] {
  return [...new Set((query.match(WORD) ?? []).map(fold))]
}

interface Token {
  start: number
  end: number
  match: boolean
}

function tokens(text: string, query: readonly string[]): Token[] {
  const out: Token[] = []
  for (const m of text.matchAll(WORD)) {
    const folded = fold(m[0])
    out.push({
      start: m.index,
      end: m.index + m[0].length,
      match: query.some((q) => folded.startsWith(q)),
    })
  }
  return out
}

function runs(text: string, toks: readonly Token[], from: number, to: number): Highlighted {
  const out: Highlighted = []
  const push = (t: string, match: boolean): void => {
    if (t === '') return
    const last = out[out.length - 1]
    if (last && last.match === match) last.text += t
    else out.push({ text: t, match })
  }
  let pos = from
  for (const t of toks) {
    if (t.end <= from || t.start >= to || !t.match) continue
    push(text.slice(pos, t.start), false)
    push(text.slice(t.start, t.end), true)
    pos = t.end
  }
  push(text.slice(pos, to), false)
  return out
}

/** The whole text with every word that starts with a query token marked (prefix search). */
export function highlightText(text: string, query: readonly string[]): Highlighted {
  return runs(text, tokens(text, query), 0, text.length)
}

/** About `size` words around the first match, on one line, with "…" where text was cut. */
export function snippetText(text: string, query: readonly string[], size = 16): Highlighted {
  const flat = text.replace(/\s+/gu, ' ').trim()
  const toks = tokens(flat, query)
  const first = Math.max(
    0,
    toks.findIndex((t) => t.match),
  )
  const from = Math.max(0, first - Math.floor(size / 3))
  const to = Math.min(toks.length, from + size)
  if (toks.length === 0) return flat ? [{ text: flat.slice(0, 120), match: false }] : []
  const start = from === 0 ? 0 : (toks[from]?.start ?? 0)
  const end = to >= toks.length ? flat.length : (toks[to - 1]?.end ?? flat.length)
  const out = runs(flat, toks, start, end)
  if (start > 0) out.unshift({ text: '…', match: false })
  if (end < flat.length) out.push({ text: '…', match: false })
  return out
}

export function createSearchService(ctx: ServiceContext): SearchService {
  return {
    proposals(query, limit = 20) {
      const match = ftsQuery(query)
      if (match === null) return []
      const words = queryTokens(query)
      const today = todayLocal(ctx.now())
      return searchProposalRows(ctx.db, match, limit, today).map((r) => ({
        id: r.id,
        number: r.number,
        revision: r.revision,
        title: r.title,
        clientName: r.client_name,
        status: r.status,
        currency: r.currency,
        gross: r.gross_minor,
        updatedAt: r.updated_at,
        highlights: {
          number: highlightText(r.t_number, words),
          title: highlightText(r.t_title, words),
          client: highlightText(r.t_client, words),
          body: snippetText(r.t_body, words),
        },
      }))
    },
  }
}
