import type { Proposal } from '../../src-shared/domain/proposal.types.ts'
import type { LibrarySearchHit, LibrarySection } from '../../src-shared/ipc/quoting.contract.ts'
import type { ParsedInputOf } from '../../src-shared/ipc/contract.ts'
import { AppError } from '../../src-shared/ipc/result.ts'
import {
  findLibraryRow,
  insertLibraryRow,
  libraryCategories,
  listLibraryRows,
  updateLibraryRow,
  type LibraryRow,
} from '../repositories/library.repository.ts'
import { ftsQuery, searchLibraryRows } from '../repositories/search.repository.ts'
import { recordActivity } from './activity.service.ts'
import type { ProposalsService } from './index.ts'
import { toHighlighted } from './search.service.ts'
import { nextTimestamp, type ServiceContext } from './service-context.ts'

export interface LibraryService {
  list(q: ParsedInputOf<'library.list'>): LibrarySearchHit[]
  categories(): string[]
  get(id: string): LibrarySection
  create(input: ParsedInputOf<'library.create'>): LibrarySection
  update(id: string, patch: ParsedInputOf<'library.update'>['patch']): LibrarySection
  delete(id: string): { id: string }
  /** Copies the section into the proposal (copy on insert: later library edits never reach it). */
  insert(input: ParsedInputOf<'library.insert'>): Proposal
}

function parseTags(json: string): string[] {
  try {
    const v = JSON.parse(json) as unknown
    return Array.isArray(v) ? v.filter((t): t is string => typeof t === 'string') : []
  } catch {
    return []
  }
}

function fromRow(row: LibraryRow): LibrarySection {
  return {
    id: row.id,
    title: row.title,
    body: row.body,
    category: row.category,
    tags: parseTags(row.tags),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  }
}

/** Tags are trimmed, blank ones dropped, duplicates (ignoring case) kept once. */
function cleanTags(tags: readonly string[]): string[] {
  const seen = new Set<string>()
  const out: string[] = []
  for (const t of tags) {
    const v = t.trim()
    if (v === '' || seen.has(v.toLowerCase())) continue
    seen.add(v.toLowerCase())
    out.push(v)
  }
  return out
}

export function createLibraryService(
  ctx: ServiceContext,
  proposals: Pick<ProposalsService, 'get' | 'update'>,
): LibraryService {
  const { db } = ctx
  const load = (id: string): LibraryRow => {
    const row = findLibraryRow(db, id)
    if (!row) throw new AppError('not_found', `library section ${id} not found`)
    return row
  }

  return {
    list({ search, category, limit }) {
      const match = ftsQuery(search)
      if (match === null) {
        return listLibraryRows(db, category, limit).map((r) => {
          const s = fromRow(r)
          return {
            ...s,
            titleHighlight: [{ text: s.title, match: false }],
            bodySnippet: s.body ? [{ text: s.body.slice(0, 200), match: false }] : [],
          }
        })
      }
      return searchLibraryRows(db, match, category, limit).map((r) => ({
        id: r.id,
        title: r.title,
        body: r.body,
        category: r.category,
        tags: parseTags(r.tags),
        createdAt: r.created_at,
        updatedAt: r.updated_at,
        titleHighlight: toHighlighted(r.h_title),
        bodySnippet: toHighlighted(r.h_body),
      }))
    },

    categories: () => libraryCategories(db),

    get: (id) => fromRow(load(id)),

    create(input) {
      const ts = ctx.now().toISOString()
      const id = ctx.newId()
      db.transaction(() =>
        insertLibraryRow(db, {
          id,
          title: input.title,
          body: input.body,
          category: input.category.trim(),
          tags: JSON.stringify(cleanTags(input.tags)),
          created_at: ts,
          updated_at: ts,
          updated_by: ctx.userName,
          deleted_at: null,
        }),
      )
      ctx.changed('library', [id])
      return fromRow(load(id))
    },

    update(id, patch) {
      db.transaction(() => {
        const row = load(id)
        updateLibraryRow(db, id, {
          ...(patch.title !== undefined ? { title: patch.title } : {}),
          ...(patch.body !== undefined ? { body: patch.body } : {}),
          ...(patch.category !== undefined ? { category: patch.category.trim() } : {}),
          ...(patch.tags !== undefined ? { tags: JSON.stringify(cleanTags(patch.tags)) } : {}),
          updated_at: nextTimestamp(ctx.now(), row.updated_at),
          updated_by: ctx.userName,
        })
      })
      ctx.changed('library', [id])
      return fromRow(load(id))
    },

    delete(id) {
      db.transaction(() => {
        const row = load(id)
        const ts = nextTimestamp(ctx.now(), row.updated_at)
        updateLibraryRow(db, id, { deleted_at: ts, updated_at: ts, updated_by: ctx.userName })
      })
      ctx.changed('library', [id])
      return { id }
    },

    insert({ proposalId, sectionId, index, expectedUpdatedAt }) {
      return db.transaction(() => {
        const section = load(sectionId)
        const proposal = proposals.get(proposalId)
        const sections: { id?: string; title: string; body: string }[] = proposal.sections.map(
          (s) => ({ id: s.id, title: s.title, body: s.body }),
        )
        const at = Math.min(index ?? sections.length, sections.length)
        sections.splice(at, 0, { title: section.title, body: section.body })
        const updated = proposals.update({
          id: proposalId,
          patch: { sections },
          ...(expectedUpdatedAt !== undefined ? { expectedUpdatedAt } : {}),
        })
        recordActivity(ctx, updated.id, 'library_inserted', {
          sectionId,
          title: section.title,
        })
        return updated
      })
    },
  }
}
