import type { z } from 'zod'
import { addDays, isCalendarDate } from '../../src-shared/domain/calendar-date.ts'
import type { Proposal } from '../../src-shared/domain/proposal.types.ts'
import type { ParsedInputOf } from '../../src-shared/ipc/contract.ts'
import type {
  ProposalTemplate,
  TemplateSummary,
  templateLineSchema,
} from '../../src-shared/ipc/quoting.contract.ts'
import { AppError } from '../../src-shared/ipc/result.ts'
import { findProductRow } from '../repositories/product.repository.ts'
import {
  findTemplateRow,
  insertTemplateRow,
  listTemplateRows,
  updateTemplateRow,
  type TemplateRow,
} from '../repositories/template.repository.ts'
import { recordActivity } from './activity.service.ts'
import type { ProposalsService } from './index.ts'
import { daysUntil } from './lifecycle.service.ts'
import { nextTimestamp, type ServiceContext } from './service-context.ts'

type TemplateLine = z.output<typeof templateLineSchema>

export interface TemplateService {
  list(search: string): TemplateSummary[]
  get(id: string): ProposalTemplate
  createFromProposal(input: ParsedInputOf<'templates.createFromProposal'>): ProposalTemplate
  update(id: string, patch: ParsedInputOf<'templates.update'>['patch']): ProposalTemplate
  delete(id: string): { id: string }
  /** A new draft with the template's sections, lines, terms and validity (copied). */
  createProposal(input: ParsedInputOf<'templates.createProposal'>): Proposal
}

function parseArray<T>(json: string): T[] {
  try {
    const v = JSON.parse(json) as unknown
    return Array.isArray(v) ? (v as T[]) : []
  } catch {
    return []
  }
}

function fromRow(row: TemplateRow): ProposalTemplate {
  const sections = parseArray<{ title: string; body: string }>(row.sections)
  const lines = parseArray<TemplateLine>(row.lines)
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    sectionCount: sections.length,
    lineCount: lines.length,
    title: row.title,
    currency: row.currency,
    validityDays: row.validity_days,
    taxRounding: row.tax_rounding,
    pricesIncludeTax: row.prices_include_tax === 1,
    documentDiscountPercent: row.document_discount_percent,
    terms: row.terms,
    notes: row.notes,
    sections,
    lines,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  }
}

function templateLine(l: Proposal['lines'][number]): TemplateLine {
  return {
    productId: l.productId,
    sku: l.sku,
    description: l.description,
    quantity: l.quantity,
    unit: l.unit,
    unitPrice: l.unitPrice,
    discountPercent: l.discountPercent,
    taxes: l.taxes.map((t) => ({ name: t.name, rate: t.rate })),
    optional: l.optional,
  }
}

export function createTemplateService(
  ctx: ServiceContext,
  proposals: Pick<ProposalsService, 'get' | 'create'>,
): TemplateService {
  const { db } = ctx
  const load = (id: string): TemplateRow => {
    const row = findTemplateRow(db, id)
    if (!row) throw new AppError('not_found', `template ${id} not found`)
    return row
  }

  return {
    list: (search) =>
      listTemplateRows(db, search).map((r) => {
        const t = fromRow(r)
        return {
          id: t.id,
          name: t.name,
          description: t.description,
          sectionCount: t.sectionCount,
          lineCount: t.lineCount,
          updatedAt: t.updatedAt,
        }
      }),

    get: (id) => fromRow(load(id)),

    createFromProposal({ proposalId, name, description }) {
      const p = proposals.get(proposalId)
      const validity =
        p.issueDate !== null && p.validUntil !== null ? daysUntil(p.validUntil, p.issueDate) : null
      const id = ctx.newId()
      const ts = ctx.now().toISOString()
      db.transaction(() =>
        insertTemplateRow(db, {
          id,
          name,
          description,
          title: p.title,
          currency: p.currency,
          validity_days: validity !== null && validity >= 0 ? validity : null,
          tax_rounding: p.taxRounding,
          prices_include_tax: p.pricesIncludeTax ? 1 : 0,
          document_discount_percent: p.documentDiscountPercent,
          terms: p.terms,
          notes: p.notes,
          sections: JSON.stringify(p.sections.map((s) => ({ title: s.title, body: s.body }))),
          lines: JSON.stringify(p.lines.map(templateLine)),
          created_at: ts,
          updated_at: ts,
          updated_by: ctx.userName,
          deleted_at: null,
        }),
      )
      ctx.changed('template', [id])
      return fromRow(load(id))
    },

    update(id, patch) {
      db.transaction(() => {
        const row = load(id)
        updateTemplateRow(db, id, {
          ...(patch.name !== undefined ? { name: patch.name } : {}),
          ...(patch.description !== undefined ? { description: patch.description } : {}),
          ...(patch.title !== undefined ? { title: patch.title } : {}),
          ...(patch.currency !== undefined ? { currency: patch.currency } : {}),
          ...(patch.validityDays !== undefined ? { validity_days: patch.validityDays } : {}),
          ...(patch.documentDiscountPercent !== undefined
            ? { document_discount_percent: patch.documentDiscountPercent }
            : {}),
          ...(patch.terms !== undefined ? { terms: patch.terms } : {}),
          ...(patch.notes !== undefined ? { notes: patch.notes } : {}),
          ...(patch.sections !== undefined ? { sections: JSON.stringify(patch.sections) } : {}),
          ...(patch.lines !== undefined ? { lines: JSON.stringify(patch.lines) } : {}),
          updated_at: nextTimestamp(ctx.now(), row.updated_at),
          updated_by: ctx.userName,
        })
      })
      ctx.changed('template', [id])
      return fromRow(load(id))
    },

    delete(id) {
      db.transaction(() => {
        const row = load(id)
        const ts = nextTimestamp(ctx.now(), row.updated_at)
        updateTemplateRow(db, id, { deleted_at: ts, updated_at: ts, updated_by: ctx.userName })
      })
      ctx.changed('template', [id])
      return { id }
    },

    createProposal({ templateId, clientId, title }) {
      const t = fromRow(load(templateId))
      const issueDate = ctx.now().toISOString().slice(0, 10)
      // A catalog product deleted since the template was saved: keep the line as written (its
      // snapshot values), without the link.
      const lines = t.lines.map((l) =>
        l.productId !== null && !findProductRow(db, l.productId) ? { ...l, productId: null } : l,
      )
      return db.transaction(() => {
        const created = proposals.create({
          title: title?.trim() ? title : t.title.trim() ? t.title : t.name,
          clientId,
          ...(t.currency !== null ? { currency: t.currency } : {}),
          issueDate,
          ...(t.validityDays !== null && isCalendarDate(issueDate)
            ? { validUntil: addDays(issueDate, t.validityDays) }
            : {}),
          taxRounding: t.taxRounding,
          pricesIncludeTax: t.pricesIncludeTax,
          documentDiscountPercent: t.documentDiscountPercent,
          terms: t.terms,
          notes: t.notes,
          sections: t.sections.map((s) => ({ title: s.title, body: s.body })),
          lines,
        })
        recordActivity(ctx, created.id, 'template_applied', { templateId, name: t.name })
        return created
      })
    },
  }
}
