import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { startInProcessHost, type InProcessHost } from '../hosts/in-process.ts'
import { unwrap } from '../handlers/channel-test-support.ts'
import { importProposals } from '../cli/proposal-import.ts'
import {
  interchangeToProposalInput,
  parseInterchange,
} from '../../src-shared/interchange/interchange.ts'

let host: InProcessHost
beforeEach(async () => {
  host = await startInProcessHost({
    ports: { clock: { now: () => new Date('2026-12-03T10:00:00.000Z') } },
  })
})
afterEach(async () => {
  await host.close()
})

const rowsOf = (table: string, id: string): unknown[] =>
  host.app.db.sqlite
    .prepare(
      `SELECT * FROM ${table} WHERE ${table === 'proposals' ? 'id' : 'proposal_id'} = ? ORDER BY id`,
    )
    .all(id)

async function sentProposal() {
  const client = unwrap(await host.invoke('clients.create', { name: 'Stark Industries' }))
  const p = unwrap(
    await host.invoke('proposals.create', {
      title: 'Arc reactor service',
      clientId: client.id,
      currency: 'EUR',
      issueDate: '2026-12-01',
      validUntil: '2026-12-31',
      sections: [{ title: 'Scope', body: 'Quarterly service' }],
      lines: [
        {
          description: 'Inspection',
          quantity: '2',
          unitPrice: '500',
          taxes: [{ name: 'VAT', rate: '20' }],
        },
        {
          description: 'Coolant',
          quantity: '10',
          unitPrice: '12.50',
          taxes: [{ name: 'VAT', rate: '20' }],
        },
        {
          description: 'Travel',
          quantity: '1',
          unitPrice: '80',
          taxes: [{ name: 'VAT', rate: '20' }],
        },
      ],
    }),
  )
  const sent = unwrap(await host.invoke('proposals.setStatus', { id: p.id, status: 'sent' }))
  return { client, sent }
}

describe('revisions', () => {
  test('editing a sent proposal creates rev B with the same number; rev A stays byte-identical', async () => {
    const { sent } = await sentProposal()
    const beforeRows = {
      proposal: rowsOf('proposals', sent.id),
      sections: rowsOf('proposal_sections', sent.id),
      lines: rowsOf('line_items', sent.id),
    }
    const lines = sent.lines.map((l) => ({ ...l }))
    lines[1] = { ...lines[1]!, quantity: '12' }
    const b = unwrap(
      await host.invoke('proposals.update', {
        id: sent.id,
        patch: { lines, title: 'Arc reactor service 2027' },
        expectedUpdatedAt: sent.updatedAt,
      }),
    )
    expect(b).toMatchObject({
      number: sent.number,
      revision: 1,
      revisionOf: sent.id,
      status: 'draft',
      title: 'Arc reactor service 2027',
    })
    expect(b.lines.map((l) => l.quantity)).toEqual(['2', '12', '1'])
    // New rows for the revision's children: nothing shared with rev A.
    expect(b.lines.some((l) => sent.lines.some((s) => s.id === l.id))).toBe(false)
    expect(b.sections.some((s) => sent.sections.some((x) => x.id === s.id))).toBe(false)
    expect({
      proposal: rowsOf('proposals', sent.id),
      sections: rowsOf('proposal_sections', sent.id),
      lines: rowsOf('line_items', sent.id),
    }).toEqual(beforeRows)
    expect(unwrap(await host.invoke('proposals.get', { id: sent.id }))).toEqual(sent)

    // The list shows the latest revision only.
    const list = unwrap(await host.invoke('proposals.list', {}))
    expect(list.items.map((i) => [i.number, i.revision])).toEqual([[sent.number, 1]])

    // Rev B is a draft: further edits stay in place.
    const b2 = unwrap(
      await host.invoke('proposals.update', { id: b.id, patch: { notes: 'call first' } }),
    )
    expect(b2.id).toBe(b.id)

    // Editing rev A again while B exists is refused (edit B instead).
    const again = await host.invoke('proposals.update', { id: sent.id, patch: { title: 'X' } })
    expect(again.ok ? null : again.error.code).toBe('invalid_state')

    const revisions = unwrap(await host.invoke('revisions.list', { proposalId: b.id }))
    expect(revisions.map((r) => [r.letter, r.status, r.revisionOf])).toEqual([
      ['A', 'sent', null],
      ['B', 'draft', sent.id],
    ])
  })

  test('an edit that changes nothing creates no revision', async () => {
    const { sent } = await sentProposal()
    const same = unwrap(
      await host.invoke('proposals.update', {
        id: sent.id,
        patch: { title: sent.title, lines: sent.lines, sections: sent.sections },
      }),
    )
    expect(same.id).toBe(sent.id)
    expect(unwrap(await host.invoke('revisions.list', { proposalId: sent.id }))).toHaveLength(1)
  })

  test('compare lists lines added, removed and changed, and the change in totals', async () => {
    const { sent } = await sentProposal()
    // A: 2×500 + 10×12.50 + 1×80 = 1205.00 net, 241.00 VAT, 1446.00 gross
    expect(sent.totals).toMatchObject({ net: 120500, tax: 24100, gross: 144600 })
    const [inspection, coolant] = sent.lines
    const b = unwrap(
      await host.invoke('proposals.update', {
        id: sent.id,
        patch: {
          lines: [
            { ...inspection!, unitPrice: '550' },
            { ...coolant! },
            {
              description: 'Safety audit',
              quantity: '1',
              unitPrice: '300',
              taxes: [{ name: 'VAT', rate: '20' }],
            },
          ],
          sections: [
            { title: 'Scope', body: 'Quarterly service, 2027 rates' },
            { title: 'SLA', body: '4h' },
          ],
        },
      }),
    )
    // B: 2×550 + 125 + 300 = 1525.00 net, 305.00 VAT, 1830.00 gross
    const diff = unwrap(await host.invoke('revisions.compare', { fromId: sent.id, toId: b.id }))
    expect(diff.from.letter).toBe('A')
    expect(diff.to.letter).toBe('B')
    expect(diff.lines.unchanged).toBe(1)
    expect(diff.lines.added.map((l) => [l.description, l.net])).toEqual([['Safety audit', 30000]])
    expect(diff.lines.removed.map((l) => [l.description, l.net])).toEqual([['Travel', 8000]])
    expect(diff.lines.changed).toHaveLength(1)
    expect(diff.lines.changed[0]?.fields).toEqual(['unitPrice'])
    expect(diff.lines.changed[0]?.before).toMatchObject({
      description: 'Inspection',
      unitPrice: '500',
      net: 100000,
    })
    expect(diff.lines.changed[0]?.after).toMatchObject({ unitPrice: '550', net: 110000 })
    expect(diff.sections).toEqual({ added: ['SLA'], removed: [], changed: ['Scope'] })
    expect(diff.totals).toEqual({
      currency: 'EUR',
      before: { net: 120500, tax: 24100, gross: 144600 },
      after: { net: 152500, tax: 30500, gross: 183000 },
      delta: { net: 32000, tax: 6400, gross: 38400 },
    })
  })

  test('comparing proposals with different numbers is a validation error', async () => {
    const { sent } = await sentProposal()
    const other = unwrap(await host.invoke('proposals.create', { title: 'Other' }))
    const r = await host.invoke('revisions.compare', { fromId: sent.id, toId: other.id })
    expect(r.ok ? null : r.error.code).toBe('validation')
  })

  test('the timeline follows the number across revisions, with who and when', async () => {
    const { sent } = await sentProposal()
    const b = unwrap(
      await host.invoke('proposals.update', { id: sent.id, patch: { title: 'Changed' } }),
    )
    const timeline = unwrap(await host.invoke('activity.list', { proposalId: b.id }))
    expect(timeline.map((a) => [a.kind, a.proposalId === b.id ? 'B' : 'A'])).toEqual([
      ['created', 'A'],
      ['status_changed', 'A'],
      ['revision_created', 'B'],
      ['revised', 'A'],
    ])
    expect(timeline[1]?.data).toEqual({ from: 'draft', to: 'sent' })
    expect(timeline[2]?.data).toEqual({ revisionOf: sent.id, revision: 1, letter: 'B' })
    expect(timeline.every((a) => a.at === '2026-12-03T10:00:00.000Z')).toBe(true)
    expect(new Set(timeline.map((a) => a.actor)).size).toBe(1)
  })

  test('a CLI import that edits a sent proposal reports its new revision under created with revisionOf', async () => {
    const { sent } = await sentProposal()
    const doc = {
      format: 'proposaldesk/v1',
      proposals: [
        {
          id: sent.id,
          number: sent.number,
          title: 'Arc reactor service (revised)',
          status: 'sent',
          currency: 'EUR',
          issueDate: '2026-12-01',
          validUntil: '2026-12-31',
          client: { name: 'Stark Industries' },
          sections: [{ title: 'Scope', body: 'Quarterly service' }],
          lines: [{ description: 'Inspection', quantity: '3', unitPrice: '500', taxRate: '20' }],
        },
      ],
    }
    const parsed = parseInterchange(doc)
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors))
    const outcome = importProposals(host.app, parsed.proposals.map(interchangeToProposalInput))
    expect(outcome.updated).toEqual([])
    expect(outcome.created).toHaveLength(1)
    const created = outcome.created[0]!
    expect(created).toMatchObject({ number: sent.number, revisionOf: sent.id })
    const b = unwrap(await host.invoke('proposals.get', { id: created.id }))
    expect(b).toMatchObject({ revision: 1, status: 'sent', title: 'Arc reactor service (revised)' })
    expect(b.lines.map((l) => l.quantity)).toEqual(['3'])
    expect(unwrap(await host.invoke('proposals.get', { id: sent.id }))).toEqual(sent)
  })
})
