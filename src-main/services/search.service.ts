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

export function createSearchService(ctx: ServiceContext): SearchService {
  return {
    proposals(query, limit = 20) {
      const match = ftsQuery(query)
      if (match === null) return []
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
          number: toHighlighted(r.h_number),
          title: toHighlighted(r.h_title),
          client: toHighlighted(r.h_client),
          body: toHighlighted(r.h_body.replace(/^\s+/u, '')),
        },
      }))
    },
  }
}
