import {
  useCallback,
  useEffect,
  useSyncExternalStore,
  type AnchorHTMLAttributes,
  type MouseEvent,
  type ReactNode,
} from 'react'

// A hash router: the browser host's URL carries the access token in its query string, and Electron
// loads the bundle from a file, so only the fragment may change.

export interface Location {
  path: string
  query: URLSearchParams
}

function readLocation(): string {
  const raw = window.location.hash.replace(/^#/, '')
  return raw === '' ? '/' : raw
}

function parse(raw: string): Location {
  const [path = '/', query = ''] = raw.split('?')
  return { path: path || '/', query: new URLSearchParams(query) }
}

/** Something that may veto navigation (the editor with unsaved changes). */
export type NavigationGuard = (proceed: () => void) => boolean

let guard: NavigationGuard | null = null
let current = readLocation()
const listeners = new Set<() => void>()

function emit() {
  for (const l of listeners) l()
}

/** Registers the single active guard; returns the unregister function. */
export function setNavigationGuard(g: NavigationGuard | null): () => void {
  guard = g
  return () => {
    if (guard === g) guard = null
  }
}

function go(to: string, replace: boolean) {
  const url = `${window.location.pathname}${window.location.search}#${to}`
  if (replace) window.history.replaceState(null, '', url)
  else window.history.pushState(null, '', url)
  current = to
  emit()
}

/**
 * Navigates unless a guard holds it back; a guard returns true to block and calls `proceed`
 * later if the user confirms.
 */
export function navigate(to: string, opts: { replace?: boolean; force?: boolean } = {}) {
  const doIt = () => go(to, opts.replace ?? false)
  if (!opts.force && guard && guard(doIt)) return
  doIt()
}

function onHashChange() {
  const next = readLocation()
  if (next === current) return
  if (guard) {
    // Back/forward already moved the URL: put it back, then let the guard decide.
    const target = next
    window.history.replaceState(
      null,
      '',
      `${window.location.pathname}${window.location.search}#${current}`,
    )
    if (guard(() => go(target, false))) return
    go(target, true)
    return
  }
  current = next
  emit()
}

window.addEventListener('hashchange', onHashChange)
window.addEventListener('popstate', onHashChange)

function subscribe(l: () => void) {
  listeners.add(l)
  return () => listeners.delete(l)
}

export function useLocation(): Location {
  const raw = useSyncExternalStore(subscribe, () => current)
  return parse(raw)
}

/** Matches `/proposals/:id` against a path; returns the params or null. */
export function matchPath(pattern: string, path: string): Record<string, string> | null {
  const p = pattern.split('/').filter(Boolean)
  const s = path.split('/').filter(Boolean)
  if (p.length !== s.length) return null
  const params: Record<string, string> = {}
  for (let i = 0; i < p.length; i++) {
    const seg = p[i] as string
    const val = s[i] as string
    if (seg.startsWith(':')) params[seg.slice(1)] = decodeURIComponent(val)
    else if (seg !== val) return null
  }
  return params
}

export function useBeforeUnload(active: boolean) {
  useEffect(() => {
    if (!active) return
    const handler = (e: BeforeUnloadEvent) => {
      e.preventDefault()
      e.returnValue = ''
    }
    window.addEventListener('beforeunload', handler)
    return () => window.removeEventListener('beforeunload', handler)
  }, [active])
}

export function hrefFor(to: string): string {
  return `#${to}`
}

/** Click handler for anchors so modified clicks keep browser behaviour and guards run. */
export function useLinkHandler(to: string) {
  return useCallback(
    (e: MouseEvent) => {
      if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey)
        return
      e.preventDefault()
      navigate(to)
    },
    [to],
  )
}

export function Link({
  to,
  children,
  ...rest
}: { to: string; children: ReactNode } & Omit<AnchorHTMLAttributes<HTMLAnchorElement>, 'href'>) {
  const onClick = useLinkHandler(to)
  return (
    <a href={hrefFor(to)} onClick={onClick} {...rest}>
      {children}
    </a>
  )
}
