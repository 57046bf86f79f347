import type { Client, Proposal } from '../src-shared/domain/proposal.types.ts'
import type { LineInput, ProposalFields } from '../src-shared/ipc/schemas.ts'
import type { BrowserHost } from './host.ts'

/**
 * Test data through the host's own RPC endpoint (the same dispatcher the renderer calls), so a
 * spec about one screen does not spend its time typing the data another spec already covers.
 */
export async function rpc<T>(host: BrowserHost, channel: string, input: unknown = {}): Promise<T> {
  const url = new URL(host.url)
  const token = url.searchParams.get('token') ?? ''
  const res = await fetch(`${url.origin}/rpc/${channel}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-proposaldesk-token': token },
    body: JSON.stringify(input),
  })
  const body = (await res.json()) as
    { ok: true; value: T } | { ok: false; error: { code: string; message: string } }
  if (!body.ok) throw new Error(`${channel}: ${body.error.code} ${body.error.message}`)
  return body.value
}

export function line(description: string, unitPrice: string, quantity = '1'): LineInput {
  return { description, quantity, unitPrice, taxes: [{ name: 'VAT', rate: '20' }] }
}

export async function seedProposal(
  host: BrowserHost,
  opts: {
    client?: string
    email?: string
    title?: string
    lines?: LineInput[]
    sections?: ProposalFields['sections']
  } = {},
): Promise<Proposal> {
  const client = await rpc<Client>(host, 'clients.create', {
    name: opts.client ?? 'Acme Industries GmbH',
    contactName: 'Dana Weber',
    email: opts.email ?? 'dana@acme.example',
  })
  return rpc<Proposal>(host, 'proposals.create', {
    title: opts.title ?? 'Website relaunch',
    clientId: client.id,
    currency: 'EUR',
    sections: opts.sections ?? [],
    lines: opts.lines ?? [line('Consulting day', '299.33', '2'), line('Design workshop', '179.33')],
  })
}
