import path from 'node:path'
import { openLocalDb, type LocalDb, type MigrationReport } from '../db/local-database.ts'
import { createDispatcher, type Dispatch } from '../handlers/dispatcher.ts'
import { createEmailService, type EmailService } from '../email/email.service.ts'
import { createHandlers } from '../handlers/index.ts'
import { createPdfService, type PdfService } from '../pdf/pdf.service.ts'
import { createServices, type Services } from '../services/index.ts'
import { createSyncService, type SyncService } from '../sync/sync.service.ts'
import { createEventBus, type EventBus } from './event-bus.ts'
import type { AppConfig, Ports } from './ports.ts'

export interface App {
  config: AppConfig
  ports: Ports
  db: LocalDb
  migrations: MigrationReport
  events: EventBus
  services: Services
  pdf: PdfService
  email: EmailService
  sync: SyncService
  dispatch: Dispatch
  close(): Promise<void>
}

export function localDbFile(dataDir: string): string {
  return path.join(dataDir, 'proposaldesk.sqlite')
}

/**
 * The composition root. All three hosts call this; they differ only in `config.host` and the
 * ports they pass.
 */
export async function createApp(config: AppConfig, ports: Ports): Promise<App> {
  const { db, report } = await openLocalDb({ file: localDbFile(config.dataDir) })
  const events = createEventBus()
  const services = createServices({ db, events, ports, config })
  const pdf = createPdfService({ config, ports, events, services, activity: services.activity })
  const email = createEmailService({
    db,
    events,
    ports,
    services,
    pdf,
    userName: config.userName,
    // email.sent / email.failed / … land on the proposal's timeline as "emailed" entries.
    activity: {
      record: (e) =>
        services.activity.record(e.proposalId, 'emailed', {
          ...e.data,
          outcome: e.kind.replace('email.', ''),
          summary: e.summary,
        }),
    },
  })
  // A message left `sending` by a process that died becomes "may have been sent", never resent.
  email.recoverInterrupted()
  if (config.host !== 'in-process') email.startAutoDelivery()
  const sync = createSyncService({
    db,
    ports,
    events,
    appVersion: config.version,
    userName: config.userName,
  })
  // Background sync only runs where a person works (not in tests), and only once a server is set.
  if (config.host !== 'in-process') sync.start()
  const partial = { config, ports, db, migrations: report, events, services, pdf, email, sync }
  const dispatch = createDispatcher(createHandlers(partial), ports.logger)
  let closed = false
  return {
    ...partial,
    dispatch,
    async close() {
      if (closed) return
      closed = true
      await sync.stop()
      await email.close()
      await pdf.close()
      db.close()
    },
  }
}
