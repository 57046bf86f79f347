import type { Client, ClientSnapshot, RowMeta } from '../../src-shared/domain/proposal.types.ts'
import { AppError } from '../../src-shared/ipc/result.ts'
import {
  findClientRow,
  insertClientRow,
  listClientRows,
  updateClientRow,
  type ClientRow,
  type NewClientRow,
} from '../repositories/client.repository.ts'
import { recordMutation } from '../sync/outbox.ts'
import type { ClientsService } from './index.ts'
import {
  patchSynced,
  softDeleteSynced,
  syncedFields,
  type ServiceContext,
} from './service-context.ts'

export function clientFromRow(row: ClientRow): Client {
  return {
    id: row.id,
    name: row.name,
    contactName: row.contact_name,
    email: row.email,
    phone: row.phone,
    address: row.address,
    taxId: row.tax_id,
    notes: row.notes,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    deletedAt: row.deleted_at,
  }
}

/** The client as a proposal prints it. */
export function clientSnapshotFromRow(row: ClientRow): ClientSnapshot {
  return {
    name: row.name,
    contactName: row.contact_name,
    email: row.email,
    phone: row.phone,
    address: row.address,
    taxId: row.tax_id,
  }
}

type ClientColumns = Pick<
  ClientRow,
  'name' | 'contact_name' | 'email' | 'phone' | 'address' | 'tax_id' | 'notes'
>

function clientColumns(input: Partial<Omit<Client, keyof RowMeta>>): Partial<ClientColumns> {
  const cols: Partial<ClientColumns> = {}
  if (input.name !== undefined) cols.name = input.name
  if (input.contactName !== undefined) cols.contact_name = input.contactName
  if (input.email !== undefined) cols.email = input.email
  if (input.phone !== undefined) cols.phone = input.phone
  if (input.address !== undefined) cols.address = input.address
  if (input.taxId !== undefined) cols.tax_id = input.taxId
  if (input.notes !== undefined) cols.notes = input.notes
  return cols
}

export function createClientsService(ctx: ServiceContext): ClientsService {
  const { db } = ctx

  const load = (id: string): ClientRow => {
    const row = findClientRow(db, id)
    if (!row) throw new AppError('not_found', `client ${id} not found`)
    return row
  }

  return {
    list: (q) => listClientRows(db, { search: q.search }).map(clientFromRow),

    get: (id) => clientFromRow(load(id)),

    create(input) {
      const now = ctx.now()
      const ts = now.toISOString()
      const row: NewClientRow = {
        id: ctx.newId(),
        name: input.name,
        contact_name: input.contactName,
        email: input.email,
        phone: input.phone,
        address: input.address,
        tax_id: input.taxId,
        notes: input.notes,
        created_at: ts,
        updated_at: ts,
        updated_by: ctx.userName,
        deleted_at: null,
      }
      db.transaction(() => {
        insertClientRow(db, row)
        recordMutation(
          db,
          {
            entity: 'client',
            rowId: row.id,
            op: 'insert',
            fields: syncedFields(row),
            baseVersion: 0,
          },
          now,
        )
      })
      ctx.changed('client', [row.id])
      return clientFromRow(load(row.id))
    },

    update(id, patch) {
      const now = ctx.now()
      const changed = db.transaction(() =>
        patchSynced(ctx, 'client', id, load(id), clientColumns(patch), now, (fields) =>
          updateClientRow(db, id, fields),
        ),
      )
      if (changed) ctx.changed('client', [id])
      return clientFromRow(load(id))
    },

    delete(id) {
      const now = ctx.now()
      db.transaction(() => {
        softDeleteSynced(ctx, 'client', load(id), now, (columns) =>
          updateClientRow(db, id, columns),
        )
      })
      ctx.changed('client', [id])
      return { id }
    },
  }
}
