import type { Channel, InputOf, OutputOf } from '../../src-shared/ipc/contract.ts'
import type { EventMap, EventName } from '../../src-shared/ipc/events.ts'
import type { AppErrorData, Result } from '../../src-shared/ipc/result.ts'
import type { Transport } from '../../src-shared/ipc/transport.ts'

/** Header the browser host checks on every request (see src-main/hosts/http-host.ts). */
export const TOKEN_HEADER = 'x-proposaldesk-token'
const TOKEN_STORAGE_KEY = 'proposaldesk.token'

/**
 * The access token from the URL the host printed (`/?token=…`). It is kept in sessionStorage for
 * reloads and removed from the address bar, so it does not end up in history or screenshots. The
 * host also sets an HttpOnly cookie on that first load, so requests work even without it.
 */
export function takeTokenFromLocation(
  loc: Location,
  history: History,
  storage: Storage,
): string | null {
  const params = new URLSearchParams(loc.search)
  const fromUrl = params.get('token')
  if (fromUrl) {
    try {
      storage.setItem(TOKEN_STORAGE_KEY, fromUrl)
    } catch {
      // Storage disabled: the cookie still authenticates this tab.
    }
    params.delete('token')
    const query = params.toString()
    history.replaceState(history.state, '', `${loc.pathname}${query ? `?${query}` : ''}${loc.hash}`)
    return fromUrl
  }
  try {
    return storage.getItem(TOKEN_STORAGE_KEY)
  } catch {
    return null
  }
}

function failure(code: AppErrorData['code'], message: string): Result<never> {
  return { ok: false, error: { code, message } }
}

function isResult(v: unknown): v is Result<unknown> {
  return typeof v === 'object' && v !== null && typeof (v as { ok?: unknown }).ok === 'boolean'
}

export interface HttpTransportOptions {
  /** Origin of the browser host; default: the page's own origin. */
  baseUrl?: string
  token?: string | null
  fetch?: typeof fetch
  EventSource?: typeof EventSource
}

/** The renderer's transport on the browser host: `POST /rpc/<channel>` and SSE on `/events`. */
export function createHttpTransport(opts: HttpTransportOptions = {}): Transport {
  const base = opts.baseUrl ?? ''
  const token = opts.token ?? null
  const doFetch = opts.fetch ?? ((input, init) => fetch(input, init))
  const Source = opts.EventSource ?? EventSource
  let source: EventSource | null = null
  const listeners = new Map<string, Set<(payload: unknown) => void>>()

  const listenersFor = (event: string): Set<(payload: unknown) => void> => {
    source ??= new Source(`${base}/events${token ? `?token=${encodeURIComponent(token)}` : ''}`, {
      withCredentials: false,
    })
    let set = listeners.get(event)
    if (!set) {
      const created = new Set<(payload: unknown) => void>()
      listeners.set(event, created)
      set = created
      source.addEventListener(event, (e) => {
        let payload: unknown
        try {
          payload = JSON.parse((e as MessageEvent<string>).data)
        } catch {
          return
        }
        for (const l of [...created]) l(payload)
      })
    }
    return set
  }

  return {
    async invoke<C extends Channel>(channel: C, input: InputOf<C>): Promise<Result<OutputOf<C>>> {
      const headers: Record<string, string> = { 'content-type': 'application/json' }
      if (token) headers[TOKEN_HEADER] = token
      let res: Response
      try {
        res = await doFetch(`${base}/rpc/${encodeURIComponent(channel)}`, {
          method: 'POST',
          headers,
          body: JSON.stringify(input ?? {}),
          credentials: 'same-origin',
        })
      } catch {
        return failure(
          'unavailable',
          'ProposalDesk is not reachable: the browser host has stopped. Start it again and reload.',
        )
      }
      let body: unknown = null
      try {
        body = await res.json()
      } catch {
        body = null
      }
      if (isResult(body)) return body as Result<OutputOf<C>>
      if (res.status === 401 || res.status === 403) {
        return failure(
          'forbidden',
          'This page has no valid access token: open the URL ProposalDesk printed when it started.',
        )
      }
      return failure('internal', `unexpected answer from the browser host (HTTP ${res.status})`)
    },
    subscribe<E extends EventName>(event: E, listener: (payload: EventMap[E]) => void): () => void {
      const set = listenersFor(event)
      const l = listener as (payload: unknown) => void
      set.add(l)
      return () => {
        set.delete(l)
      }
    },
  }
}
