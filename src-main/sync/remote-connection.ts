import fs from 'node:fs'
import mysql from 'mysql2/promise'

/** Where the shared server is. The password lives in the SecretStore, never in settings. */
export interface ServerConfig {
  host: string
  port: number
  database: string
  user: string
  password?: string | undefined
  /** PEM text of the CA that signed the server certificate; TLS is required when set. */
  tlsCa?: string | undefined
}

export type RemoteConnection = mysql.Connection

/** Parses `mysql://user:pass@host:port/db?ssl-ca=/path/ca.pem` (CLI `--server`, MYSQL_URL). */
export function parseServerUrl(url: string): ServerConfig {
  const u = new URL(url)
  if (u.protocol !== 'mysql:' && u.protocol !== 'mariadb:') {
    throw new Error(`Unsupported server URL scheme "${u.protocol}" (use mysql://user@host:port/db)`)
  }
  const database = decodeURIComponent(u.pathname.replace(/^\//, ''))
  if (!database) throw new Error('The server URL must name a database: mysql://user@host:3306/db')
  const caPath = u.searchParams.get('ssl-ca') ?? u.searchParams.get('sslca')
  return {
    host: u.hostname || '127.0.0.1',
    port: u.port ? Number(u.port) : 3306,
    database,
    user: decodeURIComponent(u.username) || 'root',
    password: u.password ? decodeURIComponent(u.password) : undefined,
    tlsCa: caPath ? fs.readFileSync(caPath, 'utf8') : undefined,
  }
}

export function serverUrlOf(c: ServerConfig): string {
  return `mysql://${encodeURIComponent(c.user)}@${c.host}:${c.port}/${encodeURIComponent(c.database)}`
}

/**
 * One short-lived connection per sync session (no pool: 5,000 desktops × idle pooled sockets would
 * exhaust max_connections). Options make MySQL and MariaDB values parse alike: DATETIME/DATE as
 * strings in UTC, DECIMAL and BIGINT as strings (never floats), JSON as text.
 */
export async function openRemote(
  c: ServerConfig,
  opts: { connectTimeoutMs?: number } = {},
): Promise<RemoteConnection> {
  return mysql.createConnection({
    host: c.host,
    port: c.port,
    user: c.user,
    ...(c.password ? { password: c.password } : {}),
    database: c.database,
    connectTimeout: opts.connectTimeoutMs ?? 10_000,
    enableKeepAlive: true,
    keepAliveInitialDelay: 10_000,
    timezone: 'Z',
    dateStrings: true,
    supportBigNumbers: true,
    bigNumberStrings: true,
    decimalNumbers: false,
    jsonStrings: true,
    multipleStatements: false,
    charset: 'utf8mb4_unicode_ci',
    ...(c.tlsCa ? { ssl: { ca: c.tlsCa, rejectUnauthorized: true } } : {}),
  })
}

/** Ends a connection without waiting on a server that may be gone. */
export function destroyQuietly(conn: RemoteConnection | null | undefined): void {
  if (!conn) return
  try {
    conn.destroy()
  } catch {
    // already gone
  }
}

export async function endQuietly(conn: RemoteConnection | null | undefined): Promise<void> {
  if (!conn) return
  try {
    await conn.end()
  } catch {
    destroyQuietly(conn)
  }
}

interface ErrLike {
  code?: unknown
  errno?: unknown
  message?: unknown
  fatal?: unknown
}

function errOf(e: unknown): ErrLike {
  return typeof e === 'object' && e !== null ? e : {}
}

/** Too many connections (server-wide 1040 or per-account 1203): back off longer. */
export function isTooManyConnections(e: unknown): boolean {
  const { errno, code } = errOf(e)
  return (
    errno === 1040 ||
    errno === 1203 ||
    code === 'ER_CON_COUNT_ERROR' ||
    code === 'ER_TOO_MANY_USER_CONNECTIONS'
  )
}

const TRANSIENT_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'PROTOCOL_CONNECTION_LOST',
  'PROTOCOL_SEQUENCE_TIMEOUT',
  'ER_SERVER_SHUTDOWN',
  'ER_LOCK_DEADLOCK',
  'ER_LOCK_WAIT_TIMEOUT',
  'ER_QUERY_INTERRUPTED',
  'ER_CONNECTION_KILLED',
])
// 1040/1203 too many connections, 1205 lock wait, 1213 deadlock, 1053 shutdown, 1317 interrupted,
// 1927 connection killed (MariaDB), 2006/2013 gone away / lost during query, 1184 aborted.
const TRANSIENT_ERRNOS = new Set([
  1040, 1203, 1205, 1213, 1053, 1317, 1927, 2006, 2013, 1184, 1158, 1159, 1160, 1161,
])

/** Errors after which retrying the whole batch on a new connection is the right move. */
export function isTransient(e: unknown): boolean {
  const { code, errno, fatal } = errOf(e)
  if (typeof code === 'string' && TRANSIENT_CODES.has(code)) return true
  if (typeof errno === 'number' && TRANSIENT_ERRNOS.has(errno)) return true
  if (fatal === true) return true
  if (
    e instanceof Error &&
    /closed state|Connection lost|ECONNRESET|socket hang up/i.test(e.message)
  )
    return true
  return false
}

/** Errors in the data of one mutation (a strict-mode rejection): isolate and reject that mutation. */
export function isDataError(e: unknown): boolean {
  const { errno } = errOf(e)
  // 1048 null, 1062 duplicate key, 1264 out of range, 1265 truncated, 1292 bad datetime,
  // 1366 bad value, 1406 too long, 3140 invalid json, 4025 constraint failed (MariaDB), 3819 check (MySQL)
  return (
    typeof errno === 'number' &&
    [1048, 1062, 1264, 1265, 1292, 1366, 1406, 3140, 4025, 3819].includes(errno)
  )
}

/** The last error in plain words for the status indicator. */
export function plainError(e: unknown): string {
  const { code, errno, message } = errOf(e)
  const msg = typeof message === 'string' ? message : String(e)
  if (isTooManyConnections(e)) return 'The server is busy (too many connections). Retrying shortly.'
  if (code === 'ECONNREFUSED')
    return 'The server refused the connection. Is it running, and are host and port right?'
  if (code === 'ETIMEDOUT' || code === 'PROTOCOL_SEQUENCE_TIMEOUT')
    return 'The server did not answer in time. Check the network or VPN.'
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN')
    return 'The server name could not be found. Check the host.'
  if (errno === 1045) return 'The server rejected the user name or password.'
  if (errno === 1044 || errno === 1049)
    return 'The database does not exist or this user may not use it.'
  if (errno === 1142 || errno === 1143)
    return 'This user lacks a permission the sync needs. Ask your administrator.'
  if (code === 'HANDSHAKE_SSL_ERROR' || /certificate|self.signed|SSL/i.test(msg))
    return 'The secure connection failed: the TLS certificate could not be verified with the CA given.'
  if (isTransient(e)) return 'The connection to the server was interrupted. Retrying shortly.'
  return msg
}
