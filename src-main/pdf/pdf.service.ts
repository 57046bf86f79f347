import type { PdfExportResult } from '../../src-shared/ipc/contract.ts'
import type { EventBus } from '../app/event-bus.ts'
import type { AppConfig, Ports } from '../app/ports.ts'
import type { Services } from '../services/index.ts'
import { AppError } from '../../src-shared/ipc/result.ts'

export interface PdfServiceDeps {
  config: AppConfig
  ports: Ports
  events: EventBus
  services: Services
}

export interface PdfService {
  /** Returns the cached PDF for the proposal's current content, rendering it only when needed. */
  export(proposalId: string, opts?: { force?: boolean }): Promise<PdfExportResult>
  /** Bytes of a cached PDF by key (for the HTTP host download, the mailer). */
  readCached(key: string): Promise<Buffer | null>
  /** Absolute path of the cached file for the proposal's current content (exports if needed). */
  pathFor(proposalId: string): Promise<string>
  cancel(proposalId: string): boolean
  close(): Promise<void>
}

/** Placeholder until the PDF engine lands. */
export function createPdfService(_deps: PdfServiceDeps): PdfService {
  const todo = (): never => {
    throw new AppError('unavailable', 'PDF export not implemented yet')
  }
  return {
    export: () => Promise.resolve(todo()),
    readCached: () => Promise.resolve(null),
    pathFor: () => Promise.resolve(todo()),
    cancel: () => false,
    close: () => Promise.resolve(),
  }
}
