import type { z } from 'zod'
import { addDays, isCalendarDate } from '../../src-shared/domain/calendar-date.ts'
import { minorDigits } from '../../src-shared/domain/currency.ts'
import { Dec, parseDecimal } from '../../src-shared/domain/decimal.ts'
import { revisionLetter } from '../../src-shared/domain/numbering.ts'
import type { CalcResult, TaxInput } from '../../src-shared/domain/money.types.ts'
import type {
  ClientSnapshot,
  LineItem,
  Proposal,
  ProposalSection,
  ProposalStatus,
  ProposalSummary,
} from '../../src-shared/domain/proposal.types.ts'
import { proposalTotals } from '../../src-shared/domain/totals.ts'
import type { ListPage, ParsedInputOf } from '../../src-shared/ipc/contract.ts'
import { AppError, validationError, type FieldIssue } from '../../src-shared/ipc/result.ts'
import type { proposalFieldsSchema } from '../../src-shared/ipc/schemas.ts'
import { withSynchronousFull } from '../db/durability.ts'
import { findClientRow } from '../repositories/client.repository.ts'
import { findProductRow } from '../repositories/product.repository.ts'
import {
  existingLineIds,
  existingSectionIds,
  findLatestProposalRowByNumber,
  findProposalRow,
  insertLineRow,
  insertProposalRow,
  insertSectionRow,
  listLineRows,
  listProposalSummaryRows,
  listSectionRows,
  proposalNumberExists,
  updateLineRow,
  updateProposalRow,
  updateSectionRow,
  type LineRow,
  type NewLineRow,
  type NewProposalRow,
  type NewSectionRow,
  type ProposalRow,
  type ProposalSummaryRow,
  type SectionRow,
} from '../repositories/proposal.repository.ts'
import { recordMutation, type SyncedEntity } from '../sync/outbox.ts'
import { clientSnapshotFromRow } from './client.service.ts'
import type { ProposalsService, SettingsService } from './index.ts'
import {
  checkCurrency,
  checkDecimal,
  checkTaxes,
  parseTaxesJson,
  PERCENT_RULE,
  UNIT_PRICE_RULE,
} from './input-rules.ts'
import { allocateProposalNumber } from './numbering.service.ts'
import { planPositions } from './positions.ts'
import { recordActivity } from './activity.service.ts'
import { effectiveStatus, todayLocal } from './lifecycle.service.ts'
import { canTransition } from '../../src-shared/domain/status-machine.ts'
import { isEditableInPlace } from './proposal-rules.ts'
import { planNextRevision } from './revision.service.ts'
import {
  changedColumns,
  DERIVED_COLUMNS,
  nextTimestamp,
  patchFields,
  syncedFields,
  type ServiceContext,
} from './service-context.ts'

/** The authored content of a proposal: what the editor saves and the calculator reads. */
export type ProposalDraft = z.output<typeof proposalFieldsSchema>
type LineDraft = ProposalDraft['lines'][number]

/** Options for callers other than the editor (CLI import, sample data). */
export interface CreateProposalOptions {
  /** Keep this id (interchange import); must be unused. */
  id?: string
  /** Keep this human number (interchange import); must be unused. Default: next of the series. */
  number?: string
  isSample?: boolean
  /**
   * Initial status (interchange import). Default `draft`. A non-draft proposal is stored as
   * issued: `sent_at` set and the client frozen into the snapshot, as `setStatus('sent')` does.
   */
  status?: ProposalStatus
  /**
   * Make the new proposal the next revision of this one (same number, `revision_of` = its id).
   * Used by `update` when the edited proposal is no longer a draft.
   */
  revisionOf?: { id: string; number: string; revision: number; isSample: boolean }
}

const MAX_TITLE = 1000

/** SQLite stores booleans as 0/1 (STRICT INTEGER with a CHECK). */
function flag(value: boolean): 0 | 1 {
  return value ? 1 : 0
}

function todayUtc(now: Date): string {
  return now.toISOString().slice(0, 10)
}

// ---------------------------------------------------------------------------------------------
// Rows → domain

function sectionFromRow(row: SectionRow): ProposalSection {
  return { id: row.id, title: row.title, body: row.body }
}

function lineFromRow(row: LineRow): LineItem {
  return {
    id: row.id,
    productId: row.product_id,
    sku: row.sku,
    description: row.description,
    quantity: row.quantity,
    unit: row.unit,
    unitPrice: row.unit_price,
    discountPercent: row.discount_percent,
    taxes: parseTaxesJson(row.taxes),
    optional: row.optional === 1,
  }
}

function parseSnapshot(json: string): ClientSnapshot {
  const v = JSON.parse(json) as Partial<ClientSnapshot>
  return {
    name: v.name ?? '',
    contactName: v.contactName ?? '',
    email: v.email ?? '',
    phone: v.phone ?? '',
    address: v.address ?? '',
    taxId: v.taxId ?? '',
  }
}

function summaryFromRow(row: ProposalSummaryRow): ProposalSummary {
  return {
    id: row.id,
    number: row.number,
    revision: row.revision,
    title: row.title,
    status: row.status,
    clientId: row.client_id,
    clientName: row.client_name,
    currency: row.currency,
    issueDate: row.issue_date,
    validUntil: row.valid_until,
    net: row.net_minor,
    gross: row.gross_minor,
    isSample: row.is_sample === 1,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  }
}

// ---------------------------------------------------------------------------------------------
// Validation

interface References {
  /** Client / product ids this proposal already points at: still valid after a soft delete. */
  clientId: string | null
  productIds: ReadonlySet<string>
}

interface Prepared {
  draft: ProposalDraft
  calc: CalcResult
}

/** Largest amount (in minor units) a line or total may reach. */
const MAX_MINOR = new Dec(Number.MAX_SAFE_INTEGER)

/**
 * Validates and canonicalises a whole proposal (decimal strings canonical, references existing,
 * amounts storable) and runs the one calculator on it. Throws one validation error listing every
 * offending field path (`lines[2].quantity`). Reads only; the caller writes afterwards.
 */
function prepareDraft(ctx: ServiceContext, input: ProposalDraft, refs: References): Prepared {
  const { db } = ctx
  const issues: FieldIssue[] = []
  const title = input.title
  if (title.trim() === '') issues.push({ path: 'title', message: 'is required' })
  else if (title.length > MAX_TITLE) {
    issues.push({ path: 'title', message: `at most ${MAX_TITLE} characters` })
  }
  const currencyOk = checkCurrency(input.currency, 'currency', issues)

  if (input.clientId !== null) {
    const client = findClientRow(db, input.clientId, { includeDeleted: true })
    if (!client || (client.deleted_at !== null && input.clientId !== refs.clientId)) {
      issues.push({ path: 'clientId', message: 'no such client' })
    }
  }
  for (const key of ['issueDate', 'validUntil'] as const) {
    const v = input[key]
    if (v !== null && !isCalendarDate(v))
      issues.push({ path: key, message: 'not a date (YYYY-MM-DD)' })
  }
  if (
    input.issueDate !== null &&
    input.validUntil !== null &&
    isCalendarDate(input.issueDate) &&
    isCalendarDate(input.validUntil) &&
    input.validUntil < input.issueDate
  ) {
    issues.push({ path: 'validUntil', message: 'must not be before the issue date' })
  }
  const documentDiscountPercent =
    checkDecimal(input.documentDiscountPercent, 'documentDiscountPercent', issues, PERCENT_RULE) ??
    '0'

  const seenProducts = new Map<string, boolean>()
  const lines: LineDraft[] = input.lines.map((line, i) => {
    const at = `lines[${i}]`
    const before = issues.length
    const quantity = checkDecimal(line.quantity, `${at}.quantity`, issues) ?? '0'
    const unitPrice =
      checkDecimal(line.unitPrice, `${at}.unitPrice`, issues, UNIT_PRICE_RULE) ?? '0'
    const discountPercent =
      checkDecimal(line.discountPercent, `${at}.discountPercent`, issues, PERCENT_RULE) ?? '0'
    const taxes: TaxInput[] = checkTaxes(line.taxes, `${at}.taxes`, issues)
    if (line.productId !== null) {
      let ok = seenProducts.get(line.productId)
      if (ok === undefined) {
        const product = findProductRow(db, line.productId, { includeDeleted: true })
        ok = !!product && (product.deleted_at === null || refs.productIds.has(line.productId))
        seenProducts.set(line.productId, ok)
      }
      if (!ok) issues.push({ path: `${at}.productId`, message: 'no such product' })
    }
    const normalised = { ...line, quantity, unitPrice, discountPercent, taxes }
    if (currencyOk && issues.length === before) {
      checkLineMagnitude(normalised, input.currency, at, issues)
    }
    return normalised
  })
  const draft: ProposalDraft = { ...input, documentDiscountPercent, lines }
  if (issues.length > 0) throw validationError(issues)

  let calc: CalcResult
  try {
    calc = proposalTotals(draft)
  } catch (e) {
    if (e instanceof RangeError) {
      throw validationError([
        { path: 'lines', message: 'the total exceeds the largest amount that can be stored' },
      ])
    }
    throw e
  }
  return { draft, calc }
}

/**
 * Rejects a line whose amounts would not fit in safe-integer minor units (reliability case 14:
 * validate before binding), naming the field the user should fix.
 */
function checkLineMagnitude(
  line: LineDraft,
  currency: string,
  at: string,
  issues: FieldIssue[],
): void {
  const scale = new Dec(10).pow(minorDigits(currency))
  const price = parseDecimal(line.unitPrice).abs().times(scale)
  if (price.greaterThan(MAX_MINOR)) {
    issues.push({ path: `${at}.unitPrice`, message: 'amount too large to store' })
    return
  }
  const taxFactor = line.taxes.reduce(
    (acc, t) => acc.plus(parseDecimal(t.rate).div(100)),
    new Dec(1),
  )
  const gross = price.times(parseDecimal(line.quantity).abs()).times(taxFactor)
  if (gross.greaterThan(MAX_MINOR)) {
    issues.push({ path: `${at}.quantity`, message: 'quantity × unit price is too large to store' })
  }
}

// ---------------------------------------------------------------------------------------------
// Children diff

/** The draft with its sections and lines as new rows (a revision copies them, never shares). */
function withoutChildIds(draft: ProposalDraft): ProposalDraft {
  return {
    ...draft,
    sections: draft.sections.map(({ id: _id, ...s }) => s),
    lines: draft.lines.map(({ id: _id, ...l }) => l),
  }
}

interface PlannedChild<T> {
  id: string
  position: string
  input: T
  existing: { id: string; position: string } | undefined
}

/**
 * Matches the submitted ordered list against the stored rows by id: known ids are kept, unknown
 * ids and id-less items become new rows, stored rows missing from the list are removed.
 */
function planChildren<
  T extends { id?: string | undefined },
  R extends { id: string; position: string },
>(
  ctx: ServiceContext,
  items: readonly T[],
  stored: readonly R[],
  path: 'sections' | 'lines',
  takenIds: (ids: string[]) => Set<string>,
  issues: FieldIssue[],
): { planned: PlannedChild<T>[]; removed: R[] } {
  const byId = new Map(stored.map((r) => [r.id, r]))
  const unknown = items.flatMap((it) => (it.id !== undefined && !byId.has(it.id) ? [it.id] : []))
  const taken = takenIds(unknown)
  const seen = new Set<string>()
  const withIds = items.map((input, i) => {
    let id = input.id
    if (id !== undefined) {
      if (seen.has(id)) issues.push({ path: `${path}[${i}].id`, message: 'appears twice' })
      else if (!byId.has(id) && taken.has(id)) {
        issues.push({ path: `${path}[${i}].id`, message: 'belongs to another row' })
      }
    } else id = ctx.newId()
    seen.add(id)
    return { id, input, existing: byId.get(id) }
  })
  const positions = planPositions(withIds.map((c) => c.existing?.position ?? null))
  const planned = withIds.map((c, i) => ({ ...c, position: positions[i] ?? '' }))
  const removed = stored.filter((r) => !seen.has(r.id))
  return { planned, removed }
}

// ---------------------------------------------------------------------------------------------

export interface ProposalsServiceImpl extends ProposalsService {
  create(input: ParsedInputOf<'proposals.create'>, options?: CreateProposalOptions): Proposal
}

export function createProposalsService(
  ctx: ServiceContext,
  settings: SettingsService,
): ProposalsServiceImpl {
  const { db } = ctx

  const loadRow = (id: string): ProposalRow => {
    const row = findProposalRow(db, id)
    if (!row) throw new AppError('not_found', `Proposal ${id} was not found.`)
    return row
  }

  const toProposal = (row: ProposalRow): Proposal => {
    const sections = listSectionRows(db, row.id).map(sectionFromRow)
    const lines = listLineRows(db, row.id).map(lineFromRow)
    let client: ClientSnapshot | null = null
    if (row.client_snapshot !== null) client = parseSnapshot(row.client_snapshot)
    else if (row.client_id !== null) {
      const c = findClientRow(db, row.client_id, { includeDeleted: true })
      if (c) client = clientSnapshotFromRow(c)
    }
    const calc = proposalTotals({
      currency: row.currency,
      lines,
      documentDiscountPercent: row.document_discount_percent,
      taxRounding: row.tax_rounding,
      pricesIncludeTax: row.prices_include_tax === 1,
    })
    return {
      id: row.id,
      number: row.number,
      revision: row.revision,
      revisionOf: row.revision_of,
      title: row.title,
      // `expired` is derived on read (sent + validUntil passed), never stored.
      status: effectiveStatus(row.status, row.valid_until, todayLocal(ctx.now())),
      clientId: row.client_id,
      client,
      currency: row.currency,
      issueDate: row.issue_date,
      validUntil: row.valid_until,
      taxRounding: row.tax_rounding,
      pricesIncludeTax: row.prices_include_tax === 1,
      documentDiscountPercent: row.document_discount_percent,
      terms: row.terms,
      notes: row.notes,
      sections,
      lines,
      totals: calc.totals,
      lineTotals: calc.lines.map((l) => ({ net: l.net, tax: l.tax, gross: l.gross })),
      isSample: row.is_sample === 1,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
      deletedAt: row.deleted_at,
    }
  }

  const record = (
    entity: SyncedEntity,
    rowId: string,
    op: 'insert' | 'patch' | 'delete',
    fields: Record<string, unknown>,
    baseVersion: number,
    now: Date,
  ): void => recordMutation(db, { entity, rowId, op, fields, baseVersion }, now)

  const draftFromStored = (row: ProposalRow): ProposalDraft => ({
    title: row.title,
    clientId: row.client_id,
    currency: row.currency,
    issueDate: row.issue_date,
    validUntil: row.valid_until,
    taxRounding: row.tax_rounding,
    pricesIncludeTax: row.prices_include_tax === 1,
    documentDiscountPercent: row.document_discount_percent,
    terms: row.terms,
    notes: row.notes,
    sections: listSectionRows(db, row.id).map(sectionFromRow),
    lines: listLineRows(db, row.id).map(lineFromRow),
  })

  const proposalColumns = (p: Prepared) => ({
    title: p.draft.title,
    client_id: p.draft.clientId,
    currency: p.draft.currency,
    issue_date: p.draft.issueDate,
    valid_until: p.draft.validUntil,
    tax_rounding: p.draft.taxRounding,
    prices_include_tax: flag(p.draft.pricesIncludeTax),
    document_discount_percent: p.draft.documentDiscountPercent,
    terms: p.draft.terms,
    notes: p.draft.notes,
    net_minor: p.calc.totals.net,
    tax_minor: p.calc.totals.tax,
    gross_minor: p.calc.totals.gross,
  })

  /**
   * Writes sections and lines as the complete ordered lists of `prepared`: inserts new rows,
   * patches changed ones (only the changed columns), soft-deletes missing ones. Returns whether
   * anything was written. Runs inside the caller's transaction.
   */
  const writeChildren = (
    proposalId: string,
    prepared: Prepared,
    ts: string,
    now: Date,
  ): boolean => {
    const issues: FieldIssue[] = []
    const storedSections = listSectionRows(db, proposalId)
    const storedLines = listLineRows(db, proposalId)
    const sections = planChildren(
      ctx,
      prepared.draft.sections,
      storedSections,
      'sections',
      (ids) => existingSectionIds(db, ids),
      issues,
    )
    const lines = planChildren(
      ctx,
      prepared.draft.lines,
      storedLines,
      'lines',
      (ids) => existingLineIds(db, ids),
      issues,
    )
    if (issues.length > 0) throw validationError(issues)
    let wrote = false
    const stamp = { updated_at: ts, updated_by: ctx.userName }

    const sectionRows = new Map(storedSections.map((r) => [r.id, r]))
    for (const s of sections.planned) {
      const cols = { position: s.position, title: s.input.title, body: s.input.body }
      const before = sectionRows.get(s.id)
      if (!before) {
        const row: NewSectionRow = {
          id: s.id,
          proposal_id: proposalId,
          ...cols,
          created_at: ts,
          ...stamp,
          deleted_at: null,
        }
        insertSectionRow(db, row)
        record('proposal_section', s.id, 'insert', syncedFields(row), 0, now)
        wrote = true
        continue
      }
      const diff = changedColumns(before, cols)
      if (Object.keys(diff).length === 0) continue
      const fields = { ...diff, ...stamp }
      updateSectionRow(db, s.id, fields)
      record('proposal_section', s.id, 'patch', patchFields(fields), before.row_version, now)
      wrote = true
    }
    for (const r of sections.removed) {
      updateSectionRow(db, r.id, { deleted_at: ts, ...stamp })
      record('proposal_section', r.id, 'delete', { deleted_at: ts }, r.row_version, now)
      wrote = true
    }

    const lineRows = new Map(storedLines.map((r) => [r.id, r]))
    lines.planned.forEach((l, i) => {
      const cols = {
        position: l.position,
        product_id: l.input.productId,
        sku: l.input.sku,
        description: l.input.description,
        quantity: l.input.quantity,
        unit: l.input.unit,
        unit_price: l.input.unitPrice,
        discount_percent: l.input.discountPercent,
        taxes: JSON.stringify(l.input.taxes.map((t) => ({ name: t.name, rate: t.rate }))),
        optional: flag(l.input.optional),
        net_minor: prepared.calc.lines[i]?.net ?? 0,
      }
      const before = lineRows.get(l.id)
      if (!before) {
        const row: NewLineRow = {
          id: l.id,
          proposal_id: proposalId,
          ...cols,
          created_at: ts,
          ...stamp,
          deleted_at: null,
        }
        insertLineRow(db, row)
        record('line_item', l.id, 'insert', syncedFields(row), 0, now)
        wrote = true
        return
      }
      const diff = changedColumns(before, cols)
      const authored = Object.keys(diff).filter((k) => !DERIVED_COLUMNS.has(k))
      if (authored.length === 0) {
        // Only the derived snapshot moved (e.g. the currency changed): refresh it locally; every
        // device derives it, so it is not an edit to sync.
        if (Object.keys(diff).length > 0) updateLineRow(db, l.id, diff)
        return
      }
      const fields = { ...diff, ...stamp }
      updateLineRow(db, l.id, fields)
      record('line_item', l.id, 'patch', patchFields(fields), before.row_version, now)
      wrote = true
    })
    for (const r of lines.removed) {
      updateLineRow(db, r.id, { deleted_at: ts, ...stamp })
      record('line_item', r.id, 'delete', { deleted_at: ts }, r.row_version, now)
      wrote = true
    }
    return wrote
  }

  /** Inserts a new draft proposal with its children; returns its id. */
  const insertProposal = (
    draft: ProposalDraft,
    options: CreateProposalOptions,
    refs: References = { clientId: null, productIds: new Set() },
  ): string => {
    const series = settings.get().numberingSeries
    const now = ctx.now()
    const ts = now.toISOString()
    const id = options.id ?? ctx.newId()
    const revisionOf = options.revisionOf
    db.transaction(() => {
      const prepared = prepareDraft(ctx, draft, refs)
      if (options.id !== undefined && findProposalRow(db, options.id, { includeDeleted: true })) {
        throw validationError([{ path: 'id', message: 'already used by another proposal' }])
      }
      let number: string
      if (revisionOf !== undefined) {
        number = revisionOf.number
      } else if (options.number !== undefined) {
        if (options.number.trim() === '') {
          throw validationError([{ path: 'number', message: 'is required' }])
        }
        if (proposalNumberExists(db, options.number)) {
          throw validationError([{ path: 'number', message: 'already used by another proposal' }])
        }
        number = options.number
      } else {
        number = allocateProposalNumber(db, series, prepared.draft.issueDate ?? todayUtc(now))
      }
      const status = options.status ?? 'draft'
      let snapshot: string | null = null
      if (status !== 'draft' && prepared.draft.clientId !== null) {
        const client = findClientRow(db, prepared.draft.clientId)
        if (client) snapshot = JSON.stringify(clientSnapshotFromRow(client))
      }
      const row: NewProposalRow = {
        id,
        number,
        revision: revisionOf?.revision ?? 0,
        revision_of: revisionOf?.id ?? null,
        status,
        client_snapshot: snapshot,
        ...proposalColumns(prepared),
        is_sample: options.isSample || revisionOf?.isSample ? 1 : 0,
        sent_at: status === 'draft' ? null : ts,
        created_at: ts,
        updated_at: ts,
        updated_by: ctx.userName,
        deleted_at: null,
      }
      insertProposalRow(db, row)
      record('proposal', id, 'insert', syncedFields(row), 0, now)
      writeChildren(id, prepared, ts, now)
      if (revisionOf !== undefined) {
        recordActivity(ctx, id, 'revision_created', {
          revisionOf: revisionOf.id,
          revision: revisionOf.revision,
          letter: revisionLetter(revisionOf.revision),
        })
      } else {
        recordActivity(ctx, id, 'created', status === 'draft' ? {} : { status })
      }
    })
    ctx.changed('proposal', [id])
    return id
  }

  const service: ProposalsServiceImpl = {
    list(q): ListPage<ProposalSummary> {
      const { rows, total } = listProposalSummaryRows(db, { ...q, today: todayLocal(ctx.now()) })
      return { items: rows.map(summaryFromRow), total }
    },

    get: (id) => toProposal(loadRow(id)),

    resolve(idOrNumber) {
      const row = findProposalRow(db, idOrNumber) ?? findLatestProposalRowByNumber(db, idOrNumber)
      if (!row) throw new AppError('not_found', `No proposal has the id or number "${idOrNumber}".`)
      return toProposal(row)
    },

    create(input, options = {}) {
      const s = settings.get()
      const now = ctx.now()
      const issueDate = input.issueDate === undefined ? todayUtc(now) : input.issueDate
      const validUntil =
        input.validUntil !== undefined
          ? input.validUntil
          : issueDate !== null && isCalendarDate(issueDate)
            ? addDays(issueDate, s.validityDays)
            : null
      const draft: ProposalDraft = {
        title: input.title,
        clientId: input.clientId ?? null,
        currency: input.currency ?? s.defaultCurrency,
        issueDate,
        validUntil,
        taxRounding: input.taxRounding ?? s.taxRounding,
        pricesIncludeTax: input.pricesIncludeTax ?? s.pricesIncludeTax,
        documentDiscountPercent: input.documentDiscountPercent ?? '0',
        terms: input.terms ?? s.defaultTerms,
        notes: input.notes ?? '',
        sections: input.sections ?? [],
        lines: input.lines ?? [],
      }
      return toProposal(loadRow(insertProposal(draft, options)))
    },

    update({ id, patch, expectedUpdatedAt }) {
      const now = ctx.now()
      const outcome = db.transaction((): { changed: boolean; resultId: string } => {
        const row = loadRow(id)
        if (expectedUpdatedAt !== undefined && expectedUpdatedAt !== row.updated_at) {
          throw new AppError(
            'conflict',
            `Proposal ${row.number} was changed elsewhere since it was opened.`,
            { expectedUpdatedAt, actualUpdatedAt: row.updated_at },
          )
        }
        const stored = draftFromStored(row)
        const merged: ProposalDraft = { ...stored }
        for (const [key, value] of Object.entries(patch) as [keyof ProposalDraft, unknown][]) {
          if (value !== undefined) (merged as Record<keyof ProposalDraft, unknown>)[key] = value
        }
        const refs: References = {
          clientId: row.client_id,
          productIds: new Set(stored.lines.flatMap((l) => (l.productId ? [l.productId] : []))),
        }
        if (!isEditableInPlace(row)) {
          // Sent or later: the client holds this version. The edit becomes the next revision
          // (same number, next letter); this row — and so its PDF — stays byte-identical.
          const before = prepareDraft(ctx, withoutChildIds(stored), refs)
          const after = prepareDraft(ctx, withoutChildIds(merged), refs)
          if (JSON.stringify(before.draft) === JSON.stringify(after.draft)) {
            return { changed: false, resultId: id }
          }
          const plan = planNextRevision(ctx, row)
          const revisionId = insertProposal(
            after.draft,
            {
              revisionOf: {
                id: row.id,
                number: plan.number,
                revision: plan.revision,
                isSample: row.is_sample === 1,
              },
            },
            refs,
          )
          recordActivity(ctx, id, 'revised', {
            revisionId,
            revision: plan.revision,
            letter: revisionLetter(plan.revision),
          })
          return { changed: true, resultId: revisionId }
        }
        const prepared = prepareDraft(ctx, merged, refs)
        const ts = nextTimestamp(now, row.updated_at)
        const childrenChanged = writeChildren(id, prepared, ts, now)
        const diff = changedColumns(row, proposalColumns(prepared))
        const authored = Object.keys(diff).filter((k) => !DERIVED_COLUMNS.has(k))
        if (!childrenChanged && authored.length === 0) return { changed: false, resultId: id }
        // The proposal row is stamped on every content edit (also a line-only edit), so
        // `expectedUpdatedAt` and "sort by updated" see it.
        const fields = { ...diff, updated_at: ts, updated_by: ctx.userName }
        updateProposalRow(db, id, fields)
        record('proposal', id, 'patch', patchFields(fields), row.row_version, now)
        recordActivity(ctx, id, 'edited')
        return { changed: true, resultId: id }
      })
      if (outcome.changed) ctx.changed('proposal', [outcome.resultId])
      return toProposal(loadRow(outcome.resultId))
    },

    duplicate(id) {
      const source = loadRow(id)
      const s = settings.get()
      const today = todayUtc(ctx.now())
      const stored = draftFromStored(source)
      const suffix = ' (copy)'
      const draft: ProposalDraft = {
        ...stored,
        title: source.title.slice(0, MAX_TITLE - suffix.length) + suffix,
        issueDate: today,
        validUntil: addDays(today, s.validityDays),
        sections: stored.sections.map(({ title, body }) => ({ title, body })),
        lines: stored.lines.map(({ id: _id, ...line }) => line),
      }
      // The copy keeps pointing at the same client and products even if they were deleted since.
      const newId = ctx.newId()
      const now = ctx.now()
      const ts = now.toISOString()
      db.transaction(() => {
        const prepared = prepareDraft(ctx, draft, {
          clientId: source.client_id,
          productIds: new Set(stored.lines.flatMap((l) => (l.productId ? [l.productId] : []))),
        })
        const number = allocateProposalNumber(db, s.numberingSeries, today)
        const row: NewProposalRow = {
          id: newId,
          number,
          revision: 0,
          revision_of: null,
          status: 'draft',
          client_snapshot: null,
          ...proposalColumns(prepared),
          is_sample: 0,
          sent_at: null,
          created_at: ts,
          updated_at: ts,
          updated_by: ctx.userName,
          deleted_at: null,
        }
        insertProposalRow(db, row)
        record('proposal', newId, 'insert', syncedFields(row), 0, now)
        writeChildren(newId, prepared, ts, now)
        recordActivity(ctx, newId, 'created', { duplicateOf: source.id, number: source.number })
      })
      ctx.changed('proposal', [newId])
      return toProposal(loadRow(newId))
    },

    delete(id) {
      const now = ctx.now()
      db.transaction(() => {
        const row = loadRow(id)
        const ts = nextTimestamp(now, row.updated_at)
        // Sections and lines stay as they are: they are only reachable through their proposal.
        updateProposalRow(db, id, { deleted_at: ts, updated_at: ts, updated_by: ctx.userName })
        record('proposal', id, 'delete', { deleted_at: ts }, row.row_version, now)
        recordActivity(ctx, id, 'deleted')
      })
      ctx.changed('proposal', [id])
      return { id }
    },

    setStatus(id, status: ProposalStatus) {
      const current = loadRow(id)
      if (current.status === status) return toProposal(current)
      if (!canTransition(current.status, status)) {
        throw new AppError(
          'invalid_state',
          `A ${current.status} proposal cannot become ${status}.`,
          { from: current.status, to: status },
        )
      }
      const now = ctx.now()
      const sending = status === 'sent'
      const commit = (): void =>
        db.transaction(() => {
          const row = loadRow(id)
          const ts = nextTimestamp(now, row.updated_at)
          const fields: Partial<ProposalRow> = { status, updated_at: ts, updated_by: ctx.userName }
          if (sending) {
            const client =
              row.client_id !== null
                ? findClientRow(db, row.client_id, { includeDeleted: true })
                : undefined
            if (!client) {
              throw new AppError('invalid_state', 'Choose a client before marking it as sent.')
            }
            fields.sent_at = ts
            // Freeze the client as printed: later edits of the client must not change it.
            fields.client_snapshot = JSON.stringify(clientSnapshotFromRow(client))
          }
          updateProposalRow(db, id, fields)
          record('proposal', id, 'patch', patchFields(fields), row.row_version, now)
          recordActivity(ctx, id, 'status_changed', {
            from: effectiveStatus(row.status, row.valid_until, todayLocal(now)),
            to: status,
          })
        })
      // A sent proposal is one the client holds: its commit must survive a power loss.
      if (sending) withSynchronousFull(db, commit)
      else commit()
      ctx.changed('proposal', [id])
      return toProposal(loadRow(id))
    },
  }
  return service
}
