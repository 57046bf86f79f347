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
import { createClientsService } from './client.service.ts'
import { createProductsService } from './product.service.ts'
import { createProposalsService, type CreateProposalOptions } from './proposal.service.ts'
import { createQuotingServices, type QuotingServices } from './quoting.services.ts'
import { seedSampleIfFirstStart } from './sample-data.service.ts'
import { createServiceContext } from './service-context.ts'
import { createSettingsService } from './settings.service.ts'

export type { CreateProposalOptions } from './proposal.service.ts'

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
  /** `options` serve callers other than the editor (CLI import keeps ids/numbers, sample data). */
  create(input: ParsedInputOf<'proposals.create'>, options?: CreateProposalOptions): Proposal
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

/** Core services plus the quoting-depth ones (activity, revisions, trash, templates, library,
 * csv, search, dashboard — see quoting.services.ts). */
export interface Services extends QuotingServices {
  clients: ClientsService
  products: ProductsService
  proposals: ProposalsService
  settings: SettingsService
}

/**
 * Builds the services over one local store. On first start (unless `config.skipSample`) it
 * seeds the sample proposal once.
 */
export function createServices(deps: ServiceDeps): Services {
  const ctx = createServiceContext(deps)
  const settings = createSettingsService(ctx)
  const clients = createClientsService(ctx)
  const products = createProductsService(ctx)
  const proposals = createProposalsService(ctx, settings)
  const core = { clients, products, proposals, settings }
  const services: Services = { ...core, ...createQuotingServices(deps, core) }
  if (!deps.config.skipSample) seedSampleIfFirstStart(deps.db, services, ctx.now())
  return services
}
