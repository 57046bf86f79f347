import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, test } from 'vitest'
import { startInProcessHost } from '../hosts/in-process.ts'
import { unwrap } from '../handlers/channel-test-support.ts'
import { SAMPLE_TITLE } from './sample-data.service.ts'

const dirs: string[] = []
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true })
})

describe('first-start sample proposal', () => {
  test('first start creates one marked sample; deleting it does not bring it back', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pd-sample-'))
    dirs.push(dataDir)
    const first = await startInProcessHost({ dataDir, config: { skipSample: false } })
    const list = unwrap(await first.invoke('proposals.list', {}))
    expect(list.total).toBe(1)
    const summary = list.items[0]
    expect(summary?.isSample).toBe(true)
    expect(summary?.title.startsWith(SAMPLE_TITLE)).toBe(true)
    const sample = unwrap(await first.invoke('proposals.get', { id: summary?.id ?? '' }))
    expect(sample.sections).toHaveLength(3)
    expect(sample.lines).toHaveLength(4)
    expect(sample.lines.filter((l) => l.optional)).toHaveLength(1)
    expect(sample.client?.name).toContain('sample')
    // 1200 + 24×95 + 40×95 less 10 % = 6900.00 net; 20 % VAT.
    expect(sample.totals).toMatchObject({
      net: 690000,
      tax: 138000,
      gross: 828000,
      optionalNet: 45000,
    })
    unwrap(await first.invoke('proposals.delete', { id: sample.id }))
    await first.close()

    const second = await startInProcessHost({ dataDir, config: { skipSample: false } })
    expect(unwrap(await second.invoke('proposals.list', {})).total).toBe(0)
    await second.close()
  })

  test('skipSample leaves a new store empty', async () => {
    const host = await startInProcessHost()
    expect(unwrap(await host.invoke('proposals.list', {})).total).toBe(0)
    expect(unwrap(await host.invoke('clients.list', {}))).toEqual([])
    await host.close()
  })
})
