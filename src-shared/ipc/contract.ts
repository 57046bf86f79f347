import { z } from 'zod'
import type {
  Client,
  CompanySettings,
  Product,
  Proposal,
  ProposalSummary,
} from '../domain/proposal.types.ts'
import { emailContract } from './email.contract.ts'
import { quotingContract } from './quoting.contract.ts'
import { syncContract } from './sync.contract.ts'
import type { ErrorCode } from './result.ts'
import {
  clientInputSchema,
  clientPatchSchema,
  id,
  logoInputSchema,
  productInputSchema,
  productPatchSchema,
  proposalCreateSchema,
  proposalListSchema,
  proposalStatusSchema,
  proposalUpdateSchema,
  settingsPatchSchema,
} from './schemas.ts'

/** Phantom marker carrying a channel's output type (no runtime value). */
function out<T>(): T {
  return undefined as T
}

interface ChannelDef<I extends z.ZodType, O> {
  input: I
  output: O
  errors: readonly ErrorCode[]
}
function channel<I extends z.ZodType, O>(
  input: I,
  output: O,
  errors: readonly ErrorCode[] = [],
): ChannelDef<I, O> {
  return { input, output, errors }
}

const empty = z.object({}).strict().default({})
const byId = z.object({ id })
const search = z.object({
  search: z.string().max(200).default(''),
  includeInactive: z.boolean().default(false),
})

export interface ListPage<T> {
  items: T[]
  total: number
}

export interface PdfExportResult {
  proposalId: string
  /** Content hash; names the cached file. */
  key: string
  /** Suggested file name: "<number> - <client>.pdf" */
  fileName: string
  cached: boolean
  pages: number
  bytes: number
  sha256: string
  ms: number
  /** Characters no bundled font can draw (reported, never silently dropped). */
  missingGlyphs: { char: string; codePoint: string }[]
}

export interface AppInfo {
  version: string
  host: 'electron' | 'browser' | 'in-process'
  dataDir: string
  /** Why the desktop window is not available (browser host only). */
  note: string | null
}

/**
 * THE contract: channel name (`area.verb`) → zod input, output type, error codes.
 * Imported by main (dispatcher, hosts) and by the renderer (typed client).
 */
export const contract = {
  'app.info': channel(empty, out<AppInfo>()),

  'clients.list': channel(search, out<Client[]>()),
  'clients.get': channel(byId, out<Client>(), ['not_found']),
  'clients.create': channel(clientInputSchema, out<Client>(), ['validation']),
  'clients.update': channel(z.object({ id, patch: clientPatchSchema }), out<Client>(), [
    'validation',
    'not_found',
  ]),
  'clients.delete': channel(byId, out<{ id: string }>(), ['not_found']),

  'products.list': channel(search, out<Product[]>()),
  'products.get': channel(byId, out<Product>(), ['not_found']),
  'products.create': channel(productInputSchema, out<Product>(), ['validation']),
  'products.update': channel(z.object({ id, patch: productPatchSchema }), out<Product>(), [
    'validation',
    'not_found',
  ]),
  'products.delete': channel(byId, out<{ id: string }>(), ['not_found']),

  'proposals.list': channel(proposalListSchema, out<ListPage<ProposalSummary>>()),
  'proposals.get': channel(byId, out<Proposal>(), ['not_found']),
  'proposals.create': channel(proposalCreateSchema, out<Proposal>(), ['validation', 'not_found']),
  /**
   * Drafts are edited in place. An edit of a sent-or-later proposal creates its next revision
   * instead and returns THAT proposal (another id, same number, `revisionOf` = the edited id);
   * the edited one stays unchanged. An edit that changes nothing returns the proposal as it is.
   */
  'proposals.update': channel(proposalUpdateSchema, out<Proposal>(), [
    'validation',
    'not_found',
    'conflict',
    'invalid_state',
  ]),
  'proposals.duplicate': channel(byId, out<Proposal>(), ['not_found']),
  'proposals.delete': channel(byId, out<{ id: string }>(), ['not_found']),
  'proposals.setStatus': channel(z.object({ id, status: proposalStatusSchema }), out<Proposal>(), [
    'not_found',
    'invalid_state',
  ]),

  'settings.get': channel(empty, out<CompanySettings>()),
  'settings.update': channel(z.object({ patch: settingsPatchSchema }), out<CompanySettings>(), [
    'validation',
  ]),
  'settings.setLogo': channel(logoInputSchema, out<CompanySettings>(), ['validation']),
  'settings.removeLogo': channel(empty, out<CompanySettings>()),
  /** The logo as a data URL for previews (null when none). */
  'settings.getLogo': channel(empty, out<{ dataUrl: string | null }>()),

  /** Export (or return the cached) PDF of a proposal. `force` = explicit "regenerate". */
  'pdf.export': channel(
    z.object({ proposalId: id, force: z.boolean().default(false) }),
    out<PdfExportResult>(),
    ['not_found', 'validation', 'unavailable', 'cancelled'],
  ),
  /** Characters of the proposal no bundled font can draw, checked before any export. */
  'pdf.coverage': channel(
    z.object({ proposalId: id }),
    out<{ missingGlyphs: PdfExportResult['missingGlyphs'] }>(),
    ['not_found'],
  ),
  /** Cancel a queued or running export of this proposal. */
  'pdf.cancel': channel(z.object({ proposalId: id }), out<{ cancelled: boolean }>()),
  /** The current PDF's bytes (exported if needed) for the in-app preview. */
  'pdf.bytes': channel(
    z.object({ proposalId: id }),
    out<{ base64: string; key: string; pages: number }>(),
    ['not_found', 'validation', 'unavailable', 'cancelled'],
  ),
  /** Opens the exported PDF with the system viewer (desktop) or returns a URL (browser host). */
  'pdf.open': channel(
    z.object({ proposalId: id }),
    out<{ opened: boolean; url: string | null }>(),
    ['not_found'],
  ),
  /** Shows the exported PDF in the file manager (desktop) or returns its path. */
  'pdf.reveal': channel(z.object({ proposalId: id }), out<{ revealed: boolean; path: string }>(), [
    'not_found',
  ]),

  ...emailContract,
  ...quotingContract,
  ...syncContract,
} as const

export type Contract = typeof contract
export type Channel = keyof Contract
export type InputOf<C extends Channel> = z.input<Contract[C]['input']>
export type ParsedInputOf<C extends Channel> = z.output<Contract[C]['input']>
export type OutputOf<C extends Channel> = Contract[C]['output']

export const CHANNELS = Object.keys(contract) as Channel[]
export function isChannel(name: string): name is Channel {
  return Object.prototype.hasOwnProperty.call(contract, name)
}
