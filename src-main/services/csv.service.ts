import { parse, type Options as CsvParseOptions } from 'csv-parse/sync'
import type { z } from 'zod'
import type { Client, Product } from '../../src-shared/domain/proposal.types.ts'
import type { ParsedInputOf } from '../../src-shared/ipc/contract.ts'
import {
  CSV_FIELDS,
  type CsvEntity,
  type CsvExport,
  type CsvImportResult,
  type CsvPreview,
  type CsvRowError,
} from '../../src-shared/ipc/quoting.contract.ts'
import { AppError, validationError } from '../../src-shared/ipc/result.ts'
import { clientInputSchema, productInputSchema } from '../../src-shared/ipc/schemas.ts'
import { listClientRows } from '../repositories/client.repository.ts'
import { listProductRows } from '../repositories/product.repository.ts'
import { clientFromRow } from './client.service.ts'
import type { ClientsService, ProductsService, SettingsService } from './index.ts'
import { productFromRow } from './product.service.ts'
import type { ServiceContext } from './service-context.ts'

type Delimiter = ',' | ';' | '\t'
type CsvInput = ParsedInputOf<'csv.preview'>

export interface CsvService {
  preview(input: CsvInput): CsvPreview
  import(input: ParsedInputOf<'csv.import'>): CsvImportResult
  export(entity: CsvEntity): CsvExport
}

const PREVIEW_ROWS = 20

/** Header spellings (lower case, letters and digits only) → field. */
const SYNONYMS: Record<CsvEntity, Record<string, string>> = {
  clients: {
    name: 'name',
    company: 'name',
    companyname: 'name',
    client: 'name',
    clientname: 'name',
    customer: 'name',
    customername: 'name',
    organisation: 'name',
    organization: 'name',
    contact: 'contactName',
    contactname: 'contactName',
    contactperson: 'contactName',
    email: 'email',
    mail: 'email',
    emailaddress: 'email',
    phone: 'phone',
    telephone: 'phone',
    tel: 'phone',
    mobile: 'phone',
    phonenumber: 'phone',
    address: 'address',
    postaladdress: 'address',
    street: 'address',
    taxid: 'taxId',
    vat: 'taxId',
    vatid: 'taxId',
    vatnumber: 'taxId',
    taxnumber: 'taxId',
    notes: 'notes',
    note: 'notes',
    comments: 'notes',
  },
  products: {
    sku: 'sku',
    code: 'sku',
    itemcode: 'sku',
    productcode: 'sku',
    ref: 'sku',
    reference: 'sku',
    articlenumber: 'sku',
    name: 'name',
    product: 'name',
    productname: 'name',
    item: 'name',
    itemname: 'name',
    title: 'name',
    description: 'description',
    desc: 'description',
    details: 'description',
    unit: 'unit',
    uom: 'unit',
    unitprice: 'unitPrice',
    price: 'unitPrice',
    rate: 'unitPrice',
    netprice: 'unitPrice',
    currency: 'currency',
    cur: 'currency',
    taxrate: 'taxRate',
    tax: 'taxRate',
    vatrate: 'taxRate',
    vat: 'taxRate',
    vatpercent: 'taxRate',
    taxpercent: 'taxRate',
    taxes: 'taxes',
    active: 'active',
    enabled: 'active',
  },
}

function normaliseHeader(h: string): string {
  return h
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '')
}

/** The delimiter that splits the header line into the most fields (quotes respected). */
export function detectDelimiter(text: string): Delimiter {
  let inQuotes = false
  const counts: Record<Delimiter, number> = { ',': 0, ';': 0, '\t': 0 }
  for (const ch of text.slice(0, 64 * 1024)) {
    if (ch === '"') inQuotes = !inQuotes
    else if (!inQuotes && (ch === '\n' || ch === '\r')) break
    else if (!inQuotes && (ch === ',' || ch === ';' || ch === '\t')) counts[ch]++
  }
  if (counts[';'] > counts[','] && counts[';'] >= counts['\t']) return ';'
  if (counts['\t'] > counts[','] && counts['\t'] > counts[';']) return '\t'
  return ','
}

interface Parsed {
  delimiter: Delimiter
  headers: string[]
  /** Data records with their row number as a spreadsheet shows it (header = row 1). */
  records: { row: number; cells: string[] }[]
}

export function parseCsvText(text: string, delimiter?: Delimiter): Parsed {
  const body = text.replace(/^\uFEFF/, '')
  const d = delimiter ?? detectDelimiter(body)
  let rows: string[][]
  try {
    const options: CsvParseOptions = {
      delimiter: d,
      bom: true,
      relax_column_count: true,
      skip_empty_lines: true,
    }
    rows = parse(body, options)
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e)
    throw validationError([{ path: 'text', message: `not a readable CSV file: ${message}` }])
  }
  const [header, ...data] = rows
  if (!header) throw validationError([{ path: 'text', message: 'the file is empty' }])
  return {
    delimiter: d,
    headers: header.map((h) => h.trim()),
    records: data
      .map((cells, i) => ({ row: i + 2, cells }))
      .filter((r) => r.cells.some((c) => c.trim() !== '')),
  }
}

export function guessMapping(
  entity: CsvEntity,
  headers: readonly string[],
): Record<string, string> {
  const used = new Set<string>()
  const mapping: Record<string, string> = {}
  headers.forEach((h, i) => {
    const field = SYNONYMS[entity][normaliseHeader(h)]
    if (field && !used.has(field)) {
      used.add(field)
      mapping[String(i)] = field
    } else mapping[String(i)] = ''
  })
  return mapping
}

/**
 * "1.234,50", "1,234.50", "12,5", "€ 12.50", "20 %" → canonical "1234.50", "12.5", "12.50", "20".
 * The last of "." and "," is the decimal separator when both appear; a lone "," is decimal.
 * Returns the input unchanged when it is not a number (validation then names the field).
 */
export function normaliseNumber(raw: string): string {
  let v = raw.trim().replace(/[\s\u00a0\u202f']/g, '')
  v = v.replace(/%$/, '').replace(/^[^\d+-.,]+|[^\d.,]+$/g, '')
  const lastDot = v.lastIndexOf('.')
  const lastComma = v.lastIndexOf(',')
  if (lastDot >= 0 && lastComma >= 0) {
    v = lastComma > lastDot ? v.replace(/\./g, '').replace(',', '.') : v.replace(/,/g, '')
  } else if (lastComma >= 0) {
    v = (v.match(/,/g) ?? []).length === 1 ? v.replace(',', '.') : v.replace(/,/g, '')
  }
  return /^[+-]?\d+(\.\d+)?$/.test(v) ? v.replace(/^\+/, '') : raw.trim()
}

/** "VAT=20", "GST 5 | QST 9.975", "20" → taxes. */
export function parseTaxesCell(cell: string): { name: string; rate: string }[] | null {
  const out: { name: string; rate: string }[] = []
  for (const part of cell.split(/[|;]/)) {
    const item = part.trim()
    if (item === '') continue
    const m = /^(.*?)[\s=:]*([+-]?[\d.,]+)\s*%?$/u.exec(item)
    if (!m) return null
    out.push({ name: (m[1] ?? '').trim(), rate: normaliseNumber(m[2] ?? '') })
  }
  return out
}

function parseBool(cell: string): boolean | null {
  const v = cell.trim().toLowerCase()
  if (v === '') return true
  if (['1', 'true', 'yes', 'y', 'active', 'on', 'x'].includes(v)) return true
  if (['0', 'false', 'no', 'n', 'inactive', 'off'].includes(v)) return false
  return null
}

/** Spreadsheet apps run cells starting with these as formulas; exports neutralise them. */
const FORMULA_START = /^[=+\-@\t\r]/

function unescapeFormula(cell: string): string {
  return cell.startsWith("'") && FORMULA_START.test(cell.slice(1)) ? cell.slice(1) : cell
}

type Mapped = Record<string, string>

function mapRecord(cells: readonly string[], mapping: Record<string, string>): Mapped {
  const out: Mapped = {}
  for (const [index, field] of Object.entries(mapping)) {
    if (!field) continue
    const cell = cells[Number(index)]
    if (cell !== undefined) out[field] = unescapeFormula(cell)
  }
  return out
}

type RowOutcome<T> =
  { ok: true; value: T; key: string | null } | { ok: false; errors: Omit<CsvRowError, 'row'>[] }

function zodErrors(error: z.ZodError): Omit<CsvRowError, 'row'>[] {
  return error.issues.map((i) => ({
    field: i.path.length > 0 ? String(i.path[0]) : null,
    message: i.message,
  }))
}

function clientFromCells(m: Mapped): RowOutcome<z.output<typeof clientInputSchema>> {
  const r = clientInputSchema.safeParse({
    name: m.name ?? '',
    contactName: m.contactName?.trim() ?? '',
    email: m.email?.trim() ?? '',
    phone: m.phone?.trim() ?? '',
    address: m.address ?? '',
    taxId: m.taxId?.trim() ?? '',
    notes: m.notes ?? '',
  })
  if (!r.success) return { ok: false, errors: zodErrors(r.error) }
  return { ok: true, value: r.data, key: r.data.email ? r.data.email.toLowerCase() : null }
}

function productFromCells(
  m: Mapped,
  defaultCurrency: string,
): RowOutcome<z.output<typeof productInputSchema>> {
  const errors: Omit<CsvRowError, 'row'>[] = []
  let taxes: { name: string; rate: string }[] = []
  if (m.taxes !== undefined && m.taxes.trim() !== '') {
    const t = parseTaxesCell(m.taxes)
    if (t === null) errors.push({ field: 'taxes', message: 'not a list of taxes (e.g. "VAT=20")' })
    else taxes = t
  } else if (m.taxRate !== undefined && m.taxRate.trim() !== '') {
    taxes = [{ name: '', rate: normaliseNumber(m.taxRate) }]
  }
  const active = parseBool(m.active ?? '')
  if (active === null) errors.push({ field: 'active', message: 'not yes/no' })
  const r = productInputSchema.safeParse({
    sku: m.sku?.trim() ?? '',
    name: m.name ?? '',
    description: m.description ?? '',
    unit: m.unit?.trim() ?? '',
    unitPrice: m.unitPrice === undefined ? '' : normaliseNumber(m.unitPrice),
    currency: (m.currency?.trim() || defaultCurrency).toUpperCase(),
    taxes,
    active: active ?? true,
  })
  if (!r.success) errors.push(...zodErrors(r.error))
  if (errors.length > 0 || !r.success) return { ok: false, errors }
  return { ok: true, value: r.data, key: r.data.sku ? r.data.sku : null }
}

function csvCell(value: string, delimiter: string): string {
  const v = FORMULA_START.test(value) && !/^[+-]?\d/.test(value) ? `'${value}` : value
  return /["\r\n]/.test(v) || v.includes(delimiter) || v !== v.trim()
    ? `"${v.replace(/"/g, '""')}"`
    : v
}

function toCsv(header: readonly string[], rows: readonly string[][]): string {
  const lines = [header, ...rows].map((r) => r.map((c) => csvCell(c, ',')).join(','))
  return `\uFEFF${lines.join('\r\n')}\r\n`
}

export function formatTaxesCell(taxes: readonly { name: string; rate: string }[]): string {
  return taxes.map((t) => (t.name ? `${t.name}=${t.rate}` : t.rate)).join(' | ')
}

export function createCsvService(
  ctx: ServiceContext,
  deps: { clients: ClientsService; products: ProductsService; settings: SettingsService },
): CsvService {
  const { db } = ctx

  /** Existing rows an import row updates: clients by e-mail, products by SKU. */
  const existingKeys = (entity: CsvEntity): Map<string, string> => {
    if (entity === 'clients') {
      const rows = listClientRows(db, { search: '', limit: Number.MAX_SAFE_INTEGER })
      return new Map(rows.filter((r) => r.email).map((r) => [r.email.toLowerCase(), r.id]))
    }
    const rows = listProductRows(db, {
      search: '',
      includeInactive: true,
      limit: Number.MAX_SAFE_INTEGER,
    })
    return new Map(rows.filter((r) => r.sku).map((r) => [r.sku, r.id]))
  }

  const analyse = (input: CsvInput) => {
    const parsed = parseCsvText(input.text, input.delimiter)
    const mapping = input.mapping ?? guessMapping(input.entity, parsed.headers)
    const allowed = new Set<string>(CSV_FIELDS[input.entity])
    const issues = Object.entries(mapping).flatMap(([col, field]) =>
      field && !allowed.has(field)
        ? [{ path: `mapping.${col}`, message: `"${field}" is not a ${input.entity} field` }]
        : [],
    )
    const targets = Object.values(mapping).filter(Boolean)
    const dup = targets.find((f, i) => targets.indexOf(f) !== i)
    if (dup) issues.push({ path: 'mapping', message: `two columns are mapped to "${dup}"` })
    if (!targets.includes('name')) {
      issues.push({ path: 'mapping', message: 'no column is mapped to "name"' })
    }
    if (input.entity === 'products' && !targets.includes('unitPrice')) {
      issues.push({ path: 'mapping', message: 'no column is mapped to "unitPrice"' })
    }
    if (issues.length > 0) throw validationError(issues)

    const defaultCurrency = deps.settings.get().defaultCurrency
    const known = existingKeys(input.entity)
    const seen = new Map<string, number>()
    const errors: CsvRowError[] = []
    const good: {
      row: number
      values: Record<string, unknown>
      existingId: string | undefined
    }[] = []
    for (const rec of parsed.records) {
      const m = mapRecord(rec.cells, mapping)
      const outcome =
        input.entity === 'clients' ? clientFromCells(m) : productFromCells(m, defaultCurrency)
      if (!outcome.ok) {
        for (const e of outcome.errors) errors.push({ row: rec.row, ...e })
        continue
      }
      if (outcome.key !== null) {
        const first = seen.get(outcome.key)
        if (first !== undefined) {
          const field = input.entity === 'clients' ? 'email' : 'sku'
          errors.push({ row: rec.row, field, message: `the same ${field} as row ${first}` })
          continue
        }
        seen.set(outcome.key, rec.row)
      }
      good.push({
        row: rec.row,
        values: outcome.value,
        existingId: outcome.key !== null ? known.get(outcome.key) : undefined,
      })
    }
    return { parsed, mapping, errors, good }
  }

  return {
    preview(input) {
      const { parsed, mapping, errors, good } = analyse(input)
      return {
        delimiter: parsed.delimiter,
        headers: parsed.headers,
        mapping,
        rows: good.slice(0, PREVIEW_ROWS).map((g) => ({
          row: g.row,
          values: g.values,
          action: g.existingId ? 'update' : 'create',
        })),
        errors,
        totalRows: parsed.records.length,
        validRows: good.length,
      }
    },

    import(input) {
      const { errors, good, mapping } = analyse(input)
      // An update changes only the columns the file maps: a file without a notes column must not
      // blank the notes of the clients it updates.
      const mapped = new Set(Object.values(mapping).map((f) => (f === 'taxRate' ? 'taxes' : f)))
      const onlyMapped = <T extends object>(v: T): Partial<T> =>
        Object.fromEntries(Object.entries(v).filter(([k]) => mapped.has(k))) as Partial<T>
      if (errors.length > 0 && !input.skipBadRows) {
        throw new AppError(
          'validation',
          `${errors.length} problem(s) in the file; nothing was imported (first: row ${errors[0]?.row}: ${errors[0]?.field ?? ''} ${errors[0]?.message ?? ''})`,
          {
            issues: errors.map((e) => ({
              path: `row ${e.row}${e.field ? `.${e.field}` : ''}`,
              message: e.message,
            })),
            rows: errors,
          },
        )
      }
      const result: CsvImportResult = { created: 0, updated: 0, skipped: 0, errors: [...errors] }
      // One transaction: all rows land or none does. With skipBadRows, a row the services still
      // refuse is rolled back alone (nested transaction = savepoint) and reported.
      db.transaction(() => {
        for (const g of good) {
          try {
            db.transaction(() => {
              if (input.entity === 'clients') {
                const v = g.values as z.output<typeof clientInputSchema>
                if (g.existingId) deps.clients.update(g.existingId, onlyMapped(v))
                else deps.clients.create(v)
              } else {
                const v = g.values as z.output<typeof productInputSchema>
                if (g.existingId) deps.products.update(g.existingId, onlyMapped(v))
                else deps.products.create(v)
              }
            })
            if (g.existingId) result.updated++
            else result.created++
          } catch (e) {
            if (!(e instanceof AppError) || e.code !== 'validation') throw e
            const issues = e.details?.issues ?? [{ path: '', message: e.message }]
            for (const i of issues) {
              result.errors.push({ row: g.row, field: i.path || null, message: i.message })
            }
            if (!input.skipBadRows) {
              throw new AppError('validation', `row ${g.row}: ${e.message}; nothing was imported`, {
                issues: issues.map((i) => ({ path: `row ${g.row}.${i.path}`, message: i.message })),
                rows: result.errors,
              })
            }
          }
        }
      })
      result.skipped = new Set(result.errors.map((e) => e.row)).size
      result.errors.sort((a, b) => a.row - b.row)
      return result
    },

    export(entity) {
      const date = ctx.now().toISOString().slice(0, 10)
      if (entity === 'clients') {
        const rows = listClientRows(db, { search: '', limit: Number.MAX_SAFE_INTEGER }).map(
          clientFromRow,
        )
        const fields = CSV_FIELDS.clients
        return {
          fileName: `clients-${date}.csv`,
          text: toCsv(
            fields,
            rows.map((c: Client) => fields.map((f) => c[f])),
          ),
          rows: rows.length,
        }
      }
      const rows = listProductRows(db, {
        search: '',
        includeInactive: true,
        limit: Number.MAX_SAFE_INTEGER,
      }).map(productFromRow)
      const header = [
        'sku',
        'name',
        'description',
        'unit',
        'unitPrice',
        'currency',
        'taxes',
        'active',
      ]
      return {
        fileName: `products-${date}.csv`,
        text: toCsv(
          header,
          rows.map((p: Product) => [
            p.sku,
            p.name,
            p.description,
            p.unit,
            p.unitPrice,
            p.currency,
            formatTaxesCell(p.taxes),
            p.active ? 'yes' : 'no',
          ]),
        ),
        rows: rows.length,
      }
    },
  }
}
