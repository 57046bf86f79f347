/**
 * A device process for the crash tests: runs one sync session on a SQLite file and, at the chosen
 * point, prints "PAUSED" and waits forever so the parent can SIGKILL it there.
 *
 *   node --import tsx sync-child-process.ts <db-file> <server-json> <beforeCommit|afterCommit|midPull>
 */
import { openLocalDb } from '../db/local-database.ts'
import { runSyncSession } from './sync-session.ts'

const [file, serverJson, point] = process.argv.slice(2)
if (!file || !serverJson || !point) throw new Error('usage: <db-file> <server-json> <point>')

const pause = async (): Promise<void> => {
  process.stdout.write('PAUSED\n')
  await new Promise(() => undefined)
}

const { db } = await openLocalDb({ file })
await runSyncSession(db, {
  server: JSON.parse(serverJson) as Parameters<typeof runSyncSession>[1]['server'],
  pageSize: 2,
  hooks: {
    beforeCommit: point === 'beforeCommit' ? pause : undefined,
    afterCommit: point === 'afterCommit' ? pause : undefined,
    midPull: point === 'midPull' ? ({ page }) => (page === 2 ? pause() : undefined) : undefined,
  },
})
process.stdout.write('DONE\n')
db.close()
