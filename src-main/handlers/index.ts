import type { App } from '../app/create-app.ts'
import type { Handlers } from './dispatcher.ts'
import { createEmailHandlers } from './email.handlers.ts'
import { createQuotingHandlers } from './quoting.handlers.ts'
import { createSyncHandlers } from './sync.handlers.ts'

/**
 * Channel → service call. Adapters only: no rules, no SQL, no validation (the dispatcher
 * validates). Areas keep their handlers in `<area>.handlers.ts` and spread them here.
 */
export function createHandlers(app: Omit<App, 'dispatch' | 'close'>): Handlers {
  const { services: s, pdf, config, email } = app
  return {
    'app.info': () => ({
      version: config.version,
      host: config.host,
      dataDir: config.dataDir,
      note: config.hostNote ?? null,
    }),

    'clients.list': (i) => s.clients.list(i),
    'clients.get': (i) => s.clients.get(i.id),
    'clients.create': (i) => s.clients.create(i),
    'clients.update': (i) => s.clients.update(i.id, i.patch),
    'clients.delete': (i) => s.clients.delete(i.id),

    'products.list': (i) => s.products.list(i),
    'products.get': (i) => s.products.get(i.id),
    'products.create': (i) => s.products.create(i),
    'products.update': (i) => s.products.update(i.id, i.patch),
    'products.delete': (i) => s.products.delete(i.id),

    'proposals.list': (i) => s.proposals.list(i),
    'proposals.get': (i) => s.proposals.get(i.id),
    'proposals.create': (i) => s.proposals.create(i),
    'proposals.update': (i) => s.proposals.update(i),
    'proposals.duplicate': (i) => s.proposals.duplicate(i.id),
    'proposals.delete': (i) => s.proposals.delete(i.id),
    'proposals.setStatus': (i) => s.proposals.setStatus(i.id, i.status),

    'settings.get': () => s.settings.get(),
    'settings.update': (i) => s.settings.update(i.patch),
    'settings.setLogo': (i) => s.settings.setLogo(i),
    'settings.removeLogo': () => s.settings.removeLogo(),
    'settings.getLogo': () => {
      const logo = s.settings.getLogo()
      return { dataUrl: logo ? `data:${logo.mime};base64,${logo.bytes.toString('base64')}` : null }
    },

    'pdf.export': (i) => pdf.export(i.proposalId, { force: i.force }),
    'pdf.cancel': (i) => ({ cancelled: pdf.cancel(i.proposalId) }),
    'pdf.coverage': (i) => ({ missingGlyphs: pdf.missingGlyphs(i.proposalId) }),
    'pdf.bytes': async (i) => {
      const { bytes, key, pages } = await pdf.bytesFor(i.proposalId)
      return { base64: bytes.toString('base64'), key, pages }
    },
    'pdf.open': async (i) => {
      const file = await pdf.pathFor(i.proposalId)
      const opened = await app.ports.shell.openPath(file)
      return { opened, url: opened ? null : `/files/pdf/${encodeURIComponent(i.proposalId)}` }
    },
    'pdf.reveal': async (i) => {
      const file = await pdf.pathFor(i.proposalId)
      return { revealed: await app.ports.shell.revealPath(file), path: file }
    },

    ...createEmailHandlers(email),
    ...createQuotingHandlers(app),
    ...createSyncHandlers(app.sync),
  }
}
