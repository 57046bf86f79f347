import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { build } from 'esbuild'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { fake as FakeState } from './fake-electron.test-support.ts'

// The preload bundled as start.mjs bundles it (browser platform: a sandboxed preload can require
// nothing but electron), with `electron` replaced by the recording fake.
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..')
const here = path.join(root, 'src-main', 'electron')
let out: string
let fake: typeof FakeState

interface Bridge {
  invoke(channel: unknown, input: unknown): Promise<unknown>
  subscribe(event: unknown, listener: unknown): () => void
}
let bridge: Bridge

beforeAll(async () => {
  // A fresh clone has no dist/ yet.
  fs.mkdirSync(path.join(root, 'dist'), { recursive: true })
  out = fs.mkdtempSync(path.join(root, 'dist', 'test-preload-'))
  const result = await build({
    entryPoints: [path.join(here, 'preload.ts')],
    outfile: path.join(out, 'preload.mjs'),
    bundle: true,
    platform: 'browser',
    format: 'esm',
    logLevel: 'error',
    metafile: true,
    plugins: [
      {
        name: 'fake-electron',
        setup(b) {
          b.onResolve({ filter: /^electron$/ }, () => ({
            path: path.join(here, 'fake-electron.test-support.ts'),
          }))
        },
      },
    ],
  })
  // Nothing from Node may reach the sandboxed preload.
  const inputs = Object.keys(result.metafile.inputs)
  expect(inputs.filter((i) => i.startsWith('node:') || i.includes('src-main/app'))).toEqual([])
  await import(pathToFileURL(path.join(out, 'preload.mjs')).href)
  fake = (globalThis as { __pdFakeElectron?: typeof FakeState }).__pdFakeElectron!
  bridge = fake.exposed.get('bridge') as Bridge
}, 60_000)

afterAll(() => fs.rmSync(out, { recursive: true, force: true }))

describe('preload', () => {
  it('exposes exactly window.bridge = { invoke, subscribe }', () => {
    expect([...fake.exposed.keys()]).toEqual(['bridge'])
    expect(Object.keys(bridge).sort()).toEqual(['invoke', 'subscribe'])
  })

  it('forwards contract channels and refuses anything else without calling main', async () => {
    expect(await bridge.invoke('proposals.get', { id: 'p1' })).toEqual({
      ok: true,
      value: 'from main',
    })
    expect(fake.rendererInvokes).toEqual([['rpc:proposals.get', { id: 'p1' }]])
    expect(await bridge.invoke('fs.readFile', { path: '/etc/passwd' })).toEqual({
      ok: false,
      error: { code: 'not_found', message: 'unknown channel "fs.readFile"' },
    })
    expect(await bridge.invoke({ toString: () => 'app.info' }, {})).toMatchObject({ ok: false })
    expect(fake.rendererInvokes).toHaveLength(1)
  })

  it('delivers only the subscribed event, and unsubscribes', () => {
    const got: unknown[] = []
    const off = bridge.subscribe('data.changed', (p: unknown) => got.push(p))
    const [listener] = fake.rendererListeners.get('pd:event') ?? []
    listener?.({}, 'pdf.progress', { proposalId: 'x' })
    listener?.({}, 'data.changed', { entity: 'client', ids: ['c1'] })
    expect(got).toEqual([{ entity: 'client', ids: ['c1'] }])
    off()
    expect(fake.rendererListeners.get('pd:event')).toEqual([])
    expect(() => bridge.subscribe('secrets.leak', () => {})).toThrow('unknown event')
  })
})
