/**
 * Test support: render tiny pdfmake documents with the bundled fonts and read them back with
 * poppler (pdftotext, pdftoppm) and qpdf. Not a test file itself.
 */
import { execFileSync, spawnSync } from 'node:child_process'
import fs from 'node:fs'
import { createRequire } from 'node:module'
import os from 'node:os'
import path from 'node:path'

import { registerFonts, type PdfMakeVfsHost } from './index.ts'

const require = createRequire(import.meta.url)

export interface PdfMakeForTests extends PdfMakeVfsHost {
  virtualfs: PdfMakeVfsHost['virtualfs'] & { readFileSync(name: string): Buffer | string }
  createPdf(doc: object): {
    getBuffer(): Promise<Buffer>
    getStream(): Promise<{ _fontFamilies: Record<string, { font: unknown }> }>
  }
}

export const pdfmake = require('pdfmake') as PdfMakeForTests

const has = (cmd: string): boolean =>
  spawnSync(cmd, ['-v'], { stdio: 'ignore' }).error === undefined

export const hasPoppler = has('pdftotext') && has('pdftoppm')
export const hasQpdf = spawnSync('qpdf', ['--version'], { stdio: 'ignore' }).error === undefined

if (!hasPoppler || !hasQpdf) {
  const msg = 'poppler-utils/qpdf missing: install with `apt-get install -y poppler-utils qpdf`'
  if (process.env.CI === 'true') throw new Error(msg)
  console.warn(`SKIPPING PDF extraction tests: ${msg}`)
}

const tmpRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'pdf-text-test-'))
let counter = 0

export function tmpFile(ext: string): string {
  counter++
  return path.join(tmpRoot, `f${counter}${ext}`)
}

export async function render(content: unknown[], extra: object = {}): Promise<Buffer> {
  registerFonts(pdfmake)
  const doc = {
    content,
    defaultStyle: { font: 'NotoSans', fontSize: 14 },
    info: { creationDate: new Date(Date.UTC(2026, 0, 1)) },
    ...extra,
  }
  return pdfmake.createPdf(doc).getBuffer()
}

const BIDI_MARKS = /[\u200E\u200F\u202A-\u202E\u2066-\u2069]/g

/**
 * Text of a PDF as pdftotext reads it. `raw` keeps content-stream order (what we drew, left to
 * right); the default reading-order mode is what poppler uses for right-to-left lines: it returns
 * them in logical order wrapped in RLE…PDF marks, which are stripped here.
 */
export function extractText(pdf: Buffer, mode: 'raw' | 'reading' = 'raw'): string {
  const file = tmpFile('.pdf')
  fs.writeFileSync(file, pdf)
  const args = mode === 'raw' ? ['-raw', '-enc', 'UTF-8', file, '-'] : ['-enc', 'UTF-8', file, '-']
  const out = execFileSync('pdftotext', args, { encoding: 'utf8' })
  return out
    .replace(BIDI_MARKS, '')
    .replace(/\f/g, '')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '')
    .join('\n')
    .normalize('NFC')
}

/** qpdf --check exit status: 0 clean, 2 errors, 3 warnings. */
export function qpdfCheck(pdf: Buffer): { status: number; output: string } {
  const file = tmpFile('.pdf')
  fs.writeFileSync(file, pdf)
  const r = spawnSync('qpdf', ['--check', file], { encoding: 'utf8' })
  return { status: r.status ?? -1, output: `${r.stdout}${r.stderr}` }
}

/** Renders page 1 to PNG (for eyeballing); returns the PNG path. */
export function rasterize(pdf: Buffer, name: string, dpi = 80): string {
  const dir = process.env.PDF_TEXT_PNG_DIR ?? tmpRoot
  fs.mkdirSync(dir, { recursive: true })
  const file = path.join(dir, `${name}.pdf`)
  fs.writeFileSync(file, pdf)
  const prefix = path.join(dir, name)
  execFileSync('pdftoppm', ['-r', String(dpi), '-png', '-singlefile', file, prefix])
  return `${prefix}.png`
}

/** A JPEG made by poppler from a rendered page, so no binary fixture has to be stored. */
export async function makeJpeg(): Promise<Buffer> {
  const pdf = await render(
    [{ text: 'JPEG', fontSize: 24, color: '#b00020', background: '#ffe082' }],
    {
      pageSize: { width: 120, height: 60 },
      pageMargins: 6,
    },
  )
  const file = tmpFile('.pdf')
  fs.writeFileSync(file, pdf)
  const prefix = tmpFile('')
  execFileSync('pdftoppm', ['-r', '72', '-jpeg', '-singlefile', file, prefix])
  return fs.readFileSync(`${prefix}.jpg`)
}
