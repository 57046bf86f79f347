import { createContext, useContext, type ReactNode } from 'react'
import type { Api } from '../../src-shared/ipc/client.ts'

const ApiContext = createContext<Api | null>(null)

export function ApiProvider({ api, children }: { api: Api; children: ReactNode }) {
  return <ApiContext.Provider value={api}>{children}</ApiContext.Provider>
}

export function useApi(): Api {
  const api = useContext(ApiContext)
  if (!api) throw new Error('useApi outside <ApiProvider>')
  return api
}
