/**
 * `npm run bench:db` — local store at scale (issue 4). Seeds 100,000 proposals with 1,000,000
 * lines into a fresh store, then times the operations a user waits for. Progress goes to stderr;
 * the LAST line on stdout is one JSON object:
 * {"proposals","lines","seedSeconds","listPageP95Ms","searchP95Ms","likeScanP95Ms","openP95Ms",
 *  "saveP95Ms","dbMb"}
 *
 * Seeding bypasses the services and the sync outbox (bulk prepared INSERTs in large transactions,
 * the FTS triggers suspended and the index rebuilt once at the end): a seed is not a user edit
 * and must not produce a million outbox rows. Everything timed afterwards goes through the real
 * services (list, search, open, save — save writes its outbox rows and FTS updates as in the app).
 * `likeScanP95Ms` runs the same search terms as `LIKE '%term%'` over the same fields.
 * Each measured operation first runs once untimed (page cache and statement cache warm-up after
 * a seed that evicted everything), as an app that has been open for a moment would be.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { generateNKeysBetween } from 'fractional-indexing'
import { v7 as uuidv7 } from 'uuid'
import { createApp } from '../src-main/app/create-app.ts'
import {
  memorySecretStore,
  memorySettingsStore,
  noopShell,
  silentLogger,
  systemClock,
} from '../src-main/app/ports.ts'
import { suspendSearchTriggers } from '../src-main/repositories/search.repository.ts'

const PROPOSALS = Number(process.env.BENCH_PROPOSALS ?? 100_000)
const LINES_PER_PROPOSAL = 10
const CLIENTS = 5_000
const CHUNK = 5_000

const log = (msg: string): void => void process.stderr.write(`${msg}\n`)
const round = (n: number): number => Math.round(n * 100) / 100

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b)
  const idx = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))
  return sorted[idx] ?? Number.NaN
}

function timeMs(fn: () => unknown): number {
  const t = process.hrtime.bigint()
  fn()
  return Number(process.hrtime.bigint() - t) / 1e6
}

// Deterministic PRNG (mulberry32) so every run seeds the same store.
let seed = 0x5eed
function rand(): number {
  seed = (seed + 0x6d2b79f5) | 0
  let t = seed
  t = Math.imul(t ^ (t >>> 15), t | 1)
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296
}
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T

// A synthetic vocabulary of ~8,000 words (some accented) with a skewed frequency: word k is drawn
// with probability falling roughly like k^(-2/3), so there are very common and very rare words.
const SYLLABLES = [
  'ka',
  'lo',
  'mi',
  'ten',
  'ra',
  'vo',
  'sen',
  'tu',
  'pel',
  'dor',
  'qui',
  'bas',
  'ne',
  'fi',
  'gar',
  'zu',
  'wen',
  'hol',
  'ser',
  'va',
  'li',
  'mon',
  'té',
  'ré',
  'cor',
  'an',
  'del',
  'pri',
  'sta',
  'ju',
]
const COMMON = [
  'consulting',
  'design',
  'development',
  'hosting',
  'support',
  'licence',
  'installation',
  'maintenance',
  'training',
  'audit',
  'migration',
  'integration',
  'workshop',
  'analysis',
  'report',
  'hardware',
  'software',
  'server',
  'network',
  'security',
  'cloud',
  'backup',
  'monitoring',
  'website',
  'mobile',
  'database',
  'frontend',
  'backend',
  'testing',
  'documentation',
]
const VOCAB: string[] = [...COMMON]
for (const a of SYLLABLES) {
  for (const b of SYLLABLES) {
    for (const c of ['', ...SYLLABLES.slice(0, 8)]) {
      if (VOCAB.length < 8_000) VOCAB.push(a + b + c)
    }
  }
}
const word = (): string => VOCAB[Math.floor(VOCAB.length * rand() ** 3)] as string
const phrase = (min: number, max: number): string => {
  const n = min + Math.floor(rand() * (max - min + 1))
  const words: string[] = []
  for (let i = 0; i < n; i++) words.push(word())
  const s = words.join(' ')
  return s.charAt(0).toUpperCase() + s.slice(1)
}

const COMPANY_SUFFIX = ['GmbH', 'Ltd', 'SARL', 'Inc.', 'AB', 'S.p.A.', 'BV', 'Oy']
const STATUSES = [
  ['draft', 0.3],
  ['sent', 0.4],
  ['accepted', 0.15],
  ['declined', 0.1],
  ['cancelled', 0.05],
] as const
function status(): (typeof STATUSES)[number][0] {
  let u = rand()
  for (const [s, p] of STATUSES) {
    if (u < p) return s
    u -= p
  }
  return 'draft'
}

function isoDay(base: number, offsetDays: number): string {
  return new Date(base + offsetDays * 86_400_000).toISOString().slice(0, 10)
}

async function main(): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pd-bench-db-'))
  log(`bench:db — fresh store in ${dataDir}`)
  const app = await createApp(
    { dataDir, host: 'in-process', version: 'bench', skipSample: true, pdfWorkers: 1 },
    {
      settings: memorySettingsStore(),
      secrets: memorySecretStore(),
      shell: noopShell,
      clock: systemClock,
      logger: silentLogger,
    },
  )
  const { db } = app
  const quoting = app.services
  app.services.settings.get() // creates the settings row the services expect
  const now = Date.now()
  const ts = new Date(now).toISOString()
  const positions = generateNKeysBetween(null, null, LINES_PER_PROPOSAL)
  const taxes = JSON.stringify([{ name: 'VAT', rate: '20' }])

  // ---- seed ---------------------------------------------------------------------------------
  const t0 = process.hrtime.bigint()
  const clientIds: string[] = []
  const clientNames: string[] = []
  const draftIds: string[] = []
  const allIds: string[] = []
  const insClient = db.sqlite.prepare(
    `INSERT INTO clients (id, name, email, created_at, updated_at) VALUES (?, ?, ?, ?, ?)`,
  )
  const insProposal = db.sqlite.prepare(
    `INSERT INTO proposals (id, number, revision, title, status, client_id, client_snapshot,
       currency, issue_date, valid_until, net_minor, tax_minor, gross_minor, sent_at,
       created_at, updated_at)
     VALUES (?, ?, 0, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  )
  const insSection = db.sqlite.prepare(
    `INSERT INTO proposal_sections (id, proposal_id, position, title, body, created_at, updated_at)
     VALUES (?, ?, 'a0', ?, ?, ?, ?)`,
  )
  const insLine = db.sqlite.prepare(
    `INSERT INTO line_items (id, proposal_id, position, sku, description, quantity, unit,
       unit_price, taxes, net_minor, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, 'h', ?, ?, ?, ?, ?)`,
  )

  let lineCount = 0
  const restoreSearch = suspendSearchTriggers(db)
  db.transaction(() => {
    for (let c = 0; c < CLIENTS; c++) {
      const id = uuidv7()
      const name = `${phrase(1, 2)} ${pick(COMPANY_SUFFIX)}`
      insClient.run(id, name, `contact${c}@example.com`, ts, ts)
      clientIds.push(id)
      clientNames.push(name)
    }
  })
  for (let start = 0; start < PROPOSALS; start += CHUNK) {
    db.transaction(() => {
      for (let i = start; i < Math.min(PROPOSALS, start + CHUNK); i++) {
        const id = uuidv7()
        const ci = Math.floor(rand() * CLIENTS)
        const st = status()
        const created = now - Math.floor(rand() * 730) * 86_400_000
        const createdIso = new Date(created + i).toISOString()
        const issue = isoDay(created, 0)
        const validUntil = isoDay(created, 30)
        let net = 0
        const lines: [string, string, string, number][] = []
        for (let l = 0; l < LINES_PER_PROPOSAL; l++) {
          const qty = 1 + Math.floor(rand() * 20)
          const priceMinor = 500 + Math.floor(rand() * 200_000)
          const lineNet = qty * priceMinor
          net += lineNet
          lines.push([String(qty), (priceMinor / 100).toFixed(2), phrase(3, 8), lineNet])
        }
        const tax = Math.round(net * 0.2)
        const snapshot =
          st === 'draft' ? null : JSON.stringify({ name: clientNames[ci], contactName: '' })
        insProposal.run(
          id,
          `BN-${String(i + 1).padStart(6, '0')}`,
          phrase(2, 5),
          st,
          clientIds[ci],
          snapshot,
          'EUR',
          issue,
          validUntil,
          net,
          tax,
          net + tax,
          st === 'draft' ? null : createdIso,
          createdIso,
          createdIso,
        )
        insSection.run(uuidv7(), id, phrase(1, 3), phrase(10, 30), createdIso, createdIso)
        lines.forEach(([qty, price, description, lineNet], l) => {
          insLine.run(
            uuidv7(),
            id,
            positions[l],
            `SKU-${Math.floor(rand() * 2000)}`,
            description,
            qty,
            price,
            taxes,
            lineNet,
            createdIso,
            createdIso,
          )
          lineCount++
        })
        allIds.push(id)
        if (st === 'draft') draftIds.push(id)
      }
    })
    if ((start / CHUNK) % 4 === 0) log(`  seeded ${start + CHUNK} proposals`)
  }
  log('  building the search index')
  restoreSearch()
  db.sqlite.exec('ANALYZE')
  db.sqlite.pragma('wal_checkpoint(TRUNCATE)')
  const seedSeconds = Number(process.hrtime.bigint() - t0) / 1e9
  log(`  seeded in ${round(seedSeconds)} s`)

  // ---- list pages -----------------------------------------------------------------------------
  const listTimes: number[] = []
  const listQueries = [
    { sort: 'updated', direction: 'desc', offset: 0 },
    { sort: 'updated', direction: 'desc', offset: 5_000 },
    { sort: 'number', direction: 'asc', offset: 0 },
    { sort: 'total', direction: 'desc', offset: 0 },
    { sort: 'updated', direction: 'desc', offset: 0, status: 'sent' },
  ] as const
  for (let r = -1; r < 20; r++) {
    for (const q of listQueries) {
      const ms = timeMs(() =>
        app.services.proposals.list({
          search: '',
          status: 'status' in q ? q.status : 'all',
          sort: q.sort,
          direction: q.direction,
          limit: 50,
          offset: q.offset,
        }),
      )
      if (r >= 0) listTimes.push(ms)
    }
  }
  log(`  list page p95 ${round(percentile(listTimes, 95))} ms`)

  // ---- search vs LIKE -------------------------------------------------------------------------
  const clientWord = (clientNames[7] ?? 'x').split(' ')[0] ?? 'x'
  const terms = [
    'consulting', // very common word
    VOCAB[200] ?? 'x', // common
    VOCAB[2_000] ?? 'x', // uncommon
    (VOCAB[6_000] ?? 'xxxx').slice(0, 5), // rare, as a prefix
    clientWord, // a client name
    'BN-0123', // a number prefix
    `${VOCAB[40] ?? 'x'} ${VOCAB[900] ?? 'x'}`, // two words
    'developm', // prefix of a common word
  ]
  const searchTimes: number[] = []
  const likeTimes: number[] = []
  const likeStmt = db.sqlite.prepare(`
    SELECT p.id FROM proposals p
    LEFT JOIN clients c ON c.id = p.client_id
    WHERE p.deleted_at IS NULL AND (
      p.number LIKE @t OR p.title LIKE @t
      OR coalesce(json_extract(p.client_snapshot, '$.name'), c.name, '') LIKE @t
      OR EXISTS (SELECT 1 FROM proposal_sections s WHERE s.proposal_id = p.id
        AND s.deleted_at IS NULL AND (s.title LIKE @t OR s.body LIKE @t))
      OR EXISTS (SELECT 1 FROM line_items l WHERE l.proposal_id = p.id
        AND l.deleted_at IS NULL AND (l.description LIKE @t OR l.sku LIKE @t)))
    ORDER BY p.updated_at DESC LIMIT 20`)
  const hitCounts: Record<string, number> = {}
  for (let r = -1; r < 6; r++) {
    for (const term of terms) {
      let hits = 0
      const ms = timeMs(() => {
        hits = quoting.search.proposals(term, 20).length
      })
      if (r >= 0) searchTimes.push(ms)
      hitCounts[term] = hits
      // LIKE has no AND-of-words semantics; it scans for the first word, which is the cheaper
      // half of the work, so the comparison flatters LIKE.
      const first = term.split(' ')[0] ?? term
      if (r >= 0 && r < 3) likeTimes.push(timeMs(() => likeStmt.all({ t: `%${first}%` })))
    }
  }
  const matchCounts = Object.fromEntries(
    terms.map((t) => {
      const q = t
        .split(/\s+/)
        .map((w) => `"${w}"*`)
        .join(' ')
      const n = (
        db.sqlite
          .prepare(`SELECT count(*) AS n FROM proposal_fts WHERE proposal_fts MATCH ?`)
          .get(q) as {
          n: number
        }
      ).n
      return [t, n]
    }),
  )
  log(`  search terms (matching documents): ${JSON.stringify(matchCounts)}`)
  log(
    `  search p95 ${round(percentile(searchTimes, 95))} ms, LIKE p95 ${round(percentile(likeTimes, 95))} ms`,
  )

  // ---- open -----------------------------------------------------------------------------------
  const openTimes: number[] = []
  for (let r = -10; r < 200; r++) {
    const id = pick(allIds)
    const ms = timeMs(() => app.services.proposals.get(id))
    if (r >= 0) openTimes.push(ms)
  }
  log(`  open p95 ${round(percentile(openTimes, 95))} ms`)

  // ---- save (the editor's full save: every section and line sent, one line changed) -----------
  const saveTimes: number[] = []
  for (let r = -10; r < 200; r++) {
    const id = pick(draftIds)
    const p = app.services.proposals.get(id)
    const lines = p.lines.map((l, i) =>
      i === Math.abs(r) % p.lines.length ? { ...l, quantity: String(Number(l.quantity) + 1) } : l,
    )
    const ms = timeMs(() =>
      app.services.proposals.update({
        id,
        patch: { lines, sections: p.sections },
        expectedUpdatedAt: p.updatedAt,
      }),
    )
    if (r >= 0) saveTimes.push(ms)
  }
  log(`  save p95 ${round(percentile(saveTimes, 95))} ms`)

  db.sqlite.pragma('wal_checkpoint(TRUNCATE)')
  let bytes = 0
  for (const f of fs.readdirSync(dataDir)) {
    if (f.startsWith('proposaldesk.sqlite')) bytes += fs.statSync(path.join(dataDir, f)).size
  }
  const result = {
    proposals: PROPOSALS,
    lines: lineCount,
    seedSeconds: round(seedSeconds),
    listPageP95Ms: round(percentile(listTimes, 95)),
    searchP95Ms: round(percentile(searchTimes, 95)),
    likeScanP95Ms: round(percentile(likeTimes, 95)),
    openP95Ms: round(percentile(openTimes, 95)),
    saveP95Ms: round(percentile(saveTimes, 95)),
    dbMb: round(bytes / 1024 / 1024),
  }
  await app.close()
  // BENCH_KEEP=1 keeps the seeded store for query-plan work.
  if (process.env.BENCH_KEEP) log(`  kept ${dataDir}`)
  else fs.rmSync(dataDir, { recursive: true, force: true })
  log(`  hits per term (top 20 cap): ${JSON.stringify(hitCounts)}`)
  process.stdout.write(`${JSON.stringify(result)}\n`)
}

main().catch((e: unknown) => {
  log(e instanceof Error ? (e.stack ?? e.message) : String(e))
  process.exit(1)
})
