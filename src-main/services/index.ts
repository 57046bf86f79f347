import type { LocalDb } from '../db/local-database.ts'
import type { EventBus } from '../app/event-bus.ts'
import type { AppConfig, Ports } from '../app/ports.ts'
import type {
  Client,
  CompanySettings,
  Product,
  Proposal,
  ProposalStatus,
  ProposalSummary,
} from '../../src-shared/domain/proposal.types.ts'
import type { ListPage } from '../../src-shared/ipc/contract.ts'
import type { ParsedInputOf } from '../../src-shared/ipc/contract.ts'
import { AppError } from '../../src-shared/ipc/result.ts'

export interface ServiceDeps {
  db: LocalDb
  events: EventBus
  ports: Ports
  config: AppConfig
}

export interface ClientsService {
  list(q: ParsedInputOf<'clients.list'>): Client[]
  get(id: string): Client
  create(input: ParsedInputOf<'clients.create'>): Client
  update(id: string, patch: ParsedInputOf<'clients.update'>['patch']): Client
  delete(id: string): { id: string }
}

export interface ProductsService {
  list(q: ParsedInputOf<'products.list'>): Product[]
  get(id: string): Product
  create(input: ParsedInputOf<'products.create'>): Product
  update(id: string, patch: ParsedInputOf<'products.update'>['patch']): Product
  delete(id: string): { id: string }
}

export interface ProposalsService {
  list(q: ParsedInputOf<'proposals.list'>): ListPage<ProposalSummary>
  get(id: string): Proposal
  /** Accepts an id or a human number (CLI). */
  resolve(idOrNumber: string): Proposal
  create(input: ParsedInputOf<'proposals.create'>): Proposal
  update(input: ParsedInputOf<'proposals.update'>): Proposal
  duplicate(id: string): Proposal
  delete(id: string): { id: string }
  setStatus(id: string, status: ProposalStatus): Proposal
}

export interface LogoAsset {
  bytes: Buffer
  mime: string
}

export interface SettingsService {
  get(): CompanySettings
  update(patch: ParsedInputOf<'settings.update'>['patch']): CompanySettings
  setLogo(input: ParsedInputOf<'settings.setLogo'>): CompanySettings
  removeLogo(): CompanySettings
  getLogo(): LogoAsset | null
}

export interface Services {
  clients: ClientsService
  products: ProductsService
  proposals: ProposalsService
  settings: SettingsService
}

/** Placeholder until the services land; replaced by the real composition. */
export function createServices(_deps: ServiceDeps): Services {
  const todo = (): never => {
    throw new AppError('unavailable', 'not implemented yet')
  }
  return {
    clients: { list: todo, get: todo, create: todo, update: todo, delete: todo },
    products: { list: todo, get: todo, create: todo, update: todo, delete: todo },
    proposals: {
      list: todo,
      get: todo,
      resolve: todo,
      create: todo,
      update: todo,
      duplicate: todo,
      delete: todo,
      setStatus: todo,
    },
    settings: { get: todo, update: todo, setLogo: todo, removeLogo: todo, getLogo: todo },
  }
}
