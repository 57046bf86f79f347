import type { App } from '../app/create-app.ts'
import type { QuotingServices } from '../services/quoting.services.ts'
import type { Handlers } from './dispatcher.ts'

type QuotingChannel =
  | `activity.${string}`
  | `revisions.${string}`
  | `trash.${string}`
  | `templates.${string}`
  | `library.${string}`
  | `csv.${string}`
  | `search.${string}`
  | `dashboard.${string}`
type QuotingHandlers = Pick<Handlers, Extract<keyof Handlers, QuotingChannel>>

/** Adapters for the quoting-depth channels (src-shared/ipc/quoting.contract.ts). */
export function createQuotingHandlers(
  app: Omit<App, 'dispatch' | 'close'>,
  q: QuotingServices = app.services,
): QuotingHandlers {
  return {
    'activity.list': (i) => q.activity.list(i.proposalId, i.limit),
    'activity.recent': (i) => q.activity.recent(i.limit),

    'revisions.list': (i) => q.revisions.list(i.proposalId),
    'revisions.compare': (i) => q.revisions.compare(i.fromId, i.toId),

    'trash.list': (i) => q.trash.list(i.limit),
    'trash.restore': (i) => {
      q.trash.restore(i.id)
      return app.services.proposals.get(i.id)
    },

    'templates.list': (i) => q.templates.list(i.search),
    'templates.get': (i) => q.templates.get(i.id),
    'templates.createFromProposal': (i) => q.templates.createFromProposal(i),
    'templates.update': (i) => q.templates.update(i.id, i.patch),
    'templates.delete': (i) => q.templates.delete(i.id),
    'templates.createProposal': (i) => q.templates.createProposal(i),

    'library.list': (i) => q.library.list(i),
    'library.categories': () => q.library.categories(),
    'library.get': (i) => q.library.get(i.id),
    'library.create': (i) => q.library.create(i),
    'library.update': (i) => q.library.update(i.id, i.patch),
    'library.delete': (i) => q.library.delete(i.id),
    'library.insert': (i) => q.library.insert(i),

    'csv.preview': (i) => q.csv.preview(i),
    'csv.import': (i) => q.csv.import(i),
    'csv.export': (i) => q.csv.export(i.entity),

    'search.proposals': (i) => q.search.proposals(i.query, i.limit),

    'dashboard.get': () => q.dashboard.get(),
  }
}
