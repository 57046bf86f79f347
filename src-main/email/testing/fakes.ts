import { createHash } from 'node:crypto'
import type { Proposal, ProposalStatus } from '../../../src-shared/domain/proposal.types.ts'
import type { PdfExportResult } from '../../../src-shared/ipc/contract.ts'
import {
  memorySecretStore,
  memorySettingsStore,
  silentLogger,
  systemClock,
} from '../../app/ports.ts'
import type { EventSink, Ports } from '../../app/ports.ts'
import type { PdfService } from '../../pdf/pdf.service.ts'
import type { Services } from '../../services/index.ts'
import { AppError } from '../../../src-shared/ipc/result.ts'

// Stand-ins for the proposals service and the PDF engine, so the email area can be tested on its
// own. Deterministic: a child process building the same fakes sees the same proposal and PDF.

export const CLIENT_NAME = 'Müller & Söhne №7'

export function fakeProposal(overrides: Partial<Proposal> = {}): Proposal {
  return {
    id: '019300aa-0000-7000-8000-000000000001',
    createdAt: '2026-12-01T10:00:00.000Z',
    updatedAt: '2026-12-01T10:00:00.000Z',
    deletedAt: null,
    number: 'PR-2026-0007',
    revision: 0,
    revisionOf: null,
    title: 'Kitchen refit',
    status: 'draft',
    clientId: 'client-1',
    client: {
      name: CLIENT_NAME,
      contactName: 'Jürgen Müller',
      email: 'juergen@mueller.example',
      phone: '',
      address: '',
      taxId: '',
    },
    currency: 'EUR',
    issueDate: '2026-12-01',
    validUntil: '2026-12-31',
    taxRounding: 'per-document',
    pricesIncludeTax: false,
    documentDiscountPercent: '0',
    terms: '',
    notes: '',
    sections: [],
    lines: [],
    totals: {
      linesNet: 100000,
      documentDiscount: 0,
      net: 100000,
      tax: 20000,
      gross: 120000,
      taxes: [],
      optionalNet: 0,
    },
    lineTotals: [],
    isSample: false,
    ...overrides,
  }
}

/** Pseudo-PDF bytes that depend on the proposal content (so an edit changes them). */
export function fakePdfBytes(p: Proposal): Buffer {
  const seed = `${p.id}|${p.title}|${p.totals.gross}`
  const parts: Buffer[] = [Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n', 'latin1')]
  let h = createHash('sha256').update(seed).digest()
  for (let i = 0; i < 2000; i++) {
    parts.push(h)
    h = createHash('sha256').update(h).digest()
  }
  parts.push(Buffer.from('\n%%EOF\n'))
  return Buffer.concat(parts)
}

export interface FakeWorld {
  proposal: Proposal
  statusCalls: { id: string; status: ProposalStatus }[]
  exports: number
  services: Pick<Services, 'proposals' | 'clients' | 'settings'>
  pdf: Pick<PdfService, 'export' | 'readCached'>
  edit(patch: Partial<Proposal>): void
}

export function fakeWorld(proposal: Proposal = fakeProposal()): FakeWorld {
  const cache = new Map<string, Buffer>()
  const world: FakeWorld = {
    proposal,
    statusCalls: [],
    exports: 0,
    edit(patch) {
      world.proposal = { ...world.proposal, ...patch, updatedAt: new Date().toISOString() }
    },
    services: undefined as never,
    pdf: {
      export(proposalId): Promise<PdfExportResult> {
        if (proposalId !== world.proposal.id) throw new AppError('not_found', 'no such proposal')
        world.exports++
        const bytes = fakePdfBytes(world.proposal)
        const sha256 = createHash('sha256').update(bytes).digest('hex')
        cache.set(sha256, bytes)
        return Promise.resolve({
          proposalId,
          key: sha256,
          fileName: `${world.proposal.number} - ${CLIENT_NAME}.pdf`,
          cached: false,
          pages: 1,
          bytes: bytes.length,
          sha256,
          ms: 1,
          missingGlyphs: [],
        })
      },
      readCached: (key) => Promise.resolve(cache.get(key) ?? null),
    },
  }
  const get = (id: string): Proposal => {
    if (id !== world.proposal.id && id !== world.proposal.number) {
      throw new AppError('not_found', 'no such proposal')
    }
    return world.proposal
  }
  const todo = (): never => {
    throw new Error('not used by the email tests')
  }
  world.services = {
    proposals: {
      list: todo,
      get,
      resolve: get,
      create: todo,
      update: todo,
      duplicate: todo,
      delete: todo,
      setStatus(id, status) {
        world.statusCalls.push({ id, status })
        world.proposal = {
          ...world.proposal,
          status,
          updatedAt: new Date().toISOString(),
        }
        return world.proposal
      },
    },
    clients: {
      list: todo,
      get: () => ({
        id: 'client-1',
        name: CLIENT_NAME,
        contactName: 'Jürgen Müller',
        email: 'juergen@mueller.example',
        phone: '',
        address: '',
        taxId: '',
        notes: '',
        createdAt: '',
        updatedAt: '',
        deletedAt: null,
      }),
      create: todo,
      update: todo,
      delete: todo,
    },
    settings: {
      get: () => ({
        companyName: 'Acme Kitchens GmbH',
        address: '',
        email: 'office@acme.example',
        phone: '',
        website: '',
        taxId: '',
        paymentDetails: '',
        hasLogo: false,
        logoMime: null,
        defaultCurrency: 'EUR',
        defaultTaxRate: '20',
        validityDays: 30,
        numberingSeries: 'PR-{YYYY}-{SEQ:4}',
        defaultTerms: '',
        taxRounding: 'per-document',
        pricesIncludeTax: false,
        locale: 'de-DE',
      }),
      update: todo,
      setLogo: todo,
      removeLogo: todo,
      getLogo: todo,
    },
  }
  return world
}

export function testPorts(): Pick<Ports, 'settings' | 'secrets' | 'clock' | 'logger'> {
  return {
    settings: memorySettingsStore(),
    secrets: memorySecretStore(),
    clock: systemClock,
    logger: silentLogger,
  }
}

export function recordingEvents(): EventSink & { log: { event: string; ids: string[] }[] } {
  const log: { event: string; ids: string[] }[] = []
  return {
    log,
    emit(event, payload) {
      log.push({ event, ids: 'ids' in payload ? payload.ids : [] })
    },
  }
}
