#!/usr/bin/env node
// `proposaldesk` from a checkout or an install: runs the TypeScript CLI through tsx (no build step).
import { register } from 'tsx/esm/api'

register()
const { main } = await import('../src-main/cli/index.ts')
const code = await main(process.argv.slice(2))
// `serve` returns only after Ctrl+C; other commands end here even if a worker pool lingers.
process.exit(code)
