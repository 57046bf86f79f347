import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { startInProcessHost, type InProcessHost } from '../hosts/in-process.ts'
import { unwrap } from '../handlers/channel-test-support.ts'
import { daysUntil, effectiveStatus, todayLocal } from './lifecycle.service.ts'

let host: InProcessHost
let now: Date
beforeEach(async () => {
  now = new Date('2026-12-03T10:00:00.000Z')
  host = await startInProcessHost({ ports: { clock: { now: () => now } } })
})
afterEach(async () => {
  await host.close()
})

const storedStatus = (id: string): string =>
  (
    host.app.db.sqlite.prepare('SELECT status FROM proposals WHERE id = ?').get(id) as {
      status: string
    }
  ).status

async function sent(title: string, validUntil: string) {
  const client = unwrap(await host.invoke('clients.create', { name: `${title} client` }))
  const p = unwrap(
    await host.invoke('proposals.create', {
      title,
      clientId: client.id,
      issueDate: '2026-11-01',
      validUntil,
      lines: [{ description: 'Work', quantity: '1', unitPrice: '100' }],
    }),
  )
  return unwrap(await host.invoke('proposals.setStatus', { id: p.id, status: 'sent' }))
}

describe('status helpers', () => {
  test('sent + validUntil before today is expired; on the last valid day it is still sent', () => {
    expect(effectiveStatus('sent', '2026-12-02', '2026-12-03')).toBe('expired')
    expect(effectiveStatus('sent', '2026-12-03', '2026-12-03')).toBe('sent')
    expect(effectiveStatus('sent', null, '2026-12-03')).toBe('sent')
    expect(effectiveStatus('accepted', '2026-01-01', '2026-12-03')).toBe('accepted')
    expect(daysUntil('2026-12-10', '2026-12-03')).toBe(7)
    expect(daysUntil('2026-12-01', '2026-12-03')).toBe(-2)
    expect(todayLocal(new Date(2026, 11, 3, 23, 59))).toBe('2026-12-03')
  })
})

describe('lifecycle', () => {
  test('expired is derived on read and in the list, never stored', async () => {
    const lapsed = await sent('Lapsed', '2026-12-02')
    const live = await sent('Live', '2026-12-20')
    expect(lapsed.status).toBe('expired')
    expect(storedStatus(lapsed.id)).toBe('sent')
    expect(live.status).toBe('sent')
    const expired = unwrap(await host.invoke('proposals.list', { status: 'expired' }))
    expect(expired.items.map((i) => i.title)).toEqual(['Lapsed'])
    const sentList = unwrap(await host.invoke('proposals.list', { status: 'sent' }))
    expect(sentList.items.map((i) => i.title)).toEqual(['Live'])

    // Time passes: the live one expires without any write.
    now = new Date('2026-12-21T08:00:00.000Z')
    expect(unwrap(await host.invoke('proposals.get', { id: live.id })).status).toBe('expired')
    expect(storedStatus(live.id)).toBe('sent')
  })

  test('transitions are enforced; an expired proposal can still be accepted; each change is on the timeline', async () => {
    const draft = unwrap(await host.invoke('proposals.create', { title: 'Draft' }))
    const bad = await host.invoke('proposals.setStatus', { id: draft.id, status: 'accepted' })
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid_state' } })

    const lapsed = await sent('Late answer', '2026-11-30')
    const accepted = unwrap(
      await host.invoke('proposals.setStatus', { id: lapsed.id, status: 'accepted' }),
    )
    expect(accepted.status).toBe('accepted')
    const back = await host.invoke('proposals.setStatus', { id: lapsed.id, status: 'draft' })
    expect(back).toMatchObject({ ok: false, error: { code: 'invalid_state' } })

    const timeline = unwrap(await host.invoke('activity.list', { proposalId: lapsed.id }))
    expect(timeline.filter((a) => a.kind === 'status_changed').map((a) => a.data)).toEqual([
      { from: 'draft', to: 'sent' },
      { from: 'expired', to: 'accepted' },
    ])
  })

  test('delete moves to the trash; restore brings it back with its number', async () => {
    const p = unwrap(await host.invoke('proposals.create', { title: 'Binned' }))
    unwrap(await host.invoke('proposals.delete', { id: p.id }))
    expect(unwrap(await host.invoke('proposals.list', {})).items).toEqual([])
    const trash = unwrap(await host.invoke('trash.list', {}))
    expect(trash.map((t) => [t.id, t.number, t.title])).toEqual([[p.id, p.number, 'Binned']])
    expect(trash[0]?.deletedAt).toBe('2026-12-03T10:00:00.001Z')

    const restored = unwrap(await host.invoke('trash.restore', { id: p.id }))
    expect(restored).toMatchObject({ id: p.id, number: p.number, deletedAt: null })
    expect(unwrap(await host.invoke('trash.list', {}))).toEqual([])
    expect(unwrap(await host.invoke('proposals.list', {})).items.map((i) => i.id)).toEqual([p.id])
    const outbox = host.app.db.sqlite
      .prepare(`SELECT op, fields FROM sync_outbox WHERE row_id = ? ORDER BY mutation_id`)
      .all(p.id) as { op: string; fields: string }[]
    expect(outbox.map((o) => o.op)).toEqual(['insert', 'delete', 'patch'])
    expect(JSON.parse(outbox[2]?.fields ?? '{}')).toMatchObject({ deleted_at: null })
    const kinds = unwrap(await host.invoke('activity.list', { proposalId: p.id })).map(
      (a) => a.kind,
    )
    expect(kinds).toEqual(['created', 'deleted', 'restored'])
  })

  test('duplicate makes a draft with a new number, recorded as created from the source', async () => {
    const source = await sent('Original', '2026-12-31')
    const copy = unwrap(await host.invoke('proposals.duplicate', { id: source.id }))
    expect(copy.number).not.toBe(source.number)
    expect(copy.status).toBe('draft')
    const timeline = unwrap(await host.invoke('activity.list', { proposalId: copy.id }))
    expect(timeline.map((a) => [a.kind, a.data])).toEqual([
      ['created', { duplicateOf: source.id, number: source.number }],
    ])
  })

  test('edits by the same person within ten minutes are one "edited" entry with a count', async () => {
    const p = unwrap(await host.invoke('proposals.create', { title: 'Typing' }))
    for (const title of ['T1', 'T2', 'T3']) {
      now = new Date(now.getTime() + 60_000)
      unwrap(await host.invoke('proposals.update', { id: p.id, patch: { title } }))
    }
    now = new Date(now.getTime() + 11 * 60_000)
    unwrap(await host.invoke('proposals.update', { id: p.id, patch: { title: 'T4' } }))
    const edits = unwrap(await host.invoke('activity.list', { proposalId: p.id })).filter(
      (a) => a.kind === 'edited',
    )
    expect(edits.map((a) => [a.at, a.data])).toEqual([
      ['2026-12-03T10:03:00.000Z', { count: 3 }],
      ['2026-12-03T10:14:00.000Z', {}],
    ])
  })

  test('activity.record is open to other areas (export, email) and shows on the timeline', async () => {
    const p = unwrap(await host.invoke('proposals.create', { title: 'Mailed' }))
    host.app.services.activity.record(p.id, 'emailed', { to: ['a@b.example'], status: 'sent' })
    const last = unwrap(await host.invoke('activity.list', { proposalId: p.id })).at(-1)
    expect(last).toMatchObject({ kind: 'emailed', data: { to: ['a@b.example'], status: 'sent' } })
  })
})

describe('list filters and sorts on the live-row indexes', () => {
  test('the total follows every write although it is reused between pages', async () => {
    const total = async () => unwrap(await host.invoke('proposals.list', { limit: 1 })).total
    expect(await total()).toBe(0)
    const a = unwrap(await host.invoke('proposals.create', { title: 'One' }))
    expect(await total()).toBe(1)
    unwrap(await host.invoke('proposals.create', { title: 'Two' }))
    expect(await total()).toBe(2)
    unwrap(await host.invoke('proposals.delete', { id: a.id }))
    expect(await total()).toBe(1)
    unwrap(await host.invoke('trash.restore', { id: a.id }))
    expect(await total()).toBe(2)
  })

  test('every sort with every status filter returns the right proposals in order', async () => {
    const lapsed = await sent('Bravo lapsed', '2026-12-01')
    const live = await sent('Alpha live', '2026-12-24')
    const draft = unwrap(await host.invoke('proposals.create', { title: 'Charlie draft' }))
    const sorts = [
      'updated',
      'created',
      'number',
      'title',
      'client',
      'total',
      'validUntil',
    ] as const
    const expected = {
      all: [lapsed.id, live.id, draft.id].sort(),
      sent: [live.id],
      expired: [lapsed.id],
      draft: [draft.id],
      accepted: [],
    }
    for (const sort of sorts) {
      for (const [status, ids] of Object.entries(expected)) {
        const r = unwrap(
          await host.invoke('proposals.list', {
            sort,
            status: status as keyof typeof expected,
            direction: 'asc',
          }),
        )
        expect([...r.items.map((i) => i.id)].sort()).toEqual(ids)
        expect(r.total).toBe(ids.length)
      }
    }
    const byTitle = unwrap(await host.invoke('proposals.list', { sort: 'title', direction: 'asc' }))
    expect(byTitle.items.map((i) => i.title)).toEqual([
      'Alpha live',
      'Bravo lapsed',
      'Charlie draft',
    ])
  })
})

describe('a sent proposal and its PDF stay byte-identical when edited', () => {
  test('the PDF of rev A is served from the cache with the same hash after rev B is made', async () => {
    const a = await sent('Printed', '2026-12-31')
    const first = unwrap(await host.invoke('pdf.export', { proposalId: a.id }))
    unwrap(await host.invoke('proposals.update', { id: a.id, patch: { title: 'Reprinted' } }))
    const again = unwrap(await host.invoke('pdf.export', { proposalId: a.id }))
    expect(again.cached).toBe(true)
    expect(again.sha256).toBe(first.sha256)
    expect(again.key).toBe(first.key)
  }, 60_000)
})
