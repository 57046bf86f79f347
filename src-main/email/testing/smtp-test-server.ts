import fs from 'node:fs'
import net from 'node:net'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { SMTPServer, type SMTPServerOptions } from 'smtp-server'

const here = path.dirname(fileURLToPath(import.meta.url))
/** A test CA and a server certificate it signed (CN=localhost, SAN localhost + 127.0.0.1). */
export const TEST_CA_PEM = fs.readFileSync(path.join(here, 'certs', 'ca.pem'), 'utf8')
const SERVER_KEY = fs.readFileSync(path.join(here, 'certs', 'server.key'))
const SERVER_CERT = fs.readFileSync(path.join(here, 'certs', 'server.pem'))

export interface ReceivedMessage {
  raw: Buffer
  from: string
  to: string[]
  user: string | undefined
}

export interface TestSmtpServer {
  port: number
  received: ReceivedMessage[]
  close(): Promise<void>
}

/** A free loopback port (nothing listens on it once this resolves). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer()
    s.once('error', reject)
    s.listen(0, '127.0.0.1', () => {
      const addr = s.address()
      const port = typeof addr === 'object' && addr ? addr.port : 0
      s.close(() => resolve(port))
    })
  })
}

/** A real SMTP server on 127.0.0.1 (STARTTLS, or implicit TLS with `secure`). */
export async function startTestSmtpServer(
  opts: {
    port?: number
    secure?: boolean
    auth?: { user: string; pass: string }
    /** Take the whole message, then cut the connection instead of replying (reply lost). */
    dropAfterData?: boolean
    onMessage?: (m: ReceivedMessage) => void
    options?: Partial<SMTPServerOptions>
  } = {},
): Promise<TestSmtpServer> {
  const received: ReceivedMessage[] = []
  const server = new SMTPServer({
    secure: opts.secure ?? false,
    key: SERVER_KEY,
    cert: SERVER_CERT,
    authOptional: !opts.auth,
    disabledCommands: opts.auth ? [] : ['AUTH'],
    logger: false,
    onAuth(auth, _session, cb) {
      if (opts.auth && auth.username === opts.auth.user && auth.password === opts.auth.pass) {
        cb(null, { user: auth.username })
      } else {
        cb(Object.assign(new Error('Authentication credentials invalid'), { responseCode: 535 }))
      }
    },
    onData(stream, session, cb) {
      const chunks: Buffer[] = []
      stream.on('data', (c: Buffer) => chunks.push(c))
      stream.on('end', () => {
        const m: ReceivedMessage = {
          raw: Buffer.concat(chunks),
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          user: typeof session.user === 'string' ? session.user : undefined,
        }
        received.push(m)
        opts.onMessage?.(m)
        if (opts.dropAfterData) {
          for (const socket of sockets) socket.destroy()
          return
        }
        cb()
      })
    },
    ...opts.options,
  })
  const sockets = new Set<net.Socket>()
  server.server.on('connection', (socket: net.Socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })
  const port = opts.port ?? 0
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, '127.0.0.1', () => resolve())
  })
  const addr = server.server.address()
  return {
    port: typeof addr === 'object' && addr ? addr.port : port,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}
