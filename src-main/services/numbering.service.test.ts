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

const create = async (issueDate: string) =>
  unwrap(await host.invoke('proposals.create', { title: 'N', currency: 'EUR', issueDate })).number

describe('proposal numbering', () => {
  test('the default series counts per year of the issue date', async () => {
    expect(await create('2026-03-01')).toBe('PR-2026-0001')
    expect(await create('2026-12-31')).toBe('PR-2026-0002')
    expect(await create('2025-06-15')).toBe('PR-2025-0001')
    expect(await create('2026-01-01')).toBe('PR-2026-0003')
  })

  test('a configured series is used from the next proposal on', async () => {
    expect(await create('2026-03-01')).toBe('PR-2026-0001')
    unwrap(
      await host.invoke('settings.update', { patch: { numberingSeries: 'Q{YY}{MM}-{SEQ:3}' } }),
    )
    expect(await create('2026-03-09')).toBe('Q2603-001')
    expect(await create('2026-03-10')).toBe('Q2603-002')
    expect(await create('2026-04-01')).toBe('Q2604-001')
  })

  test('numbers are never reused, not even after a delete or the newest one is deleted', async () => {
    const first = unwrap(
      await host.invoke('proposals.create', {
        title: 'A',
        currency: 'EUR',
        issueDate: '2026-05-05',
      }),
    )
    unwrap(await host.invoke('proposals.delete', { id: first.id }))
    expect(await create('2026-05-06')).toBe('PR-2026-0002')
  })

  test('a number already taken (e.g. imported) is skipped', async () => {
    const imported = host.app.services.proposals.create(
      { title: 'Imported', currency: 'EUR', issueDate: '2026-01-10' },
      { number: 'PR-2026-0002' },
    )
    expect(imported.number).toBe('PR-2026-0002')
    expect(await create('2026-01-11')).toBe('PR-2026-0001')
    expect(await create('2026-01-12')).toBe('PR-2026-0003')
    expect(() =>
      host.app.services.proposals.create(
        { title: 'Dup', currency: 'EUR' },
        { number: 'PR-2026-0003' },
      ),
    ).toThrow(/already used/)
  })

  test('duplicates draw a fresh number too; the store never holds the same number twice', async () => {
    const p = unwrap(await host.invoke('proposals.create', { title: 'A', currency: 'EUR' }))
    unwrap(await host.invoke('proposals.duplicate', { id: p.id }))
    unwrap(await host.invoke('proposals.duplicate', { id: p.id }))
    const dupes = host.app.db.sqlite
      .prepare('SELECT number, count(*) AS n FROM proposals GROUP BY number HAVING n > 1')
      .all()
    expect(dupes).toEqual([])
    expect(unwrap(await host.invoke('proposals.list', {})).total).toBe(3)
  })
})
