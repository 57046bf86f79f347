/** Export through the real app (in-process host): IPC → services → pool → cache. */
import fs from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startInProcessHost, type InProcessHost } from '../hosts/in-process.ts'
import { pageTexts, qpdfCheck } from './pdf-test-utils.ts'

let host: InProcessHost

beforeAll(async () => {
  host = await startInProcessHost()
})
afterAll(async () => {
  await host?.close()
})

function ok<T>(r: { ok: true; value: T } | { ok: false; error: { message: string } }): T {
  if (!r.ok) throw new Error(r.error.message)
  return r.value
}

describe('pdf.export through the in-process host', () => {
  it('exports a proposal, then answers from the cache; regenerate renders again', async () => {
    ok(
      await host.invoke('settings.update', { patch: { companyName: 'Northwind Consulting GmbH' } }),
    )
    const client = ok(await host.invoke('clients.create', { name: 'Acme Widgets Ltd' }))
    const proposal = ok(
      await host.invoke('proposals.create', {
        title: 'Website relaunch',
        clientId: client.id,
        currency: 'EUR',
        lines: [
          {
            description: 'Consulting day',
            quantity: '1',
            unitPrice: '138.66',
            taxes: [{ name: 'VAT', rate: '19' }],
          },
        ],
      }),
    )
    const progress: string[] = []
    const off = host.transport.subscribe('pdf.progress', (e) => progress.push(e.phase))

    const first = ok(await host.invoke('pdf.export', { proposalId: proposal.id }))
    expect(first.cached).toBe(false)
    expect(first.fileName).toBe(`${proposal.number} - Acme Widgets Ltd.pdf`)
    const { path: file } = ok(await host.invoke('pdf.reveal', { proposalId: proposal.id }))
    const bytes = fs.readFileSync(file)
    expect(qpdfCheck(bytes).status).toBe(0)
    const text = pageTexts(bytes).join('\n')
    for (const s of ['Acme Widgets Ltd', 'Consulting day', '26.35', '165.01', proposal.number]) {
      expect(text).toContain(s)
    }
    expect(text).toContain(`Page ${first.pages} of ${first.pages}`)

    const second = ok(await host.invoke('pdf.export', { proposalId: proposal.id }))
    expect(second).toMatchObject({ cached: true, key: first.key, sha256: first.sha256 })
    const forced = ok(await host.invoke('pdf.export', { proposalId: proposal.id, force: true }))
    expect(forced).toMatchObject({ cached: false, key: first.key, sha256: first.sha256 })
    // pdf.reveal resolved the path through the cache too.
    expect(host.app.pdf.stats()).toMatchObject({ renders: 2, hits: 2 })
    expect(progress).toContain('done')
    off()

    // Each export the user asked for is on the timeline; the preview's read of the same file and
    // the reveal's are not exports of their own.
    ok(await host.invoke('pdf.bytes', { proposalId: proposal.id }))
    const timeline = ok(await host.invoke('activity.list', { proposalId: proposal.id }))
    const exports = timeline.filter((e) => e.kind === 'exported')
    expect(exports.map((e) => e.data.cached)).toEqual([false, true, false])
  })

  it('marking a proposal sent keeps the exact PDF bytes already exported (cached, same hash)', async () => {
    const client = ok(await host.invoke('clients.create', { name: 'Globex' }))
    const proposal = ok(
      await host.invoke('proposals.create', {
        title: 'Support contract',
        clientId: client.id,
        currency: 'EUR',
        lines: [{ description: 'Support', quantity: '12', unitPrice: '99', taxes: [] }],
      }),
    )
    const draft = ok(await host.invoke('pdf.export', { proposalId: proposal.id }))
    ok(await host.invoke('proposals.setStatus', { id: proposal.id, status: 'sent' }))
    const sent = ok(await host.invoke('pdf.export', { proposalId: proposal.id }))
    expect(sent).toMatchObject({ cached: true, key: draft.key, sha256: draft.sha256 })
  })

  it('reports characters no bundled font can draw before any export, without rendering', async () => {
    const proposal = ok(
      await host.invoke('proposals.create', {
        title: 'Glyphs',
        currency: 'EUR',
        lines: [{ description: 'Logo \uE000 here', quantity: '1', unitPrice: '1', taxes: [] }],
      }),
    )
    const renders = host.app.pdf.stats().renders
    const coverage = ok(await host.invoke('pdf.coverage', { proposalId: proposal.id }))
    expect(coverage.missingGlyphs).toEqual([{ char: '\uE000', codePoint: 'U+E000' }])
    expect(host.app.pdf.stats().renders).toBe(renders)
    // The export reports the same list.
    const exported = ok(await host.invoke('pdf.export', { proposalId: proposal.id }))
    expect(exported.missingGlyphs).toEqual(coverage.missingGlyphs)
  })

  it('returns not_found as data for an unknown proposal', async () => {
    const r = await host.invoke('pdf.export', { proposalId: 'missing' })
    expect(r.ok).toBe(false)
    if (!r.ok) expect(r.error.code).toBe('not_found')
  })
})
