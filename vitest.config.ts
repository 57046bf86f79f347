import { defineConfig } from 'vitest/config'

// One runner for src-shared, src-main and migrations. Renderer behaviour is covered by
// Playwright (e2e/) against the real browser host.
export default defineConfig({
  test: {
    include: ['src-shared/**/*.test.ts', 'src-main/**/*.test.ts', 'migrations/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
})
