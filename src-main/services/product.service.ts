import type { Product, RowMeta } from '../../src-shared/domain/proposal.types.ts'
import { AppError, validationError, type FieldIssue } from '../../src-shared/ipc/result.ts'
import {
  findProductRow,
  insertProductRow,
  listProductRows,
  updateProductRow,
  type NewProductRow,
  type ProductRow,
} from '../repositories/product.repository.ts'
import { recordMutation } from '../sync/outbox.ts'
import type { ProductsService } from './index.ts'
import {
  checkCurrency,
  checkDecimal,
  checkTaxes,
  parseTaxesJson,
  UNIT_PRICE_RULE,
} from './input-rules.ts'
import {
  patchSynced,
  softDeleteSynced,
  syncedFields,
  type ServiceContext,
} from './service-context.ts'

export function productFromRow(row: ProductRow): Product {
  return {
    id: row.id,
    sku: row.sku,
    name: row.name,
    description: row.description,
    unit: row.unit,
    unitPrice: row.unit_price,
    currency: row.currency,
    taxes: parseTaxesJson(row.taxes),
    active: row.active === 1,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    deletedAt: row.deleted_at,
  }
}

type ProductColumns = Pick<
  ProductRow,
  'sku' | 'name' | 'description' | 'unit' | 'unit_price' | 'currency' | 'taxes' | 'active'
>

/** Validated, canonical columns for the fields present in `input`; throws a validation error. */
function productColumns(input: Partial<Omit<Product, keyof RowMeta>>): Partial<ProductColumns> {
  const issues: FieldIssue[] = []
  const cols: Partial<ProductColumns> = {}
  if (input.sku !== undefined) cols.sku = input.sku
  if (input.name !== undefined) {
    if (input.name.trim() === '') issues.push({ path: 'name', message: 'is required' })
    cols.name = input.name
  }
  if (input.description !== undefined) cols.description = input.description
  if (input.unit !== undefined) cols.unit = input.unit
  if (input.unitPrice !== undefined) {
    const price = checkDecimal(input.unitPrice, 'unitPrice', issues, UNIT_PRICE_RULE)
    if (price !== undefined) cols.unit_price = price
  }
  if (input.currency !== undefined && checkCurrency(input.currency, 'currency', issues)) {
    cols.currency = input.currency
  }
  if (input.taxes !== undefined)
    cols.taxes = JSON.stringify(checkTaxes(input.taxes, 'taxes', issues))
  if (input.active !== undefined) cols.active = input.active ? 1 : 0
  if (issues.length > 0) throw validationError(issues)
  return cols
}

export function createProductsService(ctx: ServiceContext): ProductsService {
  const { db } = ctx

  const load = (id: string): ProductRow => {
    const row = findProductRow(db, id)
    if (!row) throw new AppError('not_found', `product ${id} not found`)
    return row
  }

  return {
    list: (q) =>
      listProductRows(db, { search: q.search, includeInactive: q.includeInactive }).map(
        productFromRow,
      ),

    get: (id) => productFromRow(load(id)),

    create(input) {
      const cols = productColumns(input)
      const now = ctx.now()
      const ts = now.toISOString()
      const row: NewProductRow = {
        id: ctx.newId(),
        sku: cols.sku ?? '',
        name: cols.name ?? input.name,
        description: cols.description ?? '',
        unit: cols.unit ?? '',
        unit_price: cols.unit_price ?? input.unitPrice,
        currency: cols.currency ?? input.currency,
        taxes: cols.taxes ?? '[]',
        active: cols.active ?? 1,
        created_at: ts,
        updated_at: ts,
        updated_by: ctx.userName,
        deleted_at: null,
      }
      db.transaction(() => {
        insertProductRow(db, row)
        recordMutation(
          db,
          {
            entity: 'product',
            rowId: row.id,
            op: 'insert',
            fields: syncedFields(row),
            baseVersion: 0,
          },
          now,
        )
      })
      ctx.changed('product', [row.id])
      return productFromRow(load(row.id))
    },

    update(id, patch) {
      const cols = productColumns(patch)
      const now = ctx.now()
      const changed = db.transaction(() =>
        patchSynced(ctx, 'product', id, load(id), cols, now, (fields) =>
          updateProductRow(db, id, fields),
        ),
      )
      if (changed) ctx.changed('product', [id])
      return productFromRow(load(id))
    },

    delete(id) {
      const now = ctx.now()
      db.transaction(() => {
        softDeleteSynced(ctx, 'product', load(id), now, (columns) =>
          updateProductRow(db, id, columns),
        )
      })
      ctx.changed('product', [id])
      return { id }
    },
  }
}
