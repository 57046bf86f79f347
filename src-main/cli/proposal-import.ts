import { canonicalDecimal } from '../../src-shared/domain/decimal.ts'
import type { ClientSnapshot, Proposal } from '../../src-shared/domain/proposal.types.ts'
import type {
  InterchangeError,
  ProposalImportInput,
} from '../../src-shared/interchange/interchange.ts'
import type { ParsedInputOf } from '../../src-shared/ipc/contract.ts'
import { AppError, formatPath } from '../../src-shared/ipc/result.ts'
import { clientInputSchema, proposalFieldsSchema } from '../../src-shared/ipc/schemas.ts'
import type { App } from '../app/create-app.ts'

export interface ImportedRef {
  id: string
  number: string
  /** Set when the import edited a sent-or-later proposal: this is its new revision (issue 4). */
  revisionOf?: string
}

export interface ImportOutcome {
  created: ImportedRef[]
  updated: ImportedRef[]
}

type Fields = ParsedInputOf<'proposals.update'>['patch']

function fieldsOf(p: ProposalImportInput): Omit<Required<Fields>, 'clientId'> {
  return {
    title: p.title,
    currency: p.currency,
    issueDate: p.issueDate,
    validUntil: p.validUntil,
    taxRounding: p.taxRounding,
    pricesIncludeTax: p.pricesIncludeTax,
    documentDiscountPercent: p.documentDiscountPercent,
    terms: p.terms,
    notes: p.notes,
    sections: p.sections.map((s) => ({ title: s.title, body: s.body })),
    lines: p.lines.map((l) => ({
      productId: null,
      sku: '',
      description: l.description,
      quantity: l.quantity,
      unit: l.unit,
      unitPrice: l.unitPrice,
      discountPercent: l.discountPercent,
      taxes: l.taxes.map((t) => ({ name: t.name, rate: t.rate })),
      optional: l.optional,
    })),
  }
}

/**
 * Checks each mapped proposal against the rules the services apply, so an import that the
 * interchange schema accepts but a service would reject halfway is refused before anything is
 * written. Paths are reported like the interchange parser's (`proposals[3].client.email`).
 */
export function preflightImport(
  inputs: readonly ProposalImportInput[],
  pathPrefix: (index: number) => (string | number)[],
): InterchangeError[] {
  const errors: InterchangeError[] = []
  inputs.forEach((p, i) => {
    const prefix = pathPrefix(i)
    const fields = proposalFieldsSchema.safeParse({ ...fieldsOf(p), clientId: null })
    if (!fields.success) {
      for (const iss of fields.error.issues) {
        errors.push({ path: formatPath([...prefix, ...iss.path]), message: iss.message })
      }
    }
    if (p.client) {
      const client = clientInputSchema.safeParse(p.client)
      if (!client.success) {
        for (const iss of client.error.issues) {
          errors.push({
            path: formatPath([...prefix, 'client', ...iss.path]),
            message: iss.message,
          })
        }
      }
    }
  })
  return errors
}

const sameDecimal = (a: string, b: string): boolean => canonicalDecimal(a) === canonicalDecimal(b)

function sameClient(a: ClientSnapshot | null, b: ClientSnapshot | null): boolean {
  if (a === null || b === null) return a === b
  return (
    a.name === b.name &&
    a.contactName === b.contactName &&
    a.email === b.email &&
    a.phone === b.phone &&
    a.address === b.address &&
    a.taxId === b.taxId
  )
}

function sameTaxes(
  a: readonly { name: string; rate: string }[],
  b: readonly { name: string; rate: string }[],
): boolean {
  return (
    a.length === b.length &&
    a.every((t, i) => t.name === b[i]?.name && sameDecimal(t.rate, b[i]?.rate ?? 'x'))
  )
}

/** Only the fields whose values differ, as if a user had edited them (cli.md `import`). */
export function diffProposal(existing: Proposal, p: ProposalImportInput): Fields {
  const next = fieldsOf(p)
  const patch: Fields = {}
  if (next.title !== existing.title) patch.title = next.title
  if (next.currency !== existing.currency) patch.currency = next.currency
  if (next.issueDate !== existing.issueDate) patch.issueDate = next.issueDate
  if (next.validUntil !== existing.validUntil) patch.validUntil = next.validUntil
  if (next.taxRounding !== existing.taxRounding) patch.taxRounding = next.taxRounding
  if (next.pricesIncludeTax !== existing.pricesIncludeTax)
    patch.pricesIncludeTax = next.pricesIncludeTax
  if (!sameDecimal(next.documentDiscountPercent, existing.documentDiscountPercent)) {
    patch.documentDiscountPercent = next.documentDiscountPercent
  }
  if (next.terms !== existing.terms) patch.terms = next.terms
  if (next.notes !== existing.notes) patch.notes = next.notes

  const sectionsSame =
    next.sections.length === existing.sections.length &&
    next.sections.every(
      (s, i) => s.title === existing.sections[i]?.title && s.body === existing.sections[i]?.body,
    )
  if (!sectionsSame) {
    // Keep the ids of sections at the same position, so an edit stays an edit (not delete+insert).
    patch.sections = next.sections.map((s, i) => {
      const sid = existing.sections[i]?.id
      return sid ? { ...s, id: sid } : s
    })
  }

  const linesSame =
    next.lines.length === existing.lines.length &&
    next.lines.every((l, i) => {
      const e = existing.lines[i]
      return (
        e !== undefined &&
        l.description === e.description &&
        sameDecimal(l.quantity, e.quantity) &&
        l.unit === e.unit &&
        sameDecimal(l.unitPrice, e.unitPrice) &&
        sameDecimal(l.discountPercent ?? '0', e.discountPercent) &&
        sameTaxes(l.taxes ?? [], e.taxes) &&
        l.optional === e.optional
      )
    })
  if (!linesSame) {
    patch.lines = next.lines.map((l, i) => {
      const e = existing.lines[i]
      return e ? { ...l, id: e.id, productId: e.productId, sku: e.sku } : l
    })
  }
  return patch
}

function findProposal(app: App, id: string): Proposal | null {
  try {
    return app.services.proposals.get(id)
  } catch (e) {
    if (e instanceof AppError && e.code === 'not_found') return null
    throw e
  }
}

/** The id of a client with exactly this snapshot, creating one when there is none. */
function clientIdFor(app: App, snapshot: ClientSnapshot, cache: Map<string, string>): string {
  const key = JSON.stringify(snapshot)
  const known = cache.get(key)
  if (known) return known
  const match = app.services.clients
    .list({ search: snapshot.name, includeInactive: false })
    .find((c) => sameClient(c, snapshot))
  const id = match?.id ?? app.services.clients.create({ ...snapshot, notes: '' }).id
  cache.set(key, id)
  return id
}

/**
 * Writes validated interchange proposals in ONE local transaction: either all of them land or none
 * does. A known id is updated with only the differing fields; an unknown or absent id creates.
 */
export function importProposals(app: App, inputs: readonly ProposalImportInput[]): ImportOutcome {
  const outcome: ImportOutcome = { created: [], updated: [] }
  const clients = new Map<string, string>()
  app.db.transaction(() => {
    for (const p of inputs) {
      const existing = p.id ? findProposal(app, p.id) : null
      const clientId = p.client ? clientIdFor(app, p.client, clients) : null
      if (existing) {
        const patch = diffProposal(existing, p)
        if (!sameClient(existing.client, p.client) || existing.clientId !== clientId) {
          patch.clientId = clientId
        }
        let current = existing
        const statusFirst = existing.status !== 'draft' && p.status !== existing.status
        // Only drafts are editable: a sent proposal reopened to draft is patched after the status change.
        if (statusFirst) current = app.services.proposals.setStatus(existing.id, p.status)
        if (Object.keys(patch).length > 0) {
          current = app.services.proposals.update({
            id: existing.id,
            patch,
            expectedUpdatedAt: current.updatedAt,
          })
        }
        // An edit of a sent-or-later proposal made a new revision (a new id): the document's
        // status applies to that revision, and it is reported as created.
        if (!statusFirst && p.status !== current.status) {
          current = app.services.proposals.setStatus(current.id, p.status)
        }
        if (current.id !== existing.id) {
          outcome.created.push({ id: current.id, number: current.number, revisionOf: existing.id })
        } else {
          outcome.updated.push({ id: current.id, number: current.number })
        }
      } else {
        const created = app.services.proposals.create(
          { ...fieldsOf(p), clientId },
          {
            ...(p.id ? { id: p.id } : {}),
            ...(p.number ? { number: p.number } : {}),
            status: p.status,
          },
        )
        outcome.created.push({ id: created.id, number: created.number })
      }
    }
  })
  return outcome
}
