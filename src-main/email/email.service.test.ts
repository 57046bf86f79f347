import { spawn } from 'node:child_process'
import { createHash } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { simpleParser } from 'mailparser'
import { afterEach, describe, expect, it } from 'vitest'
import { openLocalDb, type LocalDb } from '../db/local-database.ts'
import { createEmailService, type EmailActivitySink, type EmailService } from './email.service.ts'
import { SMTP_KEYS, SMTP_PASSWORD_SECRET } from './smtp-settings.ts'
import {
  CLIENT_NAME,
  fakePdfBytes,
  fakeWorld,
  recordingEvents,
  testPorts,
  type FakeWorld,
} from './testing/fakes.ts'
import {
  freePort,
  startTestSmtpServer,
  TEST_CA_PEM,
  type TestSmtpServer,
} from './testing/smtp-test-server.ts'

const here = path.dirname(fileURLToPath(import.meta.url))
const sha = (b: Buffer): string => createHash('sha256').update(b).digest('hex')

interface Harness {
  db: LocalDb
  file: string
  world: FakeWorld
  email: EmailService
  ports: ReturnType<typeof testPorts>
  activity: Parameters<EmailActivitySink['record']>[0][]
  events: ReturnType<typeof recordingEvents>
}

const cleanups: (() => Promise<void> | void)[] = []
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()?.()
})

async function server(
  opts: Parameters<typeof startTestSmtpServer>[0] = {},
): Promise<TestSmtpServer> {
  const s = await startTestSmtpServer(opts)
  cleanups.push(() => s.close())
  return s
}

async function harness(
  opts: {
    port?: number
    ca?: string | null
    user?: string
    password?: string
    env?: Record<string, string>
    file?: string
    world?: FakeWorld
  } = {},
): Promise<Harness> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pd-email-'))
  const file = opts.file ?? path.join(dir, 'store.sqlite')
  const { db } = await openLocalDb({ file })
  const world = opts.world ?? fakeWorld()
  const ports = testPorts()
  if (opts.port !== undefined) {
    ports.settings.set(SMTP_KEYS.host, '127.0.0.1')
    ports.settings.set(SMTP_KEYS.port, opts.port)
    ports.settings.set(SMTP_KEYS.security, 'starttls')
    ports.settings.set(SMTP_KEYS.fromName, 'Anna Vertrieb')
    ports.settings.set(SMTP_KEYS.fromAddress, 'sales@acme.example')
  }
  if (opts.ca !== null) ports.settings.set(SMTP_KEYS.ca, opts.ca ?? TEST_CA_PEM)
  if (opts.user) ports.settings.set(SMTP_KEYS.user, opts.user)
  if (opts.password) await ports.secrets.set(SMTP_PASSWORD_SECRET, opts.password)
  const activity: Harness['activity'] = []
  const events = recordingEvents()
  const email = createEmailService({
    db,
    events,
    ports,
    services: world.services,
    pdf: world.pdf,
    env: opts.env ?? {},
    activity: { record: (e) => activity.push(e) },
    backoff: { baseMs: 40, maxMs: 80 },
  })
  cleanups.push(async () => {
    await email.close()
    db.close()
    if (!opts.file) fs.rmSync(dir, { recursive: true, force: true })
  })
  return { db, file, world, email, ports, activity, events }
}

const sendInput = (h: Harness, extra: Partial<Parameters<EmailService['send']>[0]> = {}) => ({
  proposalId: h.world.proposal.id,
  to: ['juergen@mueller.example'],
  cc: ['einkauf@mueller.example'],
  bcc: ['archive@acme.example'],
  subject: 'Angebot PR-2026-0007 für Müller & Söhne',
  message: 'Sehr geehrter Herr Müller,\n\nanbei unser Angebot.\n',
  ...extra,
})

async function waitFor(pred: () => boolean, ms = 10_000): Promise<void> {
  const end = Date.now() + ms
  while (!pred()) {
    if (Date.now() > end) throw new Error('timed out waiting')
    await new Promise((r) => setTimeout(r, 25))
  }
}

describe('email delivery through a real SMTP server', () => {
  it('attaches exactly the exported PDF bytes with correct headers and a non-ASCII file name', async () => {
    const smtp = await server({ auth: { user: 'anna', pass: 's3cret' } })
    const h = await harness({ port: smtp.port, user: 'anna', password: 's3cret' })
    const exported = await h.world.pdf.export(h.world.proposal.id)

    const result = await h.email.send(sendInput(h))

    expect(result.failure).toBeNull()
    expect(result.status).toBe('sent')
    expect(result.attachment).toEqual({
      name: `PR-2026-0007 - ${CLIENT_NAME}.pdf`,
      bytes: exported.bytes,
      sha256: exported.sha256,
    })
    expect(smtp.received).toHaveLength(1)
    const got = smtp.received[0]!
    expect(got.user).toBe('anna')
    expect(got.from).toBe('sales@acme.example')
    expect(got.to.sort()).toEqual(
      ['archive@acme.example', 'einkauf@mueller.example', 'juergen@mueller.example'].sort(),
    )

    const mail = await simpleParser(got.raw)
    expect(mail.messageId).toBe(result.messageId)
    expect(result.messageId).toMatch(/^<[0-9a-f-]{36}@acme\.example>$/)
    expect(mail.subject).toBe('Angebot PR-2026-0007 für Müller & Söhne')
    expect(mail.from?.value).toEqual([{ name: 'Anna Vertrieb', address: 'sales@acme.example' }])
    expect(mail.text).toBe('Sehr geehrter Herr Müller,\n\nanbei unser Angebot.\n')
    // Bcc travels in the envelope only.
    expect(got.raw.toString('latin1')).not.toMatch(/^bcc:/im)
    expect(mail.attachments).toHaveLength(1)
    const att = mail.attachments[0]!
    expect(att.filename).toBe('PR-2026-0007 - Müller & Söhne №7.pdf')
    expect(att.contentType).toBe('application/pdf')
    expect(sha(att.content)).toBe(exported.sha256)
    expect(att.content.equals(fakePdfBytes(h.world.proposal))).toBe(true)

    // Both encodings of the name plus an ASCII fallback (reliability.md case 21).
    const raw = got.raw.toString('latin1')
    expect(raw).toContain(`filename*0*=utf-8''PR-2026-0007%20-%20M%C3%BCller%20%26`)
    expect(raw).toMatch(/name="=\?UTF-8\?B\?[A-Za-z0-9+/=]+\?=/)
    expect(raw).toContain('filename="PR-2026-0007 - Muller & Sohne No7.pdf"')

    // Marked sent, proposal set to sent through the service, activity recorded.
    const [entry] = h.email.outbox()
    expect(entry?.status).toBe('sent')
    expect(entry?.sentAt).not.toBeNull()
    expect(h.world.statusCalls).toEqual([{ id: h.world.proposal.id, status: 'sent' }])
    expect(h.activity.map((a) => a.kind)).toEqual(['email.sent'])
    expect(h.activity[0]?.data.messageId).toBe(result.messageId)
    expect(h.events.log.some((e) => e.event === 'data.changed' && e.ids.includes(result.id))).toBe(
      true,
    )
  })

  it('queues an offline send and delivers it automatically once the server comes up', async () => {
    const port = await freePort()
    const h = await harness({ port })

    const result = await h.email.send(sendInput(h))
    expect(result.status).toBe('queued')
    expect(result.failure?.code).toBe('offline')
    expect(result.failure?.retryable).toBe(true)
    expect(h.world.statusCalls).toEqual([])

    const smtp = await server({ port })
    h.email.startAutoDelivery({ intervalMs: 40 })
    await waitFor(() => h.email.outbox()[0]?.status === 'sent')

    expect(smtp.received).toHaveLength(1)
    const mail = await simpleParser(smtp.received[0]!.raw)
    expect(mail.messageId).toBe(result.messageId)
    expect(sha(mail.attachments[0]!.content)).toBe(result.attachment.sha256)
    expect(h.world.statusCalls).toEqual([{ id: h.world.proposal.id, status: 'sent' }])
    expect(h.email.outbox()[0]?.attempts).toBeGreaterThanOrEqual(2)
  })

  it('reports an authentication failure as such and marks nothing sent', async () => {
    const smtp = await server({ auth: { user: 'anna', pass: 'right' } })
    const h = await harness({ port: smtp.port, user: 'anna', password: 'wrong' })

    const result = await h.email.send(sendInput(h))

    expect(result.status).toBe('failed')
    expect(result.failure?.code).toBe('auth')
    expect(result.failure?.message).toMatch(/^Authentication refused/)
    expect(result.failure?.serverResponse).toMatch(/^535/)
    expect(result.failure?.retryable).toBe(false)
    expect(smtp.received).toHaveLength(0)
    expect(h.world.statusCalls).toEqual([])
    expect(h.activity.map((a) => a.kind)).toEqual(['email.failed'])
    expect(h.email.outbox({ status: 'sent' })).toEqual([])
  })

  it('refuses an untrusted certificate, then delivers once the corporate CA is added', async () => {
    const smtp = await server()
    const h = await harness({ port: smtp.port, ca: null })

    const result = await h.email.send(sendInput(h))

    expect(result.status).toBe('failed')
    expect(result.failure?.code).toBe('tls-untrusted')
    expect(result.failure?.message).toMatch(/^TLS certificate not trusted/)
    expect(smtp.received).toHaveLength(0)
    expect(h.world.statusCalls).toEqual([])

    const view = await h.email.getSettings()
    await h.email.saveSettings({ ...view, ca: TEST_CA_PEM })
    const again = await h.email.retry(result.id)
    expect(again.status).toBe('sent')
    expect(again.messageId).toBe(result.messageId)
    expect(smtp.received).toHaveLength(1)
  })

  it('ignores NODE_TLS_REJECT_UNAUTHORIZED=0: certificates stay verified', async () => {
    const smtp = await server()
    const h = await harness({ port: smtp.port, ca: null })
    const before = process.env.NODE_TLS_REJECT_UNAUTHORIZED
    process.env.NODE_TLS_REJECT_UNAUTHORIZED = '0'
    try {
      const result = await h.email.send(sendInput(h))
      expect(result.failure?.code).toBe('tls-untrusted')
      expect(smtp.received).toHaveLength(0)
    } finally {
      if (before === undefined) delete process.env.NODE_TLS_REJECT_UNAUTHORIZED
      else process.env.NODE_TLS_REJECT_UNAUTHORIZED = before
    }
  })

  it('reports a rejected recipient address', async () => {
    const smtp = await server({
      options: {
        onRcptTo(address, _s, cb) {
          if (address.address.startsWith('nobody')) {
            cb(Object.assign(new Error('5.1.1 No such user'), { responseCode: 550 }))
          } else cb()
        },
      },
    })
    const h = await harness({ port: smtp.port })
    const result = await h.email.send(
      sendInput(h, { to: ['nobody@mueller.example'], cc: [], bcc: [] }),
    )
    expect(result.status).toBe('failed')
    expect(result.failure?.code).toBe('address-rejected')
    expect(result.failure?.serverResponse).toMatch(/^550/)
    expect(smtp.received).toHaveLength(0)
  })

  it('uses PROPOSALDESK_SMTP_URL (smtps:// implicit TLS) and PROPOSALDESK_SMTP_FROM over the settings', async () => {
    const smtp = await server({ secure: true, auth: { user: 'bot', pass: 'p@ss:w/rd' } })
    const h = await harness({
      env: {
        PROPOSALDESK_SMTP_URL: `smtps://bot:${encodeURIComponent('p@ss:w/rd')}@127.0.0.1:${smtp.port}`,
        PROPOSALDESK_SMTP_FROM: 'Automation <robot@acme.example>',
      },
    })
    const view = await h.email.getSettings()
    expect(view.configured).toBe(true)
    expect(view.envOverride).toEqual({ url: true, from: true })

    const result = await h.email.send(sendInput(h))
    expect(result.status).toBe('sent')
    expect(smtp.received[0]?.user).toBe('bot')
    const mail = await simpleParser(smtp.received[0]!.raw)
    expect(mail.from?.value).toEqual([{ name: 'Automation', address: 'robot@acme.example' }])
  })

  it('sends a test email and explains a failure in words', async () => {
    const smtp = await server()
    const h = await harness({ port: smtp.port })
    const ok = await h.email.sendTest('me@acme.example')
    expect(ok).toMatchObject({ delivered: true, to: 'me@acme.example', failure: null })
    expect(smtp.received[0]?.to).toEqual(['me@acme.example'])

    const offline = await harness({ port: await freePort() })
    const bad = await offline.email.sendTest()
    expect(bad.delivered).toBe(false)
    expect(bad.to).toBe('sales@acme.example')
    expect(bad.failure?.code).toBe('offline')
  })
})

describe('never twice', () => {
  it('two concurrent retries of one queued message deliver it once', async () => {
    const port = await freePort()
    const h = await harness({ port })
    const queued = await h.email.send(sendInput(h))
    expect(queued.status).toBe('queued')
    const smtp = await server({ port })

    const results = await Promise.all([
      h.email.retry(queued.id),
      h.email.retry(queued.id),
      h.email.retryQueued(),
    ])

    expect(results[0].status === 'sent' || results[1].status === 'sent').toBe(true)
    await waitFor(() => h.email.outbox()[0]?.status === 'sent')
    expect(smtp.received).toHaveLength(1)
  })

  it('a process killed after the server accepted the message does not send it again', async () => {
    const smtp = await server()
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pd-email-crash-'))
    cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }))
    const file = path.join(dir, 'store.sqlite')

    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        path.join(here, 'testing', 'crash-after-accept.child.ts'),
        file,
        String(smtp.port),
      ],
      { cwd: path.resolve(here, '../..'), stdio: ['ignore', 'pipe', 'pipe'] },
    )
    let out = ''
    let err = ''
    child.stdout.on('data', (c: Buffer) => (out += c.toString()))
    child.stderr.on('data', (c: Buffer) => (err += c.toString()))
    const signal = await new Promise<NodeJS.Signals | null>((resolve) =>
      child.on('exit', (_code, sig) => resolve(sig)),
    )
    expect(err).toBe('')
    expect(out).toBe('accepted\n')
    expect(signal).toBe('SIGKILL')
    expect(smtp.received).toHaveLength(1)

    // A new process starts on the same store.
    const h = await harness({ port: smtp.port, file })
    expect(h.email.outbox()[0]?.status).toBe('sending')
    expect(h.email.recoverInterrupted()).toBe(1)
    const [row] = h.email.outbox()
    expect(row?.status).toBe('unknown')
    expect(row?.failure?.code).toBe('outcome-unknown')
    expect(row?.failure?.message).toMatch(/^May have been sent/)

    // Automatic delivery and a plain retry leave it alone.
    h.email.startAutoDelivery({ intervalMs: 20 })
    await new Promise((r) => setTimeout(r, 300))
    await expect(h.email.retry(row!.id)).rejects.toMatchObject({ code: 'invalid_state' })
    expect(await h.email.retryQueued()).toEqual([])
    expect(smtp.received).toHaveLength(1)
    expect(h.world.statusCalls).toEqual([])

    // The user decides: it arrived.
    const resolved = await h.email.resolveUnknown(row!.id, 'mark-sent')
    expect(resolved.status).toBe('sent')
    expect(h.world.statusCalls).toEqual([{ id: h.world.proposal.id, status: 'sent' }])
    expect(smtp.received).toHaveLength(1)
  })

  it('a connection lost after the message was handed over is "may have been sent", never retried', async () => {
    const smtp = await server({ dropAfterData: true })
    const h = await harness({ port: smtp.port })

    const result = await h.email.send(sendInput(h))

    expect(result.status).toBe('unknown')
    expect(result.failure?.code).toBe('outcome-unknown')
    expect(result.failure?.retryable).toBe(false)
    expect(smtp.received).toHaveLength(1)
    h.email.startAutoDelivery({ intervalMs: 20 })
    await new Promise((r) => setTimeout(r, 300))
    expect(smtp.received).toHaveLength(1)
    expect(h.world.statusCalls).toEqual([])
    expect(h.activity.map((a) => a.kind)).toEqual(['email.unknown'])
  })

  it('resending an unknown message on request keeps its Message-ID', async () => {
    const smtp = await server()
    const h = await harness({ port: smtp.port })
    const sent = await h.email.send(sendInput(h))
    // Simulate the crash state directly.
    h.db.sqlite.prepare(`UPDATE email_outbox SET status='sending', owner='999999999:gone'`).run()
    expect(h.email.recoverInterrupted()).toBe(1)
    const again = await h.email.resolveUnknown(sent.id, 'resend')
    expect(again.status).toBe('sent')
    expect(smtp.received).toHaveLength(2)
    const ids = await Promise.all(
      smtp.received.map(async (m) => (await simpleParser(m.raw)).messageId),
    )
    expect(ids).toEqual([sent.messageId, sent.messageId])
  })

  it('does not send a queued message with a stale PDF after the proposal was edited', async () => {
    const port = await freePort()
    const h = await harness({ port })
    const queued = await h.email.send(sendInput(h))
    expect(queued.status).toBe('queued')
    h.world.edit({ title: 'Kitchen refit (bigger)' })
    const smtp = await server({ port })

    const result = await h.email.retry(queued.id)

    expect(result.status).toBe('failed')
    expect(result.failure?.code).toBe('proposal-changed')
    expect(smtp.received).toHaveLength(0)
  })
})

describe('compose, settings and templates', () => {
  it('fills recipients, subject and message from the templates with merge fields', async () => {
    const h = await harness({ port: 2525 })
    h.email.saveTemplates({
      subject: 'Angebot {{proposal.number}} – {{client.name}}',
      message:
        'Hallo {{contact.name}}, Summe {{proposal.total}}, gültig bis {{proposal.validUntil}}. {{sender.name}} / {{company.name}} {{unknown.field}}',
    })
    const c = await h.email.compose(h.world.proposal.id)
    expect(c.to).toEqual([{ name: 'Jürgen Müller', address: 'juergen@mueller.example' }])
    expect(c.subject).toBe(`Angebot PR-2026-0007 – ${CLIENT_NAME}`)
    expect(c.message).toBe(
      'Hallo Jürgen Müller, Summe 1.200,00\u00a0€, gültig bis 31. Dezember 2026. Anna Vertrieb / Acme Kitchens GmbH {{unknown.field}}',
    )
    // Without a valid-until date the sentence still reads as one.
    h.world.edit({ validUntil: null })
    const undated = await h.email.compose(h.world.proposal.id)
    expect(undated.message).toContain('gültig bis further notice.')
    h.world.edit({ validUntil: '2026-12-31' })
    const exported = await h.world.pdf.export(h.world.proposal.id)
    expect(c.attachment).toEqual({
      name: `PR-2026-0007 - ${CLIENT_NAME}.pdf`,
      bytes: exported.bytes,
      sha256: exported.sha256,
    })
    expect(c.configured).toBe(true)
    expect(c.from).toEqual({ name: 'Anna Vertrieb', address: 'sales@acme.example' })
  })

  it('keeps the password write-only and stores it in the secret store', async () => {
    const h = await harness()
    const view = await h.email.saveSettings({
      host: 'smtp.acme.example',
      port: null,
      security: 'tls',
      user: 'anna',
      password: 'hunter2',
      fromName: 'Anna',
      fromAddress: 'anna@acme.example',
      ca: '',
    })
    expect(view).not.toHaveProperty('password')
    expect(JSON.stringify(view)).not.toContain('hunter2')
    expect(view).toMatchObject({ hasPassword: true, security: 'tls', port: null, configured: true })
    expect(await h.ports.secrets.get(SMTP_PASSWORD_SECRET)).toBe('hunter2')
    expect(JSON.stringify(h.ports.settings.all())).not.toContain('hunter2')

    // Omitted password = keep; '' = remove.
    await h.email.saveSettings({ ...view, password: undefined })
    expect(await h.ports.secrets.get(SMTP_PASSWORD_SECRET)).toBe('hunter2')
    const cleared = await h.email.saveSettings({ ...view, password: '' })
    expect(cleared.hasPassword).toBe(false)
  })

  it('refuses to queue when email is not set up, writing nothing', async () => {
    const h = await harness()
    await expect(h.email.send(sendInput(h))).rejects.toMatchObject({ code: 'invalid_state' })
    expect(h.email.outbox()).toEqual([])
  })
})
