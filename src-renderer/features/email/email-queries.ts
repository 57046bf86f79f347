import { useQuery } from '@tanstack/react-query'
import type { OutboxStatus } from '../../../src-shared/ipc/email.contract.ts'
import { useApi } from '../../app/api-context.tsx'

// Every key starts with 'email': main emits `data.changed {entity: 'email'}` on each outbox change,
// which invalidates them all (see main.tsx).

export function useEmailSettings() {
  const api = useApi()
  return useQuery({
    queryKey: ['email', 'settings'],
    queryFn: () => api.call('email.getSettings', {}),
  })
}

export function useOutbox(filter: { proposalId?: string; status?: OutboxStatus } = {}) {
  const api = useApi()
  return useQuery({
    queryKey: ['email', 'outbox', filter],
    queryFn: () => api.call('email.outbox', { ...filter, limit: 500 }),
  })
}

export function useEmailTemplates() {
  const api = useApi()
  return useQuery({
    queryKey: ['email', 'templates'],
    queryFn: () => api.call('email.templates.get', {}),
  })
}

export const OUTBOX_STATUS_LABELS: Record<OutboxStatus, string> = {
  queued: 'Queued',
  sending: 'Sending…',
  sent: 'Sent',
  failed: 'Failed',
  unknown: 'May have been sent',
}

export const OUTBOX_STATUS_COLORS: Record<OutboxStatus, string> = {
  queued: 'orange',
  sending: 'blue',
  sent: 'teal',
  failed: 'red',
  unknown: 'yellow',
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(0)} KB`
  return `${(n / 1024 / 1024).toFixed(1)} MB`
}
