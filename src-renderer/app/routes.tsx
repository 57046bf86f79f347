import type { ComponentType, ReactNode } from 'react'
import {
  IconBooks,
  IconBuildingStore,
  IconCloud,
  IconGitMerge,
  IconFileImport,
  IconFileInvoice,
  IconHistory,
  IconHome,
  IconTemplate,
  IconTrash,
  IconMail,
  IconSettings,
  IconUsers,
  type IconProps,
} from '@tabler/icons-react'
import { ClientsPage } from '../features/clients/clients.page.tsx'
import { DashboardPage } from '../features/dashboard/dashboard.page.tsx'
import { ImportPage } from '../features/import/import.page.tsx'
import { LibraryPage } from '../features/library/library.page.tsx'
import { HistoryPage } from '../features/revisions/history.page.tsx'
import { TemplatesPage } from '../features/templates/templates.page.tsx'
import { TrashPage } from '../features/trash/trash.page.tsx'
import { EmailPage } from '../features/email/outbox.page.tsx'
import { ProductsPage } from '../features/products/products.page.tsx'
import { ProposalEditorPage } from '../features/proposals/proposal-editor.page.tsx'
import { ProposalsListPage } from '../features/proposals/proposals-list.page.tsx'
import { SettingsPage } from '../features/settings/settings.page.tsx'
import { ConflictsPage } from '../features/sync/conflicts.page.tsx'
import { ServerSettingsPage } from '../features/sync/server-settings.page.tsx'

export type RouteParams = Record<string, string>

export interface AppRoute {
  /** `/proposals/:id` style pattern matched against the hash path. */
  path: string
  label: string
  icon: ComponentType<IconProps>
  element: (params: RouteParams) => ReactNode
  /** Shown in the left navigation (in array order). */
  nav?: boolean
}

/**
 * Every screen of the app. A feature adds its page with one line here; more specific patterns
 * must come before the ones they would otherwise shadow.
 */
// prettier-ignore
export const routes: AppRoute[] = [
  { path: '/home', label: 'Home', icon: IconHome, element: () => <DashboardPage />, nav: true },
  { path: '/proposals', label: 'Proposals', icon: IconFileInvoice, element: () => <ProposalsListPage />, nav: true },
  { path: '/proposals/new', label: 'New proposal', icon: IconFileInvoice, element: () => <ProposalEditorPage id={null} /> },
  { path: '/proposals/:id/history', label: 'History', icon: IconHistory, element: (p) => <HistoryPage key={p.id} id={p.id ?? ''} /> },
  { path: '/proposals/:id', label: 'Proposal', icon: IconFileInvoice, element: (p) => <ProposalEditorPage key={p.id} id={p.id ?? null} /> },
  { path: '/templates', label: 'Templates', icon: IconTemplate, element: () => <TemplatesPage />, nav: true },
  { path: '/library', label: 'Library', icon: IconBooks, element: () => <LibraryPage />, nav: true },
  { path: '/clients', label: 'Clients', icon: IconUsers, element: () => <ClientsPage />, nav: true },
  { path: '/products', label: 'Products', icon: IconBuildingStore, element: () => <ProductsPage />, nav: true },
  { path: '/import', label: 'Import & export', icon: IconFileImport, element: () => <ImportPage />, nav: true },
  { path: '/trash', label: 'Trash', icon: IconTrash, element: () => <TrashPage />, nav: true },
  { path: '/outbox', label: 'Outbox', icon: IconMail, element: () => <EmailPage tab="outbox" />, nav: true },
  { path: '/email/settings', label: 'Email settings', icon: IconMail, element: () => <EmailPage tab="settings" /> },
  { path: '/email/templates', label: 'Email templates', icon: IconMail, element: () => <EmailPage tab="templates" /> },
  { path: '/settings', label: 'Settings', icon: IconSettings, element: () => <SettingsPage />, nav: true },
  { path: '/settings/server', label: 'Server', icon: IconCloud, element: () => <ServerSettingsPage />, nav: true },
  { path: '/conflicts', label: 'Sync conflicts', icon: IconGitMerge, element: () => <ConflictsPage /> },
]

export const DEFAULT_PATH = '/proposals'
