import { test as base, expect } from '@playwright/test'
import { startBrowserHost, type BrowserHost } from './host.ts'
import { AppPage } from './pages/app.page.ts'
import { ClientsPage } from './pages/clients.page.ts'
import { ProductsPage } from './pages/products.page.ts'
import { ProposalEditorPage } from './pages/proposal-editor.page.ts'
import { ProposalsListPage } from './pages/proposals-list.page.ts'

interface Fixtures {
  /** A browser host of its own, on a fresh data directory, for every test. */
  host: BrowserHost
  app: AppPage
  clients: ClientsPage
  products: ProductsPage
  proposals: ProposalsListPage
  editor: ProposalEditorPage
}

export const test = base.extend<Fixtures>({
  // eslint-disable-next-line no-empty-pattern
  host: async ({}, use, testInfo) => {
    const host = await startBrowserHost()
    await use(host)
    if (testInfo.status !== testInfo.expectedStatus) {
      await testInfo.attach('host-stderr', { body: host.stderr(), contentType: 'text/plain' })
    }
    await host.stop()
  },
  app: async ({ page, host }, use) => {
    const app = new AppPage(page, host.url)
    await app.open()
    await use(app)
  },
  clients: async ({ page }, use) => use(new ClientsPage(page)),
  products: async ({ page }, use) => use(new ProductsPage(page)),
  proposals: async ({ page }, use) => use(new ProposalsListPage(page)),
  editor: async ({ page }, use) => use(new ProposalEditorPage(page)),
})

export { expect }
