import { z } from 'zod'
import { PROPOSAL_STATUSES } from '../domain/proposal.types.ts'

// Input schemas shared by the contract, the renderer's forms and the services. Messages name what
// is wrong in words a user understands; the dispatcher prefixes the field path.

const DECIMAL = /^[+-]?\d+(\.\d+)?$/
export const decimalString = (what = 'a decimal number') =>
  z
    .string()
    .trim()
    .regex(DECIMAL, { message: `not ${what}` })

export const percentString = decimalString().refine(
  (v) => {
    const n = v.replace(/^\+/, '')
    if (n.startsWith('-')) return /^-0+(\.0+)?$/.test(n)
    const [int = '0', frac = ''] = n.split('.')
    const i = int.replace(/^0+(?=\d)/, '')
    return i.length < 3 || (i === '100' && /^0*$/.test(frac))
  },
  { message: 'must be between 0 and 100' },
)

/** At most 12 digits before the point: a quantity or price beyond that is a typo, not a quote. */
const MAX_INTEGER_DIGITS = 12
const withinMagnitude = (v: string): boolean =>
  (v.replace(/^[+-]/, '').split('.')[0] ?? '').replace(/^0+(?=\d)/, '').length <= MAX_INTEGER_DIGITS
const magnitudeMessage = {
  message: `too large (at most ${MAX_INTEGER_DIGITS} digits before the point)`,
}

export const unitPriceString = decimalString()
  .refine((v) => (v.split('.')[1] ?? '').length <= 6, { message: 'at most 6 decimal places' })
  .refine(withinMagnitude, magnitudeMessage)

export const quantityString = decimalString().refine(withinMagnitude, magnitudeMessage)

export const taxRateString = decimalString().refine((v) => !v.trim().startsWith('-'), {
  message: 'must not be negative',
})

export const currencyCode = z
  .string()
  .regex(/^[A-Z]{3}$/, { message: 'not an ISO 4217 currency code' })

export const calendarDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'not a date (YYYY-MM-DD)' })
  .refine(
    (v) => {
      const [y, m, d] = v.split('-').map(Number) as [number, number, number]
      const dt = new Date(Date.UTC(y, m - 1, d))
      return dt.getUTCFullYear() === y && dt.getUTCMonth() === m - 1 && dt.getUTCDate() === d
    },
    { message: 'not a real calendar date' },
  )

export const id = z.string().min(1, { message: 'is required' }).max(64)

const text = (max: number) => z.string().max(max, { message: `at most ${max} characters` })

export const taxSchema = z.object({ name: text(100), rate: taxRateString })

// Names are stored exactly as typed (no trim transform: any Unicode text must round-trip
// unchanged); a blank name is still rejected.
const requiredName = z
  .string()
  .max(500, { message: 'at most 500 characters' })
  .refine((v) => v.trim().length > 0, { message: 'is required' })

export const clientInputSchema = z.object({
  name: requiredName,
  contactName: text(500).default(''),
  email: z.union([z.literal(''), z.email({ message: 'not an email address' })]).default(''),
  phone: text(100).default(''),
  address: text(2000).default(''),
  taxId: text(100).default(''),
  notes: text(10000).default(''),
})
export type ClientInput = z.input<typeof clientInputSchema>

// Patches: zod 4 applies `.default()` even under `.partial()`, which would blank every field a
// patch leaves out — so patch schemas are built from the shapes with the defaults removed.
export const clientPatchSchema = z
  .object({
    name: requiredName,
    contactName: text(500),
    email: z.union([z.literal(''), z.email({ message: 'not an email address' })]),
    phone: text(100),
    address: text(2000),
    taxId: text(100),
    notes: text(10000),
  })
  .partial()

export const productInputSchema = z.object({
  sku: text(100).default(''),
  name: z.string().trim().min(1, { message: 'is required' }).max(500),
  description: text(10000).default(''),
  unit: text(50).default(''),
  unitPrice: unitPriceString,
  currency: currencyCode,
  taxes: z.array(taxSchema).max(10).default([]),
  active: z.boolean().default(true),
})
export type ProductInput = z.input<typeof productInputSchema>

export const productPatchSchema = z
  .object({
    sku: text(100),
    name: productInputSchema.shape.name,
    description: text(10000),
    unit: text(50),
    unitPrice: unitPriceString,
    currency: currencyCode,
    taxes: z.array(taxSchema).max(10),
    active: z.boolean(),
  })
  .partial()

export const sectionInputSchema = z.object({
  id: id.optional(),
  title: text(1000).default(''),
  body: text(100000).default(''),
})

export const lineInputSchema = z.object({
  id: id.optional(),
  productId: id.nullable().default(null),
  sku: text(100).default(''),
  description: z.string().max(100000, { message: 'at most 100000 characters' }),
  quantity: quantityString,
  unit: text(50).default(''),
  unitPrice: unitPriceString,
  discountPercent: percentString.default('0'),
  taxes: z.array(taxSchema).max(10).default([]),
  optional: z.boolean().default(false),
})
export type LineInput = z.input<typeof lineInputSchema>

export const proposalStatusSchema = z.enum(PROPOSAL_STATUSES)

/** Fields the editor saves. Sections and lines are the complete ordered lists (the service diffs them). */
export const proposalFieldsSchema = z.object({
  title: z.string().trim().min(1, { message: 'is required' }).max(1000),
  clientId: id.nullable(),
  currency: currencyCode,
  issueDate: calendarDate.nullable(),
  validUntil: calendarDate.nullable(),
  taxRounding: z.enum(['per-document', 'per-line']),
  pricesIncludeTax: z.boolean(),
  documentDiscountPercent: percentString,
  terms: text(100000),
  notes: text(100000),
  sections: z.array(sectionInputSchema).max(500),
  lines: z.array(lineInputSchema).max(10000),
})
export type ProposalFields = z.input<typeof proposalFieldsSchema>

export const proposalCreateSchema = proposalFieldsSchema.partial().extend({
  title: proposalFieldsSchema.shape.title.default('Untitled proposal'),
})

export const proposalUpdateSchema = z.object({
  id,
  patch: proposalFieldsSchema.partial(),
  /** Optimistic concurrency: the `updatedAt` the editor loaded; a mismatch returns `conflict`. */
  expectedUpdatedAt: z.string().optional(),
})

export const proposalListSchema = z.object({
  search: text(200).default(''),
  status: z.union([proposalStatusSchema, z.literal('all')]).default('all'),
  sort: z
    .enum(['updated', 'created', 'number', 'title', 'client', 'total', 'validUntil'])
    .default('updated'),
  direction: z.enum(['asc', 'desc']).default('desc'),
  limit: z.number().int().min(1).max(500).default(100),
  offset: z.number().int().min(0).default(0),
})

export const settingsPatchSchema = z
  .object({
    companyName: text(500),
    address: text(2000),
    email: z.union([z.literal(''), z.email({ message: 'not an email address' })]),
    phone: text(100),
    website: text(500),
    taxId: text(100),
    paymentDetails: text(2000),
    defaultCurrency: currencyCode,
    defaultTaxRate: taxRateString,
    validityDays: z.number().int().min(0).max(3650),
    numberingSeries: z
      .string()
      .max(100)
      .refine((s) => (s.match(/\{SEQ(:\d+)?\}/g) ?? []).length === 1, {
        message: 'must contain exactly one {SEQ} or {SEQ:n} token',
      }),
    defaultTerms: text(100000),
    taxRounding: z.enum(['per-document', 'per-line']),
    pricesIncludeTax: z.boolean(),
    locale: z
      .string()
      .min(2)
      .max(35)
      .refine(
        (v) => {
          try {
            return Intl.NumberFormat.supportedLocalesOf(v).length > 0
          } catch {
            return false
          }
        },
        { message: 'not a supported locale (e.g. en-GB, de-DE)' },
      ),
  })
  .partial()

export const LOGO_MIMES = ['image/png', 'image/jpeg', 'image/svg+xml'] as const
export const logoInputSchema = z.object({
  mime: z.string().max(100),
  /** File content, base64. Max ~2 MB. */
  dataBase64: z.string().max(3_000_000, { message: 'logo too large (max 2 MB)' }),
  fileName: text(500).default(''),
})
