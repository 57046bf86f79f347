import './app/zod-config.ts'
import '@mantine/core/styles.css'
import '@mantine/notifications/styles.css'
import './app/app.css'
import { MantineProvider } from '@mantine/core'
import { Notifications } from '@mantine/notifications'
import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { createApi } from '../src-shared/ipc/client.ts'
import { pickTransport } from './api/index.ts'
import { ApiProvider } from './app/api-context.tsx'
import { Shell } from './app/app-shell.tsx'
import { ConfirmProvider } from './components/confirm.tsx'
import { theme } from './app/theme.ts'
import { queryKeyForEntity } from './lib/queries.ts'

const api = createApi(pickTransport())
const queryClient = new QueryClient({
  defaultOptions: {
    queries: { retry: false, refetchOnWindowFocus: false, staleTime: 5_000 },
  },
})

// Another window, the CLI or sync changed something: refresh what shows it.
api.on('data.changed', ({ entity }) => {
  void queryClient.invalidateQueries({ queryKey: [queryKeyForEntity(entity)] })
})

const root = document.getElementById('root')
if (!root) throw new Error('#root missing from index.html')

createRoot(root).render(
  <StrictMode>
    <MantineProvider theme={theme} defaultColorScheme="light">
      <Notifications position="bottom-right" />
      <QueryClientProvider client={queryClient}>
        <ApiProvider api={api}>
          <ConfirmProvider>
            <Shell />
          </ConfirmProvider>
        </ApiProvider>
      </QueryClientProvider>
    </MantineProvider>
  </StrictMode>,
)
