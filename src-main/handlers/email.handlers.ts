import {
  DEFAULT_TEMPLATES,
  MERGE_FIELDS,
  type EmailChannel,
} from '../../src-shared/ipc/email.contract.ts'
import type { EmailService } from '../email/email.service.ts'
import type { Handler } from './dispatcher.ts'

/** Email channels → EmailService. Adapters only. */
export function createEmailHandlers(email: EmailService): { [C in EmailChannel]: Handler<C> } {
  return {
    'email.getSettings': () => email.getSettings(),
    'email.saveSettings': (i) => email.saveSettings(i),
    'email.sendTest': (i) => email.sendTest(i.to),
    'email.compose': (i) => email.compose(i.proposalId),
    'email.send': (i) => email.send(i),
    'email.outbox': (i) => email.outbox(i),
    'email.retry': (i) => email.retry(i.id),
    'email.resolveUnknown': (i) => email.resolveUnknown(i.id, i.decision),
    'email.templates.get': () => ({
      ...email.getTemplates(),
      defaults: DEFAULT_TEMPLATES,
      mergeFields: [...MERGE_FIELDS],
    }),
    'email.templates.save': (i) => email.saveTemplates(i),
  }
}
