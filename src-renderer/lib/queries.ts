import { useQuery } from '@tanstack/react-query'
import type { InputOf } from '../../src-shared/ipc/contract.ts'
import { useApi } from '../app/api-context.tsx'

/** Top-level query key per entity, so a 'data.changed' event invalidates everything showing it. */
export function queryKeyForEntity(entity: string): string {
  switch (entity) {
    case 'client':
      return 'clients'
    case 'product':
      return 'products'
    case 'proposal':
      return 'proposals'
    case 'settings':
      return 'settings'
    default:
      return entity
  }
}

export function useClients(search = '') {
  const api = useApi()
  return useQuery({
    queryKey: ['clients', 'list', search],
    queryFn: () => api.call('clients.list', { search }),
  })
}

export function useProducts(search = '', includeInactive = false) {
  const api = useApi()
  return useQuery({
    queryKey: ['products', 'list', search, includeInactive],
    queryFn: () => api.call('products.list', { search, includeInactive }),
  })
}

export function useProposals(input: InputOf<'proposals.list'>) {
  const api = useApi()
  return useQuery({
    queryKey: ['proposals', 'list', input],
    queryFn: () => api.call('proposals.list', input),
    placeholderData: (prev) => prev,
  })
}

export function useProposal(id: string | null) {
  const api = useApi()
  return useQuery({
    queryKey: ['proposals', 'get', id],
    queryFn: () => api.call('proposals.get', { id: id as string }),
    enabled: id !== null,
    // The editor holds its own draft; a background refetch must not overwrite typing.
    staleTime: Infinity,
  })
}

export function useSettings() {
  const api = useApi()
  return useQuery({ queryKey: ['settings'], queryFn: () => api.call('settings.get', {}) })
}
