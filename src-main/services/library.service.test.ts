import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { startInProcessHost, type InProcessHost } from '../hosts/in-process.ts'
import { unwrap } from '../handlers/channel-test-support.ts'

let host: InProcessHost
beforeEach(async () => {
  host = await startInProcessHost()
})
afterEach(async () => {
  await host.close()
})

describe('content library', () => {
  test('sections are searchable by title, body and tags with accents folded and highlights', async () => {
    const gdpr = unwrap(
      await host.invoke('library.create', {
        title: 'Protection des données',
        body: 'Nous traitons les données personnelles conformément au RGPD.',
        category: 'Legal',
        tags: ['gdpr', ' privacy ', 'GDPR', ''],
      }),
    )
    expect(gdpr.tags).toEqual(['gdpr', 'privacy'])
    unwrap(
      await host.invoke('library.create', {
        title: 'About us',
        body: 'Founded in 1999.',
        category: 'Company',
      }),
    )
    const hits = unwrap(await host.invoke('library.list', { search: 'donnee' }))
    expect(hits.map((h) => h.id)).toEqual([gdpr.id])
    expect(hits[0]?.titleHighlight).toEqual([
      { text: 'Protection des ', match: false },
      { text: 'données', match: true },
    ])
    expect(unwrap(await host.invoke('library.list', { search: 'privacy' })).length).toBe(1)
    expect(
      unwrap(await host.invoke('library.list', { search: '', category: 'Company' })).map(
        (h) => h.title,
      ),
    ).toEqual(['About us'])
    expect(unwrap(await host.invoke('library.categories', {}))).toEqual(['Company', 'Legal'])
  })

  test('insert copies the section into a draft; editing the library later leaves it unchanged', async () => {
    const section = unwrap(
      await host.invoke('library.create', { title: 'Warranty', body: '12 months on parts.' }),
    )
    const p = unwrap(
      await host.invoke('proposals.create', {
        title: 'Boiler',
        sections: [
          { title: 'Intro', body: 'Hello' },
          { title: 'Price', body: 'See below' },
        ],
      }),
    )
    const after = unwrap(
      await host.invoke('library.insert', { proposalId: p.id, sectionId: section.id, index: 1 }),
    )
    expect(after.id).toBe(p.id)
    expect(after.sections.map((s) => [s.title, s.body])).toEqual([
      ['Intro', 'Hello'],
      ['Warranty', '12 months on parts.'],
      ['Price', 'See below'],
    ])
    unwrap(
      await host.invoke('library.update', {
        id: section.id,
        patch: { body: '24 months on parts and labour.' },
      }),
    )
    const reread = unwrap(await host.invoke('proposals.get', { id: p.id }))
    expect(reread.sections[1]?.body).toBe('12 months on parts.')
    expect(unwrap(await host.invoke('library.get', { id: section.id })).body).toBe(
      '24 months on parts and labour.',
    )
    const timeline = unwrap(await host.invoke('activity.list', { proposalId: p.id }))
    expect(timeline.find((a) => a.kind === 'library_inserted')?.data).toEqual({
      sectionId: section.id,
      title: 'Warranty',
    })
  })

  test('a deleted library section disappears from list and search', async () => {
    const s = unwrap(await host.invoke('library.create', { title: 'Obsolete clause' }))
    unwrap(await host.invoke('library.delete', { id: s.id }))
    expect(unwrap(await host.invoke('library.list', { search: 'obsolete' }))).toEqual([])
    expect(unwrap(await host.invoke('library.list', {}))).toEqual([])
  })
})
