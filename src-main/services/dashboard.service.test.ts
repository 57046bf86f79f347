import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { startInProcessHost, type InProcessHost } from '../hosts/in-process.ts'
import { unwrap } from '../handlers/channel-test-support.ts'

let host: InProcessHost
let now: Date
beforeEach(async () => {
  now = new Date('2026-12-03T10:00:00.000Z')
  host = await startInProcessHost({ ports: { clock: { now: () => now } } })
})
afterEach(async () => {
  await host.close()
})

async function proposal(
  title: string,
  opts: {
    currency?: string
    price: string
    validUntil: string
    status?: 'sent' | 'accepted' | 'declined'
  },
) {
  const client = unwrap(await host.invoke('clients.create', { name: `${title} Co` }))
  const p = unwrap(
    await host.invoke('proposals.create', {
      title,
      clientId: client.id,
      currency: opts.currency ?? 'EUR',
      issueDate: '2026-11-01',
      validUntil: opts.validUntil,
      lines: [{ description: 'Work', quantity: '1', unitPrice: opts.price }],
    }),
  )
  if (!opts.status) return p
  unwrap(await host.invoke('proposals.setStatus', { id: p.id, status: 'sent' }))
  if (opts.status === 'sent') return unwrap(await host.invoke('proposals.get', { id: p.id }))
  return unwrap(await host.invoke('proposals.setStatus', { id: p.id, status: opts.status }))
}

describe('dashboard.get', () => {
  test('pipeline by status and currency, expiring this week, 90-day win rate, recent activity', async () => {
    await proposal('Draft EUR', { price: '1000', validUntil: '2027-01-31' })
    await proposal('Sent EUR 1', { price: '250.50', validUntil: '2026-12-05', status: 'sent' })
    await proposal('Sent EUR 2', { price: '100', validUntil: '2026-12-10', status: 'sent' })
    await proposal('Sent USD', {
      currency: 'USD',
      price: '99.99',
      validUntil: '2027-02-01',
      status: 'sent',
    })
    await proposal('Lapsed', { price: '70', validUntil: '2026-12-01', status: 'sent' })
    await proposal('Won', { price: '5000', validUntil: '2027-01-01', status: 'accepted' })
    await proposal('Lost 1', { price: '10', validUntil: '2027-01-01', status: 'declined' })
    await proposal('Lost 2', { price: '10', validUntil: '2027-01-01', status: 'declined' })

    const d = unwrap(await host.invoke('dashboard.get', {}))
    expect(d.today).toBe('2026-12-03')
    expect(d.pipeline).toEqual([
      { status: 'draft', currency: 'EUR', count: 1, gross: 100000 },
      { status: 'expired', currency: 'EUR', count: 1, gross: 7000 },
      { status: 'sent', currency: 'EUR', count: 2, gross: 35050 },
      { status: 'sent', currency: 'USD', count: 1, gross: 9999 },
    ])
    expect(d.expiringThisWeek.map((e) => [e.title, e.daysLeft])).toEqual([
      ['Sent EUR 1', 2],
      ['Sent EUR 2', 7],
    ])
    expect(d.winRate).toEqual({ days: 90, accepted: 1, declined: 2, rate: 1 / 3 })
    expect(d.recentActivity.length).toBe(10)
    expect(d.recentActivity[0]).toMatchObject({ kind: 'status_changed', title: 'Lost 2' })

    // Outcomes older than 90 days leave the win rate.
    now = new Date('2027-03-10T10:00:00.000Z')
    const later = unwrap(await host.invoke('dashboard.get', {}))
    expect(later.winRate).toEqual({ days: 90, accepted: 0, declined: 0, rate: null })
  })
})
