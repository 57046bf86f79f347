import path from 'node:path'
import { describe, expect, it } from 'vitest'
import {
  APP_START_URL,
  isAllowedNavigation,
  originOf,
  RENDERER_CSP,
  resolveAppFile,
  SECURE_WEB_PREFERENCES,
} from './security.ts'

describe('Electron security rules', () => {
  it('keeps the renderer isolated and sandboxed', () => {
    expect(SECURE_WEB_PREFERENCES).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      webviewTag: false,
    })
  })

  it('allows navigation only inside the app origin, compared as parsed URLs', () => {
    expect(isAllowedNavigation(APP_START_URL)).toBe(true)
    expect(isAllowedNavigation('app://proposaldesk/#/proposals/1')).toBe(true)
    for (const url of [
      'https://example.com/',
      'http://127.0.0.1:3000/',
      'file:///etc/passwd',
      'app://proposaldesk.evil.example/',
      'app://evil/proposaldesk',
      'app://user:pw@proposaldesk/',
      'javascript:alert(1)',
      'not a url',
    ]) {
      expect(isAllowedNavigation(url), url).toBe(false)
    }
    expect(originOf('APP://ProposalDesk/x')).toBe('app://proposaldesk')
  })

  it('has a CSP without unsafe script sources', () => {
    expect(RENDERER_CSP).toContain("default-src 'self'")
    expect(RENDERER_CSP).toContain("script-src 'self'")
    expect(RENDERER_CSP).toContain("object-src 'none'")
    expect(RENDERER_CSP).not.toContain('unsafe-eval')
    expect(RENDERER_CSP).not.toMatch(/script-src[^;]*unsafe-inline/)
  })

  it('serves only files inside the built renderer, with SPA fallback', () => {
    const dist = path.resolve('/opt/pd/dist/renderer')
    const files = new Set([path.join(dist, 'index.html'), path.join(dist, 'assets', 'a.js')])
    const exists = (f: string) => files.has(f)
    expect(resolveAppFile(dist, 'app://proposaldesk/assets/a.js', exists)).toBe(
      path.join(dist, 'assets', 'a.js'),
    )
    expect(resolveAppFile(dist, 'app://proposaldesk/proposals/7', exists)).toBe(
      path.join(dist, 'index.html'),
    )
    expect(resolveAppFile(dist, 'app://proposaldesk/', exists)).toBe(path.join(dist, 'index.html'))
    expect(resolveAppFile(dist, 'app://proposaldesk/assets/missing.js', exists)).toBeNull()
    expect(resolveAppFile(dist, 'app://proposaldesk/..%2F..%2Fsecret.txt', exists)).toBeNull()
    expect(resolveAppFile(dist, 'app://proposaldesk/%2e%2e/%2e%2e/etc/passwd', exists)).not.toMatch(
      /etc/,
    )
    expect(resolveAppFile(dist, 'app://other/index.html', exists)).toBeNull()
  })
})
