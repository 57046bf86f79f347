import { remoteSteps, type RemoteStep } from '../../migrations/remote/index.ts'
import { endQuietly, destroyQuietly, openRemote, type ServerConfig } from './remote-connection.ts'

const LEDGER = `CREATE TABLE IF NOT EXISTS schema_migrations (
  name VARCHAR(190) CHARACTER SET ascii NOT NULL PRIMARY KEY,
  applied_at DATETIME(3) NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`

/**
 * Applies pending server steps in order and records each in `schema_migrations`. Every step is a
 * single idempotent statement, so a crash between the step and its ledger row is harmless: the
 * rerun repeats the step as a no-op. A named lock keeps two administrators from interleaving
 * (GET_LOCK's return value is checked: 0 means someone else holds it).
 */
export async function migrateServer(
  config: ServerConfig,
  steps: readonly RemoteStep[] = remoteSteps,
): Promise<{ applied: string[] }> {
  const conn = await openRemote(config)
  try {
    const [lockRows] = await conn.query('SELECT GET_LOCK(?, 30) AS got', [
      `proposaldesk_migrate_${config.database}`,
    ])
    const got = (lockRows as { got: number | string | null }[])[0]?.got
    if (Number(got) !== 1) {
      throw new Error('Another `server migrate` is running against this database; try again later.')
    }
    await conn.query(LEDGER)
    const [rows] = await conn.query('SELECT name FROM schema_migrations')
    const done = new Set((rows as { name: string }[]).map((r) => r.name))
    const applied: string[] = []
    for (const step of steps) {
      if (done.has(step.name)) continue
      await conn.query(step.sql)
      await conn.query(
        'INSERT IGNORE INTO schema_migrations (name, applied_at) VALUES (?, UTC_TIMESTAMP(3))',
        [step.name],
      )
      applied.push(step.name)
    }
    await conn.query('SELECT RELEASE_LOCK(?)', [`proposaldesk_migrate_${config.database}`])
    await endQuietly(conn)
    return { applied }
  } catch (e) {
    destroyQuietly(conn)
    throw e
  }
}
