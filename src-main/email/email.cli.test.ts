/** `proposaldesk send` / `outbox` spawned exactly as a script would, against a real SMTP server. */
import { spawn } from 'node:child_process'
import { createHash } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { simpleParser } from 'mailparser'
import { afterAll, describe, expect, it } from 'vitest'
import {
  freePort,
  startTestSmtpServer,
  TEST_CA_PEM,
  type TestSmtpServer,
} from './testing/smtp-test-server.ts'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..')
const bin = path.join(root, 'bin', 'proposaldesk.mjs')
const fixture = path.join(root, 'src-main', 'cli', 'fixtures', 'three-proposals.json')

interface Run {
  code: number | null
  stdout: string
  stderr: string
}

function cli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const e: NodeJS.ProcessEnv = { ...process.env, ...env }
    delete e.PROPOSALDESK_SMTP_URL
    delete e.PROPOSALDESK_SMTP_FROM
    Object.assign(e, env)
    const child = spawn(process.execPath, [bin, ...args], { cwd: root, env: e })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')))
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')))
    child.on('error', reject)
    child.on('close', (code) => resolve({ code, stdout, stderr }))
    child.stdin.end('')
  })
}

const cleanups: (() => Promise<void> | void)[] = []
afterAll(async () => {
  while (cleanups.length) await cleanups.pop()?.()
})

function lines(text: string): Record<string, unknown>[] {
  return text
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as Record<string, unknown>)
}

describe('proposaldesk send / outbox', () => {
  it('sends through the configured server, queues when offline and delivers on outbox --retry', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pd-email-cli-'))
    cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }))
    const d = ['--data-dir', dir]
    const imported = await cli([...d, 'import', fixture])
    expect(imported.code).toBe(0)
    const created = (JSON.parse(imported.stdout) as { created: { id: string; number: string }[] })
      .created
    const number = created[0]!.number

    const port = await freePort()
    for (const [k, v] of [
      ['smtp.host', '127.0.0.1'],
      ['smtp.port', String(port)],
      ['smtp.fromAddress', 'sales@northwind.example'],
      ['smtp.ca', TEST_CA_PEM],
    ] as const) {
      // `--` lets a value start with "-" (a PEM does).
      const r = await cli([...d, 'config', 'set', k, '--', v])
      expect(r.stderr).toBe('')
      expect(r.code).toBe(0)
    }

    // Offline: queued, exit 0.
    const queued = await cli([...d, 'send', number, '--to', 'buyer@client.example'])
    expect(queued.code).toBe(0)
    const q = JSON.parse(queued.stdout) as {
      messageId: string
      status: string
      attachment: { name: string; bytes: number; sha256: string }
    }
    expect(q.status).toBe('queued')
    expect(Object.keys(q).sort()).toEqual(['attachment', 'messageId', 'status'])
    expect(q.attachment.name).toMatch(new RegExp(`^${number} - .+\\.pdf$`))

    const pdf = await cli([...d, 'pdf', number])
    const pdfPath = (JSON.parse(pdf.stdout) as { path: string }).path
    const pdfBytes = fs.readFileSync(pdfPath)
    expect(q.attachment.sha256).toBe(createHash('sha256').update(pdfBytes).digest('hex'))
    expect(q.attachment.bytes).toBe(pdfBytes.length)

    const listed = lines((await cli([...d, 'outbox'])).stdout)
    expect(listed).toHaveLength(1)
    expect(listed[0]).toMatchObject({ messageId: q.messageId, status: 'queued', number })

    // The server comes up; --retry delivers it.
    const smtp: TestSmtpServer = await startTestSmtpServer({ port })
    cleanups.push(() => smtp.close())
    const retried = await cli([...d, 'outbox', '--retry'])
    expect(retried.code).toBe(0)
    expect(lines(retried.stdout)[0]).toMatchObject({ messageId: q.messageId, status: 'sent' })
    expect(smtp.received).toHaveLength(1)
    const mail = await simpleParser(smtp.received[0]!.raw)
    expect(mail.messageId).toBe(q.messageId)
    expect(mail.attachments[0]!.content.equals(pdfBytes)).toBe(true)

    // Online now: sent directly, with the options given.
    const direct = await cli([
      ...d,
      'send',
      number,
      '--to',
      'a@client.example',
      '--cc',
      'b@client.example',
      '--subject',
      'Your quote',
      '--message',
      'See attached.',
    ])
    expect(direct.code).toBe(0)
    expect(JSON.parse(direct.stdout)).toMatchObject({ status: 'sent' })
    const second = await simpleParser(smtp.received[1]!.raw)
    expect(second.subject).toBe('Your quote')
    expect(second.text?.trim()).toBe('See attached.')
    expect(smtp.received[1]!.to.sort()).toEqual(['a@client.example', 'b@client.example'])

    // Bad input: exit 2, nothing queued.
    const bad = await cli([...d, 'send', number, '--to', 'not-an-address'])
    expect(bad.code).toBe(2)
    expect(bad.stdout).toBe('')
    expect(lines((await cli([...d, 'outbox'])).stdout)).toHaveLength(2)
  }, 240_000)

  it('a failed send exits 1 with the reason in words', async () => {
    const smtp = await startTestSmtpServer({ auth: { user: 'u', pass: 'right' } })
    cleanups.push(() => smtp.close())
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pd-email-cli-'))
    cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }))
    const d = ['--data-dir', dir]
    const imported = await cli([...d, 'import', fixture])
    const number = (JSON.parse(imported.stdout) as { created: { number: string }[] }).created[0]!
      .number
    expect((await cli([...d, 'config', 'set', 'smtp.ca', '--', TEST_CA_PEM])).code).toBe(0)
    const r = await cli([...d, 'send', number, '--to', 'x@client.example'], {
      PROPOSALDESK_SMTP_URL: `smtp://u:wrong@127.0.0.1:${smtp.port}`,
      PROPOSALDESK_SMTP_FROM: 'bot@northwind.example',
    })
    expect(r.code).toBe(1)
    expect(JSON.parse(r.stdout)).toMatchObject({ status: 'failed' })
    const err = r.stderr.split('\n').find((l) => l.startsWith('{"error"'))
    expect(JSON.parse(err ?? '{}')).toMatchObject({ error: { code: 'auth' } })
    expect(smtp.received).toHaveLength(0)
  }, 120_000)
})
