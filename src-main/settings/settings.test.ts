import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Logger } from '../app/ports.ts'
import { createConfSettingsStore, settingsFile } from './conf-settings.store.ts'
import { defaultDataDir, resolveDataDir } from './data-dir.ts'
import { createFileSecretStore, secretEnvName } from './file-secret.store.ts'
import { backupPathFor } from './resilient-settings.store.ts'

function recordingLogger(): Logger & { lines: { level: string; msg: string }[] } {
  const lines: { level: string; msg: string }[] = []
  return {
    lines,
    info: (msg) => lines.push({ level: 'info', msg }),
    warn: (msg) => lines.push({ level: 'warn', msg }),
    error: (msg) => lines.push({ level: 'error', msg }),
  }
}

let dir: string
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pd-settings-'))
})
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }))

describe('data directory resolution', () => {
  it('prefers --data-dir, then PROPOSALDESK_DATA_DIR, then the per-user folder', () => {
    const env = { PROPOSALDESK_DATA_DIR: '/env/dir' }
    expect(resolveDataDir({ flag: '/flag/dir', env })).toBe('/flag/dir')
    expect(resolveDataDir({ env })).toBe('/env/dir')
    expect(resolveDataDir({ env: {}, platform: 'linux', home: '/home/ann' })).toBe(
      '/home/ann/.local/share/ProposalDesk',
    )
  })

  it('uses each platform’s application data folder', () => {
    expect(defaultDataDir('linux', { XDG_DATA_HOME: '/xdg' }, '/home/ann')).toBe(
      '/xdg/ProposalDesk',
    )
    expect(defaultDataDir('linux', { XDG_DATA_HOME: 'relative' }, '/home/ann')).toBe(
      '/home/ann/.local/share/ProposalDesk',
    )
    expect(defaultDataDir('darwin', {}, '/Users/ann')).toBe(
      '/Users/ann/Library/Application Support/ProposalDesk',
    )
    expect(defaultDataDir('win32', { APPDATA: 'C:\\Users\\ann\\AppData\\Roaming' }, 'C:\\x')).toBe(
      'C:\\Users\\ann\\AppData\\Roaming\\ProposalDesk',
    )
  })
})

describe('conf settings store', () => {
  it('persists flat dotted keys across reopen', () => {
    const log = recordingLogger()
    const a = createConfSettingsStore({ dataDir: dir, logger: log })
    a.set('server.host', 'db.example.com')
    a.set('ui.pageSize', 50)
    const b = createConfSettingsStore({ dataDir: dir, logger: log })
    expect(b.get('server.host')).toBe('db.example.com')
    expect(b.all()).toEqual({ 'server.host': 'db.example.com', 'ui.pageSize': 50 })
    const raw = JSON.parse(fs.readFileSync(settingsFile(dir), 'utf8')) as Record<string, unknown>
    expect(raw['server.host']).toBe('db.example.com')
    b.delete('ui.pageSize')
    expect(createConfSettingsStore({ dataDir: dir, logger: log }).all()).toEqual({
      'server.host': 'db.example.com',
    })
  })

  it('restores the last good copy when the file is corrupt, keeps the broken file and logs', () => {
    const log = recordingLogger()
    const a = createConfSettingsStore({ dataDir: dir, logger: log })
    a.set('server.host', 'db.example.com')
    fs.writeFileSync(settingsFile(dir), '{"server.host": "db.exa') // torn write / power cut

    const b = createConfSettingsStore({ dataDir: dir, logger: log })
    expect(b.get('server.host')).toBe('db.example.com')
    expect(b.recovery?.restored).toBe(true)
    expect(fs.readFileSync(b.recovery?.corruptCopy ?? '', 'utf8')).toBe('{"server.host": "db.exa')
    expect(log.lines).toEqual([
      { level: 'warn', msg: 'settings file was unreadable; restored the last good copy' },
    ])
  })

  it('recovers when the file is corrupted while the store is open', () => {
    const log = recordingLogger()
    const a = createConfSettingsStore({ dataDir: dir, logger: log })
    a.set('smtp.host', 'mail.example.com')
    fs.writeFileSync(settingsFile(dir), 'garbage')
    expect(a.get('smtp.host')).toBe('mail.example.com')
    a.set('smtp.port', 587)
    expect(createConfSettingsStore({ dataDir: dir, logger: log }).all()).toEqual({
      'smtp.host': 'mail.example.com',
      'smtp.port': 587,
    })
  })

  it('starts empty and says so loudly when there is no good copy', () => {
    const log = recordingLogger()
    fs.writeFileSync(settingsFile(dir), 'not json at all')
    const s = createConfSettingsStore({ dataDir: dir, logger: log })
    expect(s.all()).toEqual({})
    expect(s.recovery?.restored).toBe(false)
    expect(fs.existsSync(backupPathFor(settingsFile(dir)))).toBe(false)
    expect(log.lines[0]?.level).toBe('error')
  })
})

describe('file secret store', () => {
  it('stores secrets in a 0600 file and never in the settings file', async () => {
    const s = createFileSecretStore({ dataDir: dir, env: {} })
    expect(await s.get('smtp.password')).toBeNull()
    await s.set('smtp.password', 'hunter2')
    expect(await createFileSecretStore({ dataDir: dir, env: {} }).get('smtp.password')).toBe(
      'hunter2',
    )
    const mode = fs.statSync(path.join(dir, 'secrets.json')).mode & 0o777
    if (process.platform !== 'win32') expect(mode).toBe(0o600)
    await s.set('smtp.password', null)
    expect(await s.get('smtp.password')).toBeNull()
    expect(s.describe()).toMatch(/0600.*weaker/)
  })

  it('lets the environment override a stored secret for automation', async () => {
    expect(secretEnvName('server.password')).toBe('PROPOSALDESK_SECRET_SERVER_PASSWORD')
    const s = createFileSecretStore({
      dataDir: dir,
      env: { PROPOSALDESK_SECRET_SERVER_PASSWORD: 'from-env' },
    })
    await s.set('server.password', 'stored')
    expect(await s.get('server.password')).toBe('from-env')
  })
})
