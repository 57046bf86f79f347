import { createHash } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { Proposal } from '../../src-shared/domain/proposal.types.ts'
import type { EventMap } from '../../src-shared/ipc/events.ts'
import { AppError } from '../../src-shared/ipc/result.ts'
import { createEventBus } from '../app/event-bus.ts'
import {
  memorySecretStore,
  memorySettingsStore,
  noopShell,
  silentLogger,
  systemClock,
} from '../app/ports.ts'
import type { Services } from '../services/index.ts'
import { fixtureLine, fixtureProposal, fixtureSettings } from './pdf-fixtures.ts'
import { createPdfPool, type PdfPool, type PdfRenderer } from './pdf-pool.ts'
import { createPdfService, exportFileName, type PdfService } from './pdf.service.ts'
import { pageTexts, qpdfCheck } from './pdf-test-utils.ts'

const proposals = new Map<string, Proposal>()
const services = {
  proposals: {
    get(id: string) {
      const p = proposals.get(id)
      if (!p) throw new AppError('not_found', `Proposal ${id} not found`)
      return p
    },
  },
  settings: { get: () => fixtureSettings, getLogo: () => null },
} as unknown as Services

let pool: PdfPool
let dataDir: string
let service: PdfService
const events: EventMap['pdf.progress'][] = []

beforeAll(() => {
  pool = createPdfPool({ threads: 1 })
})
afterAll(async () => {
  await pool.close()
})
beforeEach(async () => {
  await service?.close().catch(() => {})
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pd-pdfsvc-'))
  const bus = createEventBus()
  bus.listen((name, payload) => {
    if (name === 'pdf.progress') events.push(payload as EventMap['pdf.progress'])
  })
  events.length = 0
  // The service must not close the shared pool between tests.
  const renderer: PdfRenderer = {
    render: (req) => pool.render(req),
    fontAssetsHash: () => pool.fontAssetsHash(),
    close: () => Promise.resolve(),
  }
  service = createPdfService(
    {
      config: { dataDir, host: 'in-process', version: 'test' },
      ports: {
        settings: memorySettingsStore(),
        secrets: memorySecretStore(),
        shell: noopShell,
        clock: systemClock,
        logger: silentLogger,
      },
      events: bus,
      services,
    },
    { renderer },
  )
  proposals.clear()
  proposals.set('p1', fixtureProposal({ id: 'p1' }))
})

describe('PdfService.export', () => {
  it('renders once, then returns the cached file without rendering', async () => {
    const first = await service.export('p1')
    expect(first).toMatchObject({ proposalId: 'p1', cached: false, missingGlyphs: [] })
    expect(first.fileName).toBe('PR-2026-0042 - Acme Widgets Ltd.pdf')
    const file = path.join(dataDir, 'pdf-cache', `${first.key}.pdf`)
    const bytes = fs.readFileSync(file)
    expect(bytes.length).toBe(first.bytes)
    expect(qpdfCheck(bytes).status).toBe(0)
    const text = pageTexts(bytes).join('\n')
    expect(text).toContain('26.35')
    expect(text).toContain('165.01')
    expect(text).toContain(`Page ${first.pages} of ${first.pages}`)

    const second = await service.export('p1')
    expect(second).toMatchObject({ cached: true, key: first.key, sha256: first.sha256 })
    expect(service.stats()).toEqual({ renders: 1, hits: 1, coalesced: 0 })
    expect((await service.readCached(first.key))?.equals(bytes)).toBe(true)
    expect(await service.readCached('not-a-key')).toBeNull()
  })

  it('re-renders when a line changes and when forced', async () => {
    const first = await service.export('p1')
    proposals.set(
      'p1',
      fixtureProposal({
        id: 'p1',
        lines: [fixtureLine({ description: 'Consulting day', unitPrice: '138.67' })],
      }),
    )
    const changed = await service.export('p1')
    expect(changed.cached).toBe(false)
    expect(changed.key).not.toBe(first.key)
    const forced = await service.export('p1', { force: true })
    expect(forced).toMatchObject({ cached: false, key: changed.key, sha256: changed.sha256 })
    expect(service.stats().renders).toBe(3)
  })

  it('treats a truncated or tampered cached file as a miss', async () => {
    const first = await service.export('p1')
    const file = path.join(dataDir, 'pdf-cache', `${first.key}.pdf`)
    fs.truncateSync(file, 100)
    const again = await service.export('p1')
    expect(again.cached).toBe(false)
    expect(again.sha256).toBe(first.sha256) // deterministic: equal key, equal bytes
    const bytes = fs.readFileSync(file)
    const at = bytes.length - 10
    bytes.writeUInt8(bytes.readUInt8(at) ^ 0xff, at)
    fs.writeFileSync(file, bytes)
    expect((await service.export('p1')).cached).toBe(false)
    expect(service.stats().renders).toBe(3)
  })

  it('shares one render between 5 concurrent exports of the same proposal', async () => {
    const results = await Promise.all(Array.from({ length: 5 }, () => service.export('p1')))
    expect(new Set(results.map((r) => r.sha256)).size).toBe(1)
    expect(service.stats()).toMatchObject({ renders: 1, coalesced: 4 })
  })

  it('reports progress events from queued to done', async () => {
    const r = await service.export('p1')
    const phases = events.filter((e) => e.proposalId === 'p1').map((e) => e.phase)
    expect(phases[0]).toBe('queued')
    expect(phases).toContain('rendering')
    expect(phases).toContain('writing')
    expect(phases[phases.length - 1]).toBe('done')
    expect(new Set(events.map((e) => e.jobId)).size).toBe(1)
    expect(r.cached).toBe(false)
  })

  it('cancels an export in progress', async () => {
    proposals.set('p2', fixtureProposal({ id: 'p2', number: 'PR-2026-0043' }))
    const blocker = service.export('p1', { force: true })
    const victim = service.export('p2')
    await new Promise((r) => setTimeout(r, 20))
    expect(service.cancel('p2')).toBe(true)
    await expect(victim).rejects.toMatchObject({ code: 'cancelled' })
    await expect(blocker).resolves.toMatchObject({ cached: false })
    expect(events.some((e) => e.proposalId === 'p2' && e.phase === 'cancelled')).toBe(true)
    expect(service.cancel('p2')).toBe(false)
  })

  it('lists characters the fonts cannot draw', async () => {
    proposals.set(
      'p3',
      fixtureProposal({
        id: 'p3',
        lines: [fixtureLine({ description: 'Mystery \u{10FFFD} glyph' })],
      }),
    )
    const r = await service.export('p3')
    expect(r.missingGlyphs).toContainEqual({ char: '\u{10FFFD}', codePoint: 'U+10FFFD' })
  })

  it('fails with not_found for an unknown proposal', async () => {
    await expect(service.export('nope')).rejects.toMatchObject({ code: 'not_found' })
  })
})

describe('PdfService.pathFor', () => {
  it('places "<number> - <client>.pdf" under exports and refreshes it when the content changes', async () => {
    const first = await service.export('p1')
    const file = await service.pathFor('p1')
    expect(file).toBe(path.join(dataDir, 'exports', 'PR-2026-0042 - Acme Widgets Ltd.pdf'))
    const cached = path.join(dataDir, 'pdf-cache', `${first.key}.pdf`)
    expect(fs.readFileSync(file).equals(fs.readFileSync(cached))).toBe(true)
    // Same content: the file is not replaced (same inode, no render).
    const ino = fs.statSync(file).ino
    expect(await service.pathFor('p1')).toBe(file)
    expect(fs.statSync(file).ino).toBe(ino)
    expect(service.stats().renders).toBe(1)

    proposals.set(
      'p1',
      fixtureProposal({
        id: 'p1',
        lines: [fixtureLine({ description: 'Consulting day', unitPrice: '138.67' })],
      }),
    )
    expect(await service.pathFor('p1')).toBe(file)
    const changed = await service.export('p1')
    expect(changed.key).not.toBe(first.key)
    const cachedNow = fs.readFileSync(path.join(dataDir, 'pdf-cache', `${changed.key}.pdf`))
    expect(fs.readFileSync(file).equals(cachedNow)).toBe(true)
    expect(pageTexts(fs.readFileSync(file)).join('\n')).toContain('Consulting day')
    // No temp files left behind.
    expect(fs.readdirSync(path.join(dataDir, 'exports'))).toEqual([
      'PR-2026-0042 - Acme Widgets Ltd.pdf',
    ])
  })

  it('returns the same bytes for the preview as the export', async () => {
    const first = await service.export('p1')
    const out = await service.bytesFor('p1')
    expect(out).toMatchObject({ key: first.key, pages: first.pages })
    expect(createHash('sha256').update(out.bytes).digest('hex')).toBe(first.sha256)
  })
})

describe('exportFileName', () => {
  it('keeps Unicode and strips what file systems refuse', () => {
    expect(exportFileName('PR-2026-0042', 'Müller & Söhne 株式会社')).toBe(
      'PR-2026-0042 - Müller & Söhne 株式会社.pdf',
    )
    expect(exportFileName('PR/1', 'A:B*C?"D"<E>|F\\G')).toBe('PR 1 - A B C D E F G.pdf')
    expect(exportFileName('PR-1', null)).toBe('PR-1.pdf')
    expect(exportFileName('', '...')).toBe('proposal.pdf')
    expect(Buffer.byteLength(exportFileName('PR-1', 'é'.repeat(300)))).toBeLessThanOrEqual(190)
  })
})
