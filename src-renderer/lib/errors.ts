import type { z } from 'zod'
import { ApiError } from '../../src-shared/ipc/client.ts'
import { formatPath, type FieldIssue } from '../../src-shared/ipc/result.ts'

/** Field path (`lines[2].quantity`) → message naming the field ("Quantity: not a decimal number"). */
export type FieldErrors = Record<string, string>

const LABELS: Record<string, string> = {
  name: 'Name',
  contactName: 'Contact name',
  email: 'Email',
  phone: 'Phone',
  address: 'Address',
  taxId: 'Tax ID',
  notes: 'Notes',
  sku: 'SKU',
  description: 'Description',
  unit: 'Unit',
  unitPrice: 'Unit price',
  currency: 'Currency',
  taxes: 'Taxes',
  rate: 'Tax rate',
  active: 'Active',
  title: 'Title',
  body: 'Text',
  quantity: 'Quantity',
  discountPercent: 'Discount %',
  optional: 'Optional',
  client: 'Client',
  taxRounding: 'Tax rounding',
  pricesIncludeTax: 'Prices include tax',
  clientId: 'Client',
  issueDate: 'Issue date',
  validUntil: 'Valid until',
  documentDiscountPercent: 'Document discount %',
  terms: 'Terms',
  companyName: 'Company name',
  website: 'Website',
  paymentDetails: 'Payment details',
  defaultCurrency: 'Default currency',
  defaultTaxRate: 'Default tax rate',
  validityDays: 'Validity (days)',
  numberingSeries: 'Numbering series',
  defaultTerms: 'Default terms',
  dataBase64: 'Logo',
  mime: 'Logo',
}

/** The human label of a path's last named segment: `lines[2].quantity` → "Quantity". */
export function fieldLabel(path: string): string {
  const m = /([A-Za-z]+)(?:\[\d+\])?$/.exec(path)
  const key = m?.[1] ?? path
  return LABELS[key] ?? key
}

/** "Line 3, quantity" style location for summaries. */
export function describePath(path: string): string {
  const line = /^lines\[(\d+)\]\.?(.*)$/.exec(path)
  if (line) return `Line ${Number(line[1]) + 1} ${fieldLabel(line[2] || 'line').toLowerCase()}`
  const section = /^sections\[(\d+)\]\.?(.*)$/.exec(path)
  if (section)
    return `Section ${Number(section[1]) + 1} ${fieldLabel(section[2] || 'section').toLowerCase()}`
  return fieldLabel(path)
}

function normalisePath(path: string): string {
  // Update channels wrap the fields in `patch`; the forms address the fields themselves.
  return path.replace(/^patch\.?/, '')
}

function toFieldErrors(issues: readonly FieldIssue[]): FieldErrors {
  const out: FieldErrors = {}
  for (const issue of issues) {
    const path = normalisePath(issue.path)
    // Errors inside a tax entry belong to the line's taxes input.
    const key = path.replace(/(taxes)\[\d+\](\.\w+)?$/, '$1')
    if (out[key] === undefined) out[key] = `${fieldLabel(key)}: ${issue.message}`
  }
  return out
}

export function zodFieldErrors(error: z.ZodError): FieldErrors {
  return toFieldErrors(error.issues.map((i) => ({ path: formatPath(i.path), message: i.message })))
}

/** Field errors carried by a server `validation` error (empty for any other error). */
export function apiFieldErrors(err: unknown): FieldErrors {
  if (err instanceof ApiError && err.code === 'validation')
    return toFieldErrors(err.details?.issues ?? [])
  return {}
}

export function errorMessage(err: unknown): string {
  if (err instanceof ApiError) return err.message
  if (err instanceof Error) return err.message
  return String(err)
}

/** One line per field error, for a summary above a form. */
export function summariseErrors(errors: FieldErrors): string[] {
  return Object.entries(errors).map(([path, msg]) => {
    const where = describePath(path)
    const text = msg.includes(': ') ? msg.slice(msg.indexOf(': ') + 2) : msg
    return `${where}: ${text}`
  })
}
