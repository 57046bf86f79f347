import { useQuery, useQueryClient } from '@tanstack/react-query'
import { useEffect } from 'react'
import type { SyncStatusView } from '../../../src-shared/ipc/sync.contract.ts'
import { useApi } from '../../app/api-context.tsx'

// Keys start with 'sync'. The status is pushed by main ('sync.status' event) and also polled
// slowly, so the indicator stays right if an event is missed.

export function useSyncSettings() {
  const api = useApi()
  return useQuery({
    queryKey: ['sync', 'settings'],
    queryFn: () => api.call('sync.getSettings', {}),
  })
}

export function useSyncStatus() {
  const api = useApi()
  const qc = useQueryClient()
  useEffect(
    () =>
      api.on('sync.status', (s) => {
        qc.setQueryData(['sync', 'status'], s)
        void qc.invalidateQueries({ queryKey: ['sync', 'conflicts'] })
      }),
    [api, qc],
  )
  return useQuery<SyncStatusView>({
    queryKey: ['sync', 'status'],
    queryFn: () => api.call('sync.status', {}),
    refetchInterval: 15_000,
  })
}

export function useConflicts(includeResolved = false) {
  const api = useApi()
  return useQuery({
    queryKey: ['sync', 'conflicts', includeResolved],
    queryFn: () => api.call('conflicts.list', { includeResolved }),
  })
}

/** "3 minutes ago" — the status line reads as words, not timestamps. */
export function ago(iso: string | null, now: number = Date.now()): string {
  if (!iso) return 'never'
  const s = Math.max(0, Math.round((now - Date.parse(iso)) / 1000))
  if (s < 45) return 'just now'
  const m = Math.round(s / 60)
  if (m < 60) return `${m} minute${m === 1 ? '' : 's'} ago`
  const h = Math.round(m / 60)
  if (h < 36) return `${h} hour${h === 1 ? '' : 's'} ago`
  const d = Math.round(h / 24)
  return `${d} day${d === 1 ? '' : 's'} ago`
}

export const FIELD_LABELS: Record<string, string> = {
  unit_price: 'Unit price',
  quantity: 'Quantity',
  discount_percent: 'Discount %',
  taxes: 'Taxes',
  status: 'Status',
  terms: 'Terms',
  currency: 'Currency',
  client_id: 'Client',
  document_discount_percent: 'Document discount %',
  tax_rounding: 'Tax rounding',
  prices_include_tax: 'Prices include tax',
  valid_until: 'Valid until',
  default_currency: 'Default currency',
  default_tax_rate: 'Default tax rate',
  default_terms: 'Default terms',
  numbering_series: 'Numbering series',
}
