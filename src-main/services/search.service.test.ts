import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { startInProcessHost, type InProcessHost } from '../hosts/in-process.ts'
import { unwrap } from '../handlers/channel-test-support.ts'
import { ftsQuery } from '../repositories/search.repository.ts'
import { toHighlighted } from './search.service.ts'

let host: InProcessHost
beforeEach(async () => {
  host = await startInProcessHost()
})
afterEach(async () => {
  await host.close()
})

const line = (description: string) => ({ description, quantity: '1', unitPrice: '10' })

describe('FTS query building', () => {
  test('each word becomes a quoted prefix phrase; operators and quotes are taken literally', () => {
    expect(ftsQuery('PR-2026-00')).toBe('"PR-2026-00"*')
    expect(ftsQuery('web  OR design')).toBe('"web"* "OR"* "design"*')
    expect(ftsQuery('say "hi"')).toBe('"say"* """hi"""*')
    expect(ftsQuery('  - * ')).toBeNull()
  })

  test('highlight markers become matched runs', () => {
    expect(toHighlighted('a \u0002Déve\u0003loppement b')).toEqual([
      { text: 'a ', match: false },
      { text: 'Déve', match: true },
      { text: 'loppement b', match: false },
    ])
  })
})

describe('search.proposals', () => {
  test('finds by line text with prefix matching and folded accents, highlighted', async () => {
    const client = unwrap(await host.invoke('clients.create', { name: 'Café Müller' }))
    const p = unwrap(
      await host.invoke('proposals.create', {
        title: 'Site vitrine',
        clientId: client.id,
        lines: [line('Développement frontend React'), line('Hébergement 12 mois')],
        sections: [{ title: 'Contexte', body: 'Refonte complète du site' }],
      }),
    )
    unwrap(await host.invoke('proposals.create', { title: 'Unrelated', lines: [line('Printing')] }))

    const hits = unwrap(await host.invoke('search.proposals', { query: 'develop' }))
    expect(hits.map((h) => h.id)).toEqual([p.id])
    expect(hits[0]?.highlights.body.filter((r) => r.match).map((r) => r.text)).toEqual([
      'Développement',
    ])

    const byClient = unwrap(await host.invoke('search.proposals', { query: 'cafe mull' }))
    expect(byClient.map((h) => h.clientName)).toEqual(['Café Müller'])
    expect(byClient[0]?.highlights.client).toEqual([
      { text: 'Café', match: true },
      { text: ' ', match: false },
      { text: 'Müller', match: true },
    ])

    const bySection = unwrap(await host.invoke('search.proposals', { query: 'refonte' }))
    expect(bySection.map((h) => h.id)).toEqual([p.id])
  })

  test('finds by number prefix across its punctuation', async () => {
    const p = unwrap(await host.invoke('proposals.create', { title: 'Numbered' }))
    const prefix = p.number.slice(0, p.number.length - 2)
    const hits = unwrap(await host.invoke('search.proposals', { query: prefix }))
    expect(hits.map((h) => h.number)).toContain(p.number)
    expect(hits.find((h) => h.id === p.id)?.highlights.number.some((r) => r.match)).toBe(true)
  })

  test('follows edits, client renames and deletes in the same transactions', async () => {
    const client = unwrap(await host.invoke('clients.create', { name: 'Globex' }))
    const p = unwrap(
      await host.invoke('proposals.create', {
        title: 'Alpha',
        clientId: client.id,
        lines: [line('Widgets')],
      }),
    )
    const found = async (q: string) =>
      unwrap(await host.invoke('search.proposals', { query: q })).map((h) => h.id)

    unwrap(
      await host.invoke('proposals.update', {
        id: p.id,
        patch: { title: 'Omega', lines: [line('Gadgets')] },
      }),
    )
    expect(await found('alpha')).toEqual([])
    expect(await found('widgets')).toEqual([])
    expect(await found('omega gadg')).toEqual([p.id])

    unwrap(await host.invoke('clients.update', { id: client.id, patch: { name: 'Initech' } }))
    expect(await found('globex')).toEqual([])
    expect(await found('initech')).toEqual([p.id])

    unwrap(await host.invoke('proposals.delete', { id: p.id }))
    expect(await found('omega')).toEqual([])
    unwrap(await host.invoke('trash.restore', { id: p.id }))
    expect(await found('omega')).toEqual([p.id])
  })

  test('a hit in the title ranks above a hit in a line; only the latest revision is listed', async () => {
    const inLine = unwrap(
      await host.invoke('proposals.create', { title: 'Yearly plan', lines: [line('Audit day')] }),
    )
    const inTitle = unwrap(await host.invoke('proposals.create', { title: 'Audit of the shop' }))
    const hits = unwrap(await host.invoke('search.proposals', { query: 'audit' }))
    expect(hits.map((h) => h.id)).toEqual([inTitle.id, inLine.id])

    const client = unwrap(await host.invoke('clients.create', { name: 'Umbrella' }))
    unwrap(await host.invoke('proposals.update', { id: inLine.id, patch: { clientId: client.id } }))
    unwrap(await host.invoke('proposals.setStatus', { id: inLine.id, status: 'sent' }))
    const revB = unwrap(
      await host.invoke('proposals.update', { id: inLine.id, patch: { title: 'Yearly plan B' } }),
    )
    const after = unwrap(await host.invoke('search.proposals', { query: 'yearly' }))
    expect(after.map((h) => [h.id, h.revision])).toEqual([[revB.id, 1]])
  })

  test('a query with nothing searchable returns no hits instead of an error', async () => {
    unwrap(await host.invoke('proposals.create', { title: 'Anything' }))
    expect(unwrap(await host.invoke('search.proposals', { query: '"*-' }))).toEqual([])
  })
})
