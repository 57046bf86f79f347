// Child process for the crash test: sends one proposal and dies (SIGKILL) right after the SMTP
// server accepted the message and before the outbox could record it.
// Usage: node --import tsx crash-after-accept.child.ts <sqlite file> <smtp port>
import { openLocalDb } from '../../db/local-database.ts'
import { createEmailService } from '../email.service.ts'
import { SMTP_KEYS } from '../smtp-settings.ts'
import { fakeWorld, recordingEvents, testPorts } from './fakes.ts'
import { TEST_CA_PEM } from './smtp-test-server.ts'

const [file, port] = process.argv.slice(2)
const { db } = await openLocalDb({ file: file ?? '' })
const world = fakeWorld()
const ports = testPorts()
ports.settings.set(SMTP_KEYS.host, '127.0.0.1')
ports.settings.set(SMTP_KEYS.port, Number(port))
ports.settings.set(SMTP_KEYS.fromAddress, 'sales@acme.example')
ports.settings.set(SMTP_KEYS.ca, TEST_CA_PEM)
const email = createEmailService({
  db,
  events: recordingEvents(),
  ports,
  services: world.services,
  pdf: world.pdf,
  env: {},
  hooks: {
    afterSmtpAccepted: () => {
      process.stdout.write('accepted\n')
      process.kill(process.pid, 'SIGKILL')
    },
  },
})
await email.send({
  proposalId: world.proposal.id,
  to: ['juergen@mueller.example'],
  cc: [],
  bcc: [],
  subject: 'Proposal',
  message: 'Hello',
})
process.stdout.write('not killed\n')
