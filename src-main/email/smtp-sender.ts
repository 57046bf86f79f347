import os from 'node:os'
import { Readable } from 'node:stream'
import tls from 'node:tls'
import MailComposer from 'nodemailer/lib/mail-composer/index.js'
import SMTPConnection from 'nodemailer/lib/smtp-connection/index.js'
import { pdfAttachmentPart } from './attachment.ts'
import type { SmtpConfig } from './smtp-settings.ts'

/** A fully built message: everything here was decided by the main process. */
export interface OutgoingMessage {
  messageId: string
  from: { name: string; address: string }
  to: string[]
  cc: string[]
  bcc: string[]
  subject: string
  text: string
  attachment?: { fileName: string; bytes: Buffer } | undefined
}

export interface SmtpAccepted {
  response: string
  accepted: string[]
  rejected: string[]
}

/** Raised with the nodemailer error attached and whether the body had started to flow. */
export class SmtpDeliveryError extends Error {
  override readonly cause: unknown
  readonly dataSent: boolean
  constructor(cause: unknown, dataSent: boolean) {
    super(cause instanceof Error ? cause.message : String(cause))
    this.name = 'SmtpDeliveryError'
    this.cause = cause
    this.dataSent = dataSent
  }
}

export interface SmtpSender {
  send(cfg: SmtpConfig, msg: OutgoingMessage): Promise<SmtpAccepted>
}

export interface SmtpSenderOptions {
  connectionTimeoutMs?: number
  socketTimeoutMs?: number
}

export async function buildMime(msg: OutgoingMessage): Promise<Buffer> {
  const composer = new MailComposer({
    from: { name: msg.from.name, address: msg.from.address },
    to: msg.to,
    cc: msg.cc.length > 0 ? msg.cc : undefined,
    // Bcc goes into the envelope only; MailComposer drops the header by default.
    subject: msg.subject,
    text: msg.text,
    messageId: msg.messageId,
    attachments: msg.attachment
      ? [{ raw: pdfAttachmentPart(msg.attachment.fileName, msg.attachment.bytes) }]
      : [],
    // Nothing from outside may make the composer read a file or fetch a URL.
    disableFileAccess: true,
    disableUrlAccess: true,
  })
  return composer.compile().build()
}

/**
 * TLS options: certificates are ALWAYS verified. A corporate CA is trusted in addition to (never
 * instead of) the system roots; there is deliberately no switch to turn verification off.
 */
export function tlsOptions(cfg: SmtpConfig): tls.ConnectionOptions {
  const ca = cfg.ca.trim() ? [...tls.rootCertificates, cfg.ca] : undefined
  return {
    rejectUnauthorized: true,
    minVersion: 'TLSv1.2',
    ...(ca ? { ca } : {}),
  }
}

export function createSmtpSender(options: SmtpSenderOptions = {}): SmtpSender {
  return {
    async send(cfg, msg) {
      const mime = await buildMime(msg)
      return new Promise<SmtpAccepted>((resolve, reject) => {
        let dataSent = false
        let settled = false
        const connection = new SMTPConnection({
          host: cfg.host,
          port: cfg.port,
          secure: cfg.security === 'tls',
          // STARTTLS is mandatory: never fall back to plain text when the server does not offer it.
          requireTLS: cfg.security === 'starttls',
          ignoreTLS: false,
          tls: tlsOptions(cfg),
          name: os.hostname() || 'localhost',
          connectionTimeout: options.connectionTimeoutMs ?? 20_000,
          greetingTimeout: options.connectionTimeoutMs ?? 20_000,
          socketTimeout: options.socketTimeoutMs ?? 120_000,
        })
        const finish = (err: unknown, ok?: SmtpAccepted): void => {
          if (settled) return
          settled = true
          if (err) {
            connection.close()
            reject(new SmtpDeliveryError(err, dataSent))
          } else {
            try {
              connection.quit()
            } catch {
              connection.close()
            }
            resolve(ok as SmtpAccepted)
          }
        }
        connection.once('error', (err: unknown) => finish(err))
        connection.once('end', () => {
          // A close with no reply and no error event: treat like a dropped connection.
          setTimeout(
            () =>
              finish(
                Object.assign(new Error('Connection closed unexpectedly'), { code: 'ECONNECTION' }),
              ),
            200,
          ).unref()
        })
        const envelope = { from: msg.from.address, to: [...msg.to, ...msg.cc, ...msg.bcc] }
        // The connection reads the body only after the server answered DATA with 354. From the
        // first read on, a broken connection means "may have been delivered".
        let pushed = false
        const body = new Readable({
          read() {
            dataSent = true
            if (!pushed) {
              pushed = true
              this.push(mime)
              this.push(null)
            }
          },
        })
        const sendMessage = (): void => {
          connection.send(envelope, body, (err, info) => {
            if (err) return finish(err)
            finish(null, {
              response: String(info.response ?? ''),
              accepted: info.accepted.map(String),
              rejected: info.rejected.map(String),
            })
          })
        }
        connection.connect(() => {
          if (settled) return
          if (cfg.user) {
            connection.login({ user: cfg.user, pass: cfg.password }, (err) => {
              if (err) return finish(err)
              sendMessage()
            })
          } else {
            sendMessage()
          }
        })
      })
    },
  }
}
