import js from '@eslint/js'
import tseslint from 'typescript-eslint'
import reactHooks from 'eslint-plugin-react-hooks'
import prettier from 'eslint-config-prettier'
import globals from 'globals'
import fs from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'

// The Electron adapter's electron-importing files are linted (and typechecked) only where the
// optional `electron` package and its types are installed; see scripts/typecheck.mjs.
const hasElectronTypes = (() => {
  try {
    const pkg = createRequire(import.meta.url).resolve('electron/package.json')
    return fs.existsSync(path.join(path.dirname(pkg), 'electron.d.ts'))
  } catch {
    return false
  }
})()
const electronOnly = [
  'src-main/electron/main.ts',
  'src-main/electron/preload.ts',
  'src-main/electron/electron-*.ts',
]

const nodeBuiltins = [
  'node:*',
  'fs',
  'path',
  'os',
  'crypto',
  'child_process',
  'worker_threads',
  'http',
  'net',
  'url',
  'stream',
  'zlib',
  'util',
  'events',
  'buffer',
]

// Runtime layers are folders, enforced here (architecture.md "Layout").
export default tseslint.config(
  {
    ignores: [
      'node_modules',
      'dist',
      'coverage',
      'test-results',
      'playwright-report',
      '**/*.d.ts',
      'bin/**',
      'scripts/**/*.mjs',
      'src-main/pdf/pdf.worker.mjs',
      '.ci/**',
      ...(hasElectronTypes ? [] : electronOnly),
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        project: [
          './tsconfig.node.json',
          './tsconfig.web.json',
          ...(hasElectronTypes ? ['./tsconfig.electron.json'] : []),
        ],
        tsconfigRootDir: import.meta.dirname,
      },
      globals: { ...globals.node },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/require-await': 'off',
    },
  },
  {
    files: ['src-shared/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: nodeBuiltins, message: 'src-shared runs everywhere: no node built-ins.' },
            {
              group: ['react', 'react-dom', 'react/*', '@mantine/*', '@tanstack/*'],
              message: 'src-shared: no React.',
            },
            {
              group: ['electron', 'electron-store'],
              message: 'only src-main/electron may import electron.',
            },
            {
              group: ['**/src-main/**', '**/src-renderer/**'],
              message: 'src-shared depends on nothing else.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src-shared/**/*.ts'],
    ignores: ['src-shared/**/*.test.ts'],
    languageOptions: { globals: {} },
  },
  {
    files: ['src-renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: nodeBuiltins, message: 'the renderer has no Node.' },
            {
              group: ['electron', 'electron-store'],
              message: 'the renderer talks to main through the Transport.',
            },
            { group: ['**/src-main/**'], message: 'the renderer may import src-shared only.' },
          ],
        },
      ],
    },
  },
  {
    files: ['src-main/**/*.ts', 'migrations/**/*.ts', 'bench/**/*.ts', 'e2e/**/*.ts'],
    ignores: ['src-main/electron/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'electron', message: 'only src-main/electron may import electron.' },
            {
              name: 'electron-store',
              message: 'only src-main/electron may import electron-store.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['migrations/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/src-*/**'],
              message: 'migrations are frozen in time: no imports from src-*.',
            },
          ],
        },
      ],
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },
  {
    // Plain JavaScript (configs, worker shims, test child scripts) has no TS project.
    files: ['**/*.{js,mjs,cjs}'],
    ...tseslint.configs.disableTypeChecked,
  },
  prettier,
)
