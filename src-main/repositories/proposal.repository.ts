import { sql, type Insertable, type Selectable, type Updateable } from 'kysely'
import type { LocalDb } from '../db/local-database.ts'
import type { LineItemsTable, ProposalSectionsTable, ProposalsTable } from '../db/tables.ts'
import type { ProposalStatus } from '../../src-shared/domain/proposal.types.ts'
import { effectiveStatusSql, statusFilterSql, supersededIdsSql } from './lifecycle.repository.ts'
import { likePattern } from './like-pattern.ts'
import { ftsQuery, matchingProposalIds } from './search.repository.ts'

export type ProposalRow = Selectable<ProposalsTable>
export type NewProposalRow = Insertable<ProposalsTable>
export type SectionRow = Selectable<ProposalSectionsTable>
export type NewSectionRow = Insertable<ProposalSectionsTable>
export type LineRow = Selectable<LineItemsTable>
export type NewLineRow = Insertable<LineItemsTable>

export function findProposalRow(
  db: LocalDb,
  id: string,
  opts: { includeDeleted?: boolean } = {},
): ProposalRow | undefined {
  let q = db.q.selectFrom('proposals').selectAll().where('id', '=', id)
  if (!opts.includeDeleted) q = q.where('deleted_at', 'is', null)
  return db.first(q)
}

/** The latest live revision carrying this human number. */
export function findLatestProposalRowByNumber(
  db: LocalDb,
  number: string,
): ProposalRow | undefined {
  return db.first(
    db.q
      .selectFrom('proposals')
      .selectAll()
      .where('number', '=', number)
      .where('deleted_at', 'is', null)
      .orderBy('revision', 'desc')
      .limit(1),
  )
}

/** Any row (deleted or not, any revision) ever used this number: numbers are never reused. */
export function proposalNumberExists(db: LocalDb, number: string): boolean {
  return (
    db.first(db.q.selectFrom('proposals').select('id').where('number', '=', number).limit(1)) !==
    undefined
  )
}

export function insertProposalRow(db: LocalDb, row: NewProposalRow): void {
  db.run(db.q.insertInto('proposals').values(row))
}

export function updateProposalRow(
  db: LocalDb,
  id: string,
  fields: Updateable<ProposalsTable>,
): void {
  db.run(db.q.updateTable('proposals').set(fields).where('id', '=', id))
}

export function listSectionRows(db: LocalDb, proposalId: string): SectionRow[] {
  return db.all(
    db.q
      .selectFrom('proposal_sections')
      .selectAll()
      .where('proposal_id', '=', proposalId)
      .where('deleted_at', 'is', null)
      .orderBy('position')
      .orderBy('id'),
  )
}

export function listLineRows(db: LocalDb, proposalId: string): LineRow[] {
  return db.all(
    db.q
      .selectFrom('line_items')
      .selectAll()
      .where('proposal_id', '=', proposalId)
      .where('deleted_at', 'is', null)
      .orderBy('position')
      .orderBy('id'),
  )
}

/** Which of these ids exist in the table at all (any proposal, deleted or not). */
export function existingSectionIds(db: LocalDb, ids: readonly string[]): Set<string> {
  if (ids.length === 0) return new Set()
  const rows = db.all(db.q.selectFrom('proposal_sections').select('id').where('id', 'in', ids))
  return new Set(rows.map((r) => r.id))
}

export function existingLineIds(db: LocalDb, ids: readonly string[]): Set<string> {
  if (ids.length === 0) return new Set()
  const rows = db.all(db.q.selectFrom('line_items').select('id').where('id', 'in', ids))
  return new Set(rows.map((r) => r.id))
}

export function insertSectionRow(db: LocalDb, row: NewSectionRow): void {
  db.run(db.q.insertInto('proposal_sections').values(row))
}

export function updateSectionRow(
  db: LocalDb,
  id: string,
  fields: Updateable<ProposalSectionsTable>,
): void {
  db.run(db.q.updateTable('proposal_sections').set(fields).where('id', '=', id))
}

export function insertLineRow(db: LocalDb, row: NewLineRow): void {
  db.run(db.q.insertInto('line_items').values(row))
}

export function updateLineRow(db: LocalDb, id: string, fields: Updateable<LineItemsTable>): void {
  db.run(db.q.updateTable('line_items').set(fields).where('id', '=', id))
}

export type ProposalSortKey =
  'updated' | 'created' | 'number' | 'title' | 'client' | 'total' | 'validUntil'

export interface ProposalListQuery {
  search: string
  status: ProposalStatus | 'all'
  sort: ProposalSortKey
  direction: 'asc' | 'desc'
  limit: number
  offset: number
  /** Today's calendar date: a sent proposal valid until before it is listed (and filtered) as expired. */
  today?: string
}

export interface ProposalSummaryRow {
  id: string
  number: string
  revision: number
  title: string
  status: ProposalStatus
  client_id: string | null
  client_name: string
  currency: string
  issue_date: string | null
  valid_until: string | null
  net_minor: number
  gross_minor: number
  is_sample: 0 | 1
  created_at: string
  updated_at: string
}

const countCache = new WeakMap<LocalDb, { key: string; version: string; total: number }>()

/**
 * Changes whenever any connection commits to the store (data_version: other connections;
 * total_changes: this one).
 */
function storeVersion(db: LocalDb): string {
  const dataVersion = db.sqlite.pragma('data_version', { simple: true }) as number
  const changes = db.sqlite.prepare('SELECT total_changes() AS n').pluck().get() as number
  return `${dataVersion}:${changes}`
}

/**
 * One page of live proposals (latest revision of each number) with the total count. The client
 * name is the frozen snapshot's when there is one (what was printed), else the live client's.
 */
export function listProposalSummaryRows(
  db: LocalDb,
  query: ProposalListQuery,
): { rows: ProposalSummaryRow[]; total: number } {
  const clientName = sql<string>`coalesce(json_extract(p.client_snapshot, '$.name'), c.name, '')`
  // The filters do without the clients join, so the count can run on a narrow index (at 100,000
  // proposals a count that reads the table rows costs hundreds of ms).
  let base = db.q
    .selectFrom('proposals as p')
    .where('p.deleted_at', 'is', null)
    // Latest revision of each number only.
    .where(sql<boolean>`p.id NOT IN ${supersededIdsSql}`)
  const status =
    query.today !== undefined ? effectiveStatusSql('p', query.today) : sql<ProposalStatus>`p.status`
  if (query.status !== 'all') {
    base = base.where(
      query.today !== undefined
        ? statusFilterSql('p', query.status, query.today)
        : sql<boolean>`p.status = ${query.status}`,
    )
  }
  const term = query.search.trim()
  // Full-text (FTS5: numbers, titles, client names, sections, lines; prefixes, accents folded);
  // LIKE only for input with no searchable word in it.
  const match = term ? ftsQuery(term) : null
  if (match !== null) {
    base = base.where(sql<boolean>`p.id IN ${matchingProposalIds(match)}`)
  } else if (term) {
    const like = likePattern(term)
    base = base.where((eb) =>
      eb.or([
        eb(eb.ref('p.number'), 'like', like),
        eb(eb.ref('p.title'), 'like', like),
        eb(
          sql<string>`coalesce(json_extract(p.client_snapshot, '$.name'),
            (SELECT cl.name FROM clients cl WHERE cl.id = p.client_id), '')`,
          'like',
          like,
        ),
      ]),
    )
  }
  // SQLite's planner does not pick the narrow partial indexes of the live rows by itself (it
  // counts by reading the table: hundreds of ms at 100,000 proposals; it sorts a whole status
  // instead of walking the sort index), so without a search the queries name their index.
  const indexed = match === null && !term
  const from = 'from "proposals" as "p"'
  const withIndex = <Q extends { sql: string }>(q: Q, index: string | null): Q =>
    index !== null && q.sql.includes(from)
      ? { ...q, sql: q.sql.replace(from, `${from} indexed by ${index}`) }
      : q
  const countIndex = !indexed
    ? null
    : query.status === 'all'
      ? 'proposals_live_updated'
      : 'proposals_live_status_valid'
  // The total depends on the filter only, not on sort or page: reuse it while the store is
  // unchanged (paging and re-sorting 100,000 proposals then costs one index walk per page).
  const countKey = JSON.stringify([query.status, term, query.today ?? null])
  const version = storeVersion(db)
  const cached = countCache.get(db)
  let total: number
  if (cached && cached.key === countKey && cached.version === version) total = cached.total
  else {
    const totalRow = db.first(
      withIndex(base.select((eb) => eb.fn.countAll<number>().as('n')).compile(), countIndex),
    )
    total = totalRow?.n ?? 0
    countCache.set(db, { key: countKey, version, total })
  }
  const dir = query.direction
  const sortExpr = {
    updated: sql`p.updated_at`,
    created: sql`p.created_at`,
    number: sql`p.number`,
    title: sql`lower(p.title)`,
    client: sql`lower(${clientName})`,
    total: sql`p.gross_minor`,
    validUntil: sql`p.valid_until`,
  }[query.sort]
  const pageIndex = !indexed
    ? null
    : query.sort === 'updated' && query.status !== 'all' && query.status !== 'expired'
      ? 'proposals_live_status_updated'
      : ({
          updated: 'proposals_live_updated',
          created: 'proposals_live_created',
          number: 'proposals_live_number',
          title: 'proposals_live_title',
          client: null,
          total: 'proposals_live_total',
          validUntil: 'proposals_live_valid',
        }[query.sort] ?? null)
  const columns = (q: typeof base) =>
    q
      .leftJoin('clients as c', 'c.id', 'p.client_id')
      .select([
        'p.id',
        'p.number',
        'p.revision',
        'p.title',
        status.as('status'),
        'p.client_id',
        clientName.as('client_name'),
        'p.currency',
        'p.issue_date',
        'p.valid_until',
        'p.net_minor',
        'p.gross_minor',
        'p.is_sample',
        'p.created_at',
        'p.updated_at',
      ])
  let rows: ProposalSummaryRow[]
  if (pageIndex !== null) {
    // Two steps: the page's ids from the covering sort index (a deep OFFSET then skips index
    // entries only), then the 50 rows with their client names.
    const ids = db
      .all(
        withIndex(
          base
            .select('p.id')
            .orderBy(sortExpr, dir)
            .orderBy('p.id', dir)
            .limit(query.limit)
            .offset(query.offset)
            .compile(),
          pageIndex,
        ),
      )
      .map((r) => r.id)
    const byId = new Map(
      ids.length === 0
        ? []
        : db
            .all(columns(db.q.selectFrom('proposals as p').where('p.id', 'in', ids)))
            .map((r) => [r.id, r]),
    )
    rows = ids.flatMap((id) => {
      const r = byId.get(id)
      return r ? [r] : []
    })
  } else {
    rows = db.all(
      columns(base)
        .orderBy(sortExpr, dir)
        .orderBy('p.id', dir)
        .limit(query.limit)
        .offset(query.offset),
    )
  }
  return { rows, total }
}

/** Has this store ever held a proposal (deleted ones included)? */
export function anyProposalRowExists(db: LocalDb): boolean {
  return db.first(db.q.selectFrom('proposals').select('id').limit(1)) !== undefined
}
