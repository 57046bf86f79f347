import type { EmailFailure, EmailFailureCode } from '../../src-shared/ipc/email.contract.ts'

/** Shape of the errors nodemailer's SMTPConnection produces (`code` is its own type, not errno). */
export interface SmtpLikeError {
  message?: string
  code?: string
  command?: string
  response?: string
  responseCode?: number
}

const MESSAGES: Record<EmailFailureCode, string> = {
  'not-configured':
    'Email is not set up: enter the mail server and the sender address in Settings.',
  offline:
    'The mail server could not be reached (offline, or the server refused the connection). The message stays in the outbox and is sent automatically when the server can be reached.',
  auth: 'Authentication refused by the mail server: check the user name and password. (Microsoft 365 and Google may need an administrator to allow SMTP sign-in, or an app password.)',
  'tls-untrusted':
    'TLS certificate not trusted: the mail server’s certificate could not be verified. If your network inspects encrypted traffic (antivirus, corporate proxy), add your company’s CA certificate in the email settings.',
  'tls-failed':
    'A secure (TLS) connection to the mail server could not be established: check the port and security setting.',
  'address-rejected':
    'Address rejected by the mail server: check the recipient and sender addresses.',
  'message-rejected': 'The mail server refused the message.',
  'server-busy':
    'The mail server is temporarily unavailable. The message stays in the outbox and is retried automatically.',
  'outcome-unknown':
    'May have been sent: the connection broke after the message was handed to the mail server, so it is not known whether it was accepted. Check your Sent folder or ask the recipient, then mark it as sent or send it again.',
  'proposal-changed':
    'The proposal changed after this message was queued, so the attached PDF is out of date. Open the proposal and send it again.',
  'attachment-missing':
    'The PDF attached to this message is no longer in the cache. Send the proposal again.',
  internal: 'Sending failed because of an unexpected error.',
}

const RETRYABLE: ReadonlySet<EmailFailureCode> = new Set(['offline', 'server-busy'])

export function failure(
  code: EmailFailureCode,
  serverResponse: string | null = null,
  detail?: string,
): EmailFailure {
  return {
    code,
    message: detail ? `${MESSAGES[code]} (${detail})` : MESSAGES[code],
    retryable: RETRYABLE.has(code),
    serverResponse,
  }
}

const CERT_PATTERN =
  /certificate|self[- ]signed|altnames|unable to (get|verify)|CERT_|issuer|DEPTH_ZERO|UNABLE_TO/i
const NETWORK_PATTERN =
  /ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH|ENETDOWN|ECONNRESET|EPIPE|timeout|Connection closed/i

/**
 * Maps a delivery error to a failure the user can act on.
 *
 * `dataSent` = the message body had started to flow to the server. A broken connection after that
 * point leaves the outcome unknown (the server may have accepted it and the reply was lost), so it is
 * never classified as retryable: resending automatically could deliver it twice.
 */
export function classifySmtpError(err: unknown, dataSent: boolean): EmailFailure {
  const e: SmtpLikeError = typeof err === 'object' && err !== null ? err : { message: String(err) }
  const message = e.message ?? ''
  const response = typeof e.response === 'string' ? e.response.trim() : null
  const rc = typeof e.responseCode === 'number' ? e.responseCode : null

  if (e.code === 'EAUTH' || rc === 530 || rc === 534 || rc === 535 || rc === 538) {
    return failure('auth', response)
  }
  if (e.code === 'EENVELOPE') {
    if (rc !== null && rc >= 400 && rc < 500) return failure('server-busy', response)
    return failure('address-rejected', response)
  }
  if (e.code === 'EMESSAGE') {
    if (rc !== null && rc >= 400 && rc < 500) return failure('server-busy', response)
    return failure('message-rejected', response)
  }
  if (CERT_PATTERN.test(message)) return failure('tls-untrusted', response, message)
  if (dataSent) return failure('outcome-unknown', response, message)
  if (e.code === 'ETLS') return failure('tls-failed', response, message)
  if (rc !== null && rc >= 400 && rc < 500) return failure('server-busy', response)
  if (
    e.code === 'ECONNECTION' ||
    e.code === 'ESOCKET' ||
    e.code === 'ETIMEDOUT' ||
    e.code === 'EDNS' ||
    NETWORK_PATTERN.test(message)
  ) {
    if (/wrong version number|ssl|tls/i.test(message))
      return failure('tls-failed', response, message)
    return failure('offline', response, message)
  }
  if (rc !== null && rc >= 500) return failure('message-rejected', response)
  return failure('internal', response, message)
}
