#!/usr/bin/env node
// `npm test`: every suite, each runner writing its own JSON report, then ONE closing line
// "N passed, N failed" summed from those reports (what CI reads). Exit 1 when anything failed.
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..')
const out = path.join(root, 'test-results')
fs.mkdirSync(out, { recursive: true })
const only = process.argv.slice(2)
const want = (name) => only.length === 0 || only.includes(name)

const env = {
  ...process.env,
  MYSQL_URL: process.env.MYSQL_URL ?? 'mysql://root@127.0.0.1:3306/test',
}
const totals = { passed: 0, failed: 0, skipped: 0 }
const problems = []

function run(name, cmd, args) {
  console.log(`\n=== ${name}: ${cmd} ${args.join(' ')}`)
  const r = spawnSync(cmd, args, { cwd: root, env, stdio: 'inherit' })
  return r.status ?? 1
}

function readJson(file) {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'))
  } catch {
    return null
  }
}

// Static checks count as one test each: the layers (lint) and the types must hold on every run.
if (want('static')) {
  for (const [name, script] of [
    ['typecheck', 'typecheck'],
    ['lint (prettier + eslint, no warnings)', 'lint'],
  ]) {
    const code = run(name, 'npm', ['run', '-s', script])
    if (code === 0) totals.passed += 1
    else {
      totals.failed += 1
      problems.push(`${name} failed`)
    }
  }
}

if (want('unit')) {
  const report = path.join(out, 'vitest.json')
  fs.rmSync(report, { force: true })
  const code = run('unit + integration (vitest)', 'npx', [
    'vitest',
    'run',
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=${report}`,
  ])
  const j = readJson(report)
  if (j) {
    totals.passed += j.numPassedTests ?? 0
    totals.failed += j.numFailedTests ?? 0
    totals.skipped += (j.numPendingTests ?? 0) + (j.numTodoTests ?? 0)
    // A suite that failed to load has no tests in the counts: count it as a failure.
    const brokenFiles = (j.testResults ?? []).filter(
      (f) => f.status === 'failed' && (f.assertionResults ?? []).length === 0,
    )
    totals.failed += brokenFiles.length
    if (code !== 0 && (j.numFailedTests ?? 0) === 0 && brokenFiles.length === 0) {
      totals.failed += 1
      problems.push(`vitest exited ${code}`)
    }
  } else {
    totals.failed += 1
    problems.push('vitest wrote no report')
  }
}

if (want('e2e')) {
  const report = path.join(out, 'e2e.json')
  fs.rmSync(report, { force: true })
  const code = run('end to end (playwright, chromium)', 'npx', [
    'playwright',
    'test',
    '-c',
    'e2e/playwright.config.ts',
  ])
  const j = readJson(report)
  if (j?.stats) {
    totals.passed += j.stats.expected ?? 0
    totals.failed += (j.stats.unexpected ?? 0) + (j.stats.flaky ?? 0)
    totals.skipped += j.stats.skipped ?? 0
    if (code !== 0 && (j.stats.unexpected ?? 0) === 0) {
      totals.failed += 1
      problems.push(`playwright exited ${code}`)
    }
  } else {
    totals.failed += 1
    problems.push('playwright wrote no report')
  }
}

if (problems.length) console.log(`\nproblems: ${problems.join('; ')}`)
console.log(`\n${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`)
process.exit(totals.failed > 0 ? 1 : 0)
