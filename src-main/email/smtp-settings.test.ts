import { describe, expect, it } from 'vitest'
import { memorySecretStore, memorySettingsStore } from '../app/ports.ts'
import { asciiFallback, attachmentFileName } from './attachment.ts'
import { classifySmtpError } from './smtp-errors.ts'
import { loadSmtpConfig, parseFrom, parseSmtpUrl, SMTP_KEYS } from './smtp-settings.ts'

describe('SMTP settings', () => {
  it('parses PROPOSALDESK_SMTP_URL: smtp:// is STARTTLS on 587, smtps:// implicit TLS on 465', () => {
    expect(parseSmtpUrl('smtp://me%40corp:p%3Ass@mail.corp.example')).toEqual({
      host: 'mail.corp.example',
      port: 587,
      security: 'starttls',
      user: 'me@corp',
      password: 'p:ss',
    })
    expect(parseSmtpUrl('smtps://mail.example:2465')).toMatchObject({ port: 2465, security: 'tls' })
    expect(() => parseSmtpUrl('http://x')).toThrow(/smtp:\/\/ or smtps:\/\//)
    expect(parseFrom('Sales Team <sales@acme.example>')).toEqual({
      name: 'Sales Team',
      address: 'sales@acme.example',
    })
    expect(parseFrom('robot@acme.example')).toEqual({ name: '', address: 'robot@acme.example' })
  })

  it('env overrides the stored settings but keeps the stored corporate CA', async () => {
    const settings = memorySettingsStore({
      [SMTP_KEYS.host]: 'stored.example',
      [SMTP_KEYS.fromAddress]: 'stored@acme.example',
      [SMTP_KEYS.ca]: 'PEM',
    })
    const secrets = memorySecretStore()
    await secrets.set('smtp.password', 'stored-pw')
    expect(await loadSmtpConfig({ settings, secrets, env: {} })).toMatchObject({
      host: 'stored.example',
      port: 587,
      password: 'stored-pw',
    })
    const cfg = await loadSmtpConfig({
      settings,
      secrets,
      env: {
        PROPOSALDESK_SMTP_URL: 'smtps://u:pw@env.example',
        PROPOSALDESK_SMTP_FROM: 'Bot <bot@acme.example>',
      },
    })
    expect(cfg).toEqual({
      host: 'env.example',
      port: 465,
      security: 'tls',
      user: 'u',
      password: 'pw',
      fromName: 'Bot',
      fromAddress: 'bot@acme.example',
      ca: 'PEM',
    })
    expect(await loadSmtpConfig({ settings: memorySettingsStore(), secrets, env: {} })).toBeNull()
  })
})

describe('attachment names', () => {
  it('is "<number> - <client>.pdf" with path and control characters replaced', () => {
    expect(attachmentFileName('PR-2026-0001', 'Müller & Söhne №7')).toBe(
      'PR-2026-0001 - Müller & Söhne №7.pdf',
    )
    expect(attachmentFileName('PR/1', 'A:B\\C\u0000D "E"')).toBe('PR_1 - A_B_C_D _E_.pdf')
    expect(attachmentFileName('PR-1', '')).toBe('PR-1.pdf')
    expect(Buffer.byteLength(attachmentFileName('PR-1', '漢'.repeat(300)))).toBeLessThanOrEqual(204)
  })

  it('has a readable ASCII fallback', () => {
    expect(asciiFallback('Angebot_Müller_№7 😀.pdf')).toBe('Angebot_Muller_No7 _.pdf')
  })
})

describe('SMTP error classification', () => {
  it('names the cause in plain words and only retries what is safe to retry', () => {
    const c = (e: object, dataSent = false) => classifySmtpError(e, dataSent)
    expect(
      c({
        code: 'EAUTH',
        response: '535 5.7.139 Authentication unsuccessful, SmtpClientAuthentication is disabled',
        responseCode: 535,
      }),
    ).toMatchObject({ code: 'auth', retryable: false })
    expect(c({ code: 'ESOCKET', message: 'connect ECONNREFUSED 127.0.0.1:1' })).toMatchObject({
      code: 'offline',
      retryable: true,
    })
    expect(
      c({ code: 'ESOCKET', message: 'self-signed certificate in certificate chain' }),
    ).toMatchObject({
      code: 'tls-untrusted',
      retryable: false,
    })
    expect(c({ code: 'EENVELOPE', responseCode: 550, response: '550 no such user' })).toMatchObject(
      {
        code: 'address-rejected',
      },
    )
    expect(c({ code: 'EENVELOPE', responseCode: 451, response: '451 try later' })).toMatchObject({
      code: 'server-busy',
      retryable: true,
    })
    // After the body went out, a dropped connection is never "offline" (that would resend).
    expect(
      c({ code: 'ECONNECTION', message: 'Connection closed unexpectedly' }, true),
    ).toMatchObject({
      code: 'outcome-unknown',
      retryable: false,
    })
    expect(c({ code: 'EMESSAGE', responseCode: 554, response: '554 spam' }, true)).toMatchObject({
      code: 'message-rejected',
    })
  })
})
