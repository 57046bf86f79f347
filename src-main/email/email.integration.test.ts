/** Email through the real app (in-process host): real proposals, the real PDF engine and cache. */
import { createHash } from 'node:crypto'
import { simpleParser } from 'mailparser'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startInProcessHost, type InProcessHost } from '../hosts/in-process.ts'
import { CONFIG_KEYS } from '../cli/config-keys.ts'
import { SMTP_CONFIG_KEYS, SMTP_SECRET_KEYS } from './smtp-settings.ts'
import {
  startTestSmtpServer,
  TEST_CA_PEM,
  type TestSmtpServer,
} from './testing/smtp-test-server.ts'

let host: InProcessHost
let smtp: TestSmtpServer

beforeAll(async () => {
  smtp = await startTestSmtpServer({ auth: { user: 'anna', pass: 'pw-ß' } })
  host = await startInProcessHost()
})
afterAll(async () => {
  await host?.close()
  await smtp?.close()
})

function ok<T>(r: { ok: true; value: T } | { ok: false; error: { message: string } }): T {
  if (!r.ok) throw new Error(r.error.message)
  return r.value
}

describe('email through the in-process host with the real PDF export', () => {
  it('sends exactly the cached PDF of the current revision and marks the proposal sent', async () => {
    ok(await host.invoke('settings.update', { patch: { companyName: 'Northwind GmbH' } }))
    const client = ok(
      await host.invoke('clients.create', {
        name: 'Müller & Söhne №7',
        contactName: 'Jürgen Müller',
        email: 'juergen@mueller.example',
      }),
    )
    const proposal = ok(
      await host.invoke('proposals.create', {
        title: 'Küche',
        clientId: client.id,
        currency: 'EUR',
        lines: [{ description: 'Beratung', quantity: '2', unitPrice: '100', taxes: [] }],
      }),
    )
    const settings = ok(
      await host.invoke('email.saveSettings', {
        host: '127.0.0.1',
        port: smtp.port,
        security: 'starttls',
        user: 'anna',
        password: 'pw-ß',
        fromName: 'Anna',
        fromAddress: 'anna@northwind.example',
        ca: TEST_CA_PEM,
      }),
    )
    expect(settings).toMatchObject({ configured: true, hasPassword: true })
    expect(JSON.stringify(settings)).not.toContain('pw-ß')
    expect(JSON.stringify(ok(await host.invoke('email.getSettings', {})))).not.toContain('pw-ß')

    const compose = ok(await host.invoke('email.compose', { proposalId: proposal.id }))
    expect(compose.to).toEqual([{ name: 'Jürgen Müller', address: 'juergen@mueller.example' }])
    expect(compose.attachment.name).toBe(`${proposal.number} - Müller & Söhne №7.pdf`)

    const exported = ok(await host.invoke('pdf.export', { proposalId: proposal.id }))
    const cached = await host.app.pdf.readCached(exported.key)
    expect(cached?.subarray(0, 5).toString('latin1')).toBe('%PDF-')
    expect(compose.attachment).toEqual({
      name: `${proposal.number} - Müller & Söhne №7.pdf`,
      bytes: exported.bytes,
      sha256: exported.sha256,
    })

    const sent = ok(
      await host.invoke('email.send', {
        proposalId: proposal.id,
        to: compose.to.map((t) => t.address),
        subject: compose.subject,
        message: compose.message,
      }),
    )
    expect(sent.failure).toBeNull()
    expect(sent.status).toBe('sent')

    expect(smtp.received).toHaveLength(1)
    const mail = await simpleParser(smtp.received[0]!.raw)
    const att = mail.attachments[0]!
    expect(att.filename).toBe(`${proposal.number} - Müller & Söhne №7.pdf`)
    expect(createHash('sha256').update(att.content).digest('hex')).toBe(exported.sha256)
    expect(att.content.equals(cached!)).toBe(true)
    expect(mail.messageId).toBe(sent.messageId)

    const after = ok(await host.invoke('proposals.get', { id: proposal.id }))
    expect(after.status).toBe('sent')
    const outbox = ok(await host.invoke('email.outbox', {}))
    expect(outbox.map((e) => [e.proposalNumber, e.status])).toEqual([[proposal.number, 'sent']])

    // The timeline: the export the user asked for, then the email (the mailer's own read of the
    // cached PDF is not an export of its own).
    const timeline = ok(await host.invoke('activity.list', { proposalId: proposal.id }))
    const kinds = timeline.map((e) => e.kind)
    expect(kinds.filter((k) => k === 'exported')).toHaveLength(1)
    const emailed = timeline.find((e) => e.kind === 'emailed')
    expect(emailed?.data).toMatchObject({ outcome: 'sent', messageId: sent.messageId })
  })

  it('accepts intents only: a path, URL or raw option in email.send is refused and writes nothing', async () => {
    const before = ok(await host.invoke('email.outbox', {})).length
    const r = await host.app.dispatch('email.send', {
      proposalId: 'x',
      to: ['a@b.example'],
      subject: 's',
      message: 'm',
      attachments: [{ path: '/etc/passwd' }],
    })
    expect(r.ok).toBe(false)
    if (!r.ok) expect(r.error.code).toBe('validation')
    const bad = await host.app.dispatch('email.send', {
      proposalId: 'x',
      to: ['not an address'],
      subject: 's',
      message: 'm',
    })
    expect(bad.ok).toBe(false)
    if (!bad.ok) expect(bad.error.message).toContain('to[0]')
    expect(ok(await host.invoke('email.outbox', {}))).toHaveLength(before)
  })

  it('templates with an unknown merge field are refused, naming the field, and nothing is saved', async () => {
    const before = ok(await host.invoke('email.templates.get', {}))
    const bad = await host.invoke('email.templates.save', {
      subject: 'Angebot {{number}} für {{client.name}}',
      message: 'Hallo {{contact.name}}, {{ bogusField }}',
    })
    expect(bad.ok).toBe(false)
    if (!bad.ok) {
      expect(bad.error.code).toBe('validation')
      expect(bad.error.details?.issues?.map((i) => i.path)).toEqual(['subject', 'message'])
      expect(bad.error.message).toContain('unknown merge field {{number}}')
      expect(bad.error.message).toContain('{{bogusField}}')
    }
    expect(ok(await host.invoke('email.templates.get', {}))).toEqual(before)
    const good = ok(
      await host.invoke('email.templates.save', {
        subject: 'Angebot {{ proposal.number }} für {{client.name}}',
        message: 'Hallo {{contact.name}}',
      }),
    )
    expect(good.subject).toBe('Angebot {{ proposal.number }} für {{client.name}}')
    ok(
      await host.invoke('email.templates.save', {
        subject: before.subject,
        message: before.message,
      }),
    )
  })

  it('the config command knows exactly the SMTP keys the email settings use', () => {
    const smtpKeys = CONFIG_KEYS.filter((k) => k.key.startsWith('smtp.'))
    expect(smtpKeys.map((k) => k.key).sort()).toEqual([...SMTP_CONFIG_KEYS].sort())
    expect(smtpKeys.filter((k) => k.kind === 'secret').map((k) => k.key)).toEqual([
      ...SMTP_SECRET_KEYS,
    ])
  })
})
