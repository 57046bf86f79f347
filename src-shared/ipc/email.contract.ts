import { z } from 'zod'
import type { ErrorCode } from './result.ts'
import { id } from './schemas.ts'

// Email channels, spread into `contract` (contract.ts). Inputs are intents only: a proposal id,
// addresses and text. No path, URL, header or mail-library option can be expressed here; the main
// process builds the message and its attachment itself.

function out<T>(): T {
  return undefined as T
}
function channel<I extends z.ZodType, O>(input: I, output: O, errors: readonly ErrorCode[] = []) {
  return { input, output, errors }
}

export const SMTP_SECURITY = ['starttls', 'tls'] as const
export type SmtpSecurity = (typeof SMTP_SECURITY)[number]

export const OUTBOX_STATUSES = ['queued', 'sending', 'sent', 'failed', 'unknown'] as const
export type OutboxStatus = (typeof OUTBOX_STATUSES)[number]

/** Closed set of reasons a delivery did not succeed; each has a plain-words message. */
export const EMAIL_FAILURE_CODES = [
  'not-configured',
  'offline',
  'auth',
  'tls-untrusted',
  'tls-failed',
  'address-rejected',
  'message-rejected',
  'server-busy',
  'outcome-unknown',
  'proposal-changed',
  'attachment-missing',
  'internal',
] as const
export type EmailFailureCode = (typeof EMAIL_FAILURE_CODES)[number]

export interface EmailFailure {
  code: EmailFailureCode
  /** One sentence a user understands ("Authentication refused by the mail server …"). */
  message: string
  /** Will the outbox try again by itself? */
  retryable: boolean
  /** The server's own reply when there was one (e.g. "535 5.7.8 Authentication failed"). */
  serverResponse: string | null
}

/** What the renderer may see of the SMTP settings: never the password. */
export interface EmailSettingsView {
  host: string
  port: number | null
  security: SmtpSecurity
  user: string
  hasPassword: boolean
  fromName: string
  fromAddress: string
  /** PEM of an extra (corporate) CA trusted in addition to the system ones; '' when none. */
  ca: string
  /** Where the password lives (e.g. "safeStorage (keychain)"). */
  secretStore: string
  /** PROPOSALDESK_SMTP_URL / PROPOSALDESK_SMTP_FROM are set and take precedence. */
  envOverride: { url: boolean; from: boolean }
  /** Enough to try sending (host and from address, after env overrides). */
  configured: boolean
}

export interface EmailAttachmentInfo {
  name: string
  bytes: number
  sha256: string
}

export interface EmailRecipientSuggestion {
  name: string
  address: string
}

export interface EmailTemplates {
  subject: string
  message: string
}

export interface EmailComposeResult {
  proposalId: string
  proposalNumber: string
  proposalStatus: string
  /** Default "to": the client's email, named after the contact. */
  to: EmailRecipientSuggestion[]
  /** Addresses offered in the recipient picker. */
  suggestions: EmailRecipientSuggestion[]
  subject: string
  message: string
  attachment: EmailAttachmentInfo
  from: { name: string; address: string } | null
  configured: boolean
  mergeFields: { field: string; value: string }[]
}

export interface OutboxEntry {
  id: string
  messageId: string
  proposalId: string
  proposalNumber: string
  status: OutboxStatus
  to: string[]
  cc: string[]
  bcc: string[]
  subject: string
  attachment: EmailAttachmentInfo
  attempts: number
  nextAttemptAt: string | null
  failure: EmailFailure | null
  createdAt: string
  updatedAt: string
  sentAt: string | null
}

export interface EmailSendResult {
  id: string
  messageId: string
  status: OutboxStatus
  attachment: EmailAttachmentInfo
  failure: EmailFailure | null
}

export interface EmailTestResult {
  delivered: boolean
  messageId: string
  to: string
  failure: EmailFailure | null
}

const email = z.email({ message: 'not an email address' }).max(320)
const addressList = (max: number) =>
  z
    .array(email)
    .max(max, { message: `at most ${max} addresses` })
    .default([])

export const smtpSettingsInput = z.object({
  host: z
    .string()
    .trim()
    .max(255)
    .regex(/^[A-Za-z0-9.:[\]-]*$/, { message: 'not a host name' }),
  port: z.number().int().min(1).max(65535).nullable().default(null),
  security: z.enum(SMTP_SECURITY).default('starttls'),
  user: z.string().max(500).default(''),
  /** Write-only: omitted = keep the stored password, '' = remove it. */
  password: z.string().max(2000).optional(),
  fromName: z.string().max(200).default(''),
  fromAddress: z.union([z.literal(''), email]).default(''),
  ca: z
    .string()
    .max(100_000)
    .refine((v) => v.trim() === '' || v.includes('-----BEGIN CERTIFICATE-----'), {
      message: 'not a PEM certificate',
    })
    .default(''),
})
export type SmtpSettingsInput = z.input<typeof smtpSettingsInput>

export const emailSendSchema = z
  .object({
    proposalId: id,
    to: z.array(email).min(1, { message: 'at least one recipient' }).max(50),
    cc: addressList(50),
    bcc: addressList(50),
    subject: z
      .string()
      .max(998)
      .refine((s) => !/[\r\n]/.test(s), { message: 'must be one line' })
      .refine((s) => s.trim().length > 0, { message: 'is required' }),
    message: z.string().max(100_000),
  })
  .strict()
export type EmailSendInput = z.input<typeof emailSendSchema>

/** A `{{field}}` that is not a merge field would reach the client as typed: refuse it. */
function unknownMergeFields(text: string): string[] {
  const known: readonly string[] = MERGE_FIELDS
  return [...text.matchAll(/\{\{\s*([^{}]*?)\s*\}\}/g)]
    .map((m) => m[1] ?? '')
    .filter((f) => !known.includes(f))
}
const mergeFieldsCheck = (s: string, ctx: z.RefinementCtx): void => {
  const unknown = unknownMergeFields(s)
  if (unknown.length > 0) {
    ctx.addIssue({
      code: 'custom',
      message: `unknown merge field ${unknown.map((f) => `{{${f}}}`).join(', ')}; use ${MERGE_FIELDS.map((f) => `{{${f}}}`).join(', ')}`,
    })
  }
}

const templatesSchema = z
  .object({
    subject: z
      .string()
      .max(998)
      .refine((s) => !/[\r\n]/.test(s), { message: 'must be one line' })
      .superRefine(mergeFieldsCheck),
    message: z.string().max(100_000).superRefine(mergeFieldsCheck),
  })
  .strict()

export const emailContract = {
  'email.getSettings': channel(z.object({}).strict().default({}), out<EmailSettingsView>()),
  'email.saveSettings': channel(smtpSettingsInput.strict(), out<EmailSettingsView>(), [
    'validation',
  ]),
  /** Sends a short test message (default: to the from address) and reports the outcome in words. */
  'email.sendTest': channel(
    z.object({ to: email.optional() }).strict().default({}),
    out<EmailTestResult>(),
    ['invalid_state'],
  ),
  /** Defaults for the send dialog: recipients, rendered subject/message, attachment facts. */
  'email.compose': channel(z.object({ proposalId: id }).strict(), out<EmailComposeResult>(), [
    'not_found',
    'unavailable',
  ]),
  /** Queues the message and tries to deliver it now; `status` says what happened. */
  'email.send': channel(emailSendSchema, out<EmailSendResult>(), [
    'validation',
    'not_found',
    'invalid_state',
    'unavailable',
  ]),
  'email.outbox': channel(
    z
      .object({
        proposalId: id.optional(),
        status: z.enum(OUTBOX_STATUSES).optional(),
        limit: z.number().int().min(1).max(1000).default(200),
      })
      .strict()
      .default({ limit: 200 }),
    out<OutboxEntry[]>(),
  ),
  /** Tries a queued or failed message now (never one whose outcome is unknown: see resolveUnknown). */
  'email.retry': channel(z.object({ id }).strict(), out<EmailSendResult>(), [
    'not_found',
    'invalid_state',
  ]),
  /** The user's decision about a message that may have been sent. */
  'email.resolveUnknown': channel(
    z.object({ id, decision: z.enum(['mark-sent', 'resend']) }).strict(),
    out<EmailSendResult>(),
    ['not_found', 'invalid_state'],
  ),
  'email.templates.get': channel(
    z.object({}).strict().default({}),
    out<EmailTemplates & { defaults: EmailTemplates; mergeFields: string[] }>(),
  ),
  'email.templates.save': channel(templatesSchema, out<EmailTemplates>(), ['validation']),
} as const

export type EmailChannel = keyof typeof emailContract

export const MERGE_FIELDS = [
  'client.name',
  'contact.name',
  'proposal.number',
  'proposal.title',
  'proposal.total',
  'proposal.validUntil',
  'sender.name',
  'company.name',
] as const
export type MergeField = (typeof MERGE_FIELDS)[number]

/** Replaces `{{field}}` tokens; unknown tokens are left as typed so a typo is visible. */
export function renderTemplate(
  template: string,
  values: Partial<Record<MergeField, string>>,
): string {
  return template.replace(/\{\{\s*([a-zA-Z.]+)\s*\}\}/g, (whole, key: string) => {
    const v = (values as Record<string, string | undefined>)[key]
    return v === undefined ? whole : v
  })
}

export const DEFAULT_TEMPLATES: EmailTemplates = {
  subject: 'Proposal {{proposal.number}}: {{proposal.title}}',
  message: [
    'Dear {{contact.name}},',
    '',
    'please find attached our proposal {{proposal.number}} "{{proposal.title}}" for {{client.name}}, totalling {{proposal.total}}. It is valid until {{proposal.validUntil}}.',
    '',
    'Kind regards,',
    '{{sender.name}}',
    '{{company.name}}',
  ].join('\n'),
}
