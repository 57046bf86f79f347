/** Helpers for PDF content tests: poppler's pdftotext/pdfinfo and qpdf on temp files. */
import { execFileSync, spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

function withTempPdf<T>(bytes: Uint8Array, fn: (file: string) => T): T {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pd-pdf-'))
  const file = path.join(dir, 'doc.pdf')
  fs.writeFileSync(file, bytes)
  try {
    return fn(file)
  } finally {
    fs.rmSync(dir, { recursive: true, force: true })
  }
}

/** Text of each page (pdftotext -raw keeps content-stream order, so table cells stay together). */
export function pageTexts(bytes: Uint8Array, mode: '-raw' | '-layout' = '-raw'): string[] {
  return withTempPdf(bytes, (file) => {
    const out = execFileSync('pdftotext', [mode, '-enc', 'UTF-8', file, '-'], {
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    })
    const pages = out.split('\f')
    if (pages[pages.length - 1]?.trim() === '') pages.pop()
    return pages
  })
}

/** Whitespace-free text, so a wrapped cell still contains its whole description. */
export function squash(text: string): string {
  return text.replace(/\s+/g, '')
}

/** `qpdf --check` exit status: 0 clean, 2 errors, 3 warnings. */
export function qpdfCheck(bytes: Uint8Array): { status: number | null; output: string } {
  return withTempPdf(bytes, (file) => {
    const r = spawnSync('qpdf', ['--check', file], { encoding: 'utf8' })
    return { status: r.status, output: `${r.stdout}${r.stderr}` }
  })
}

export interface WordBox {
  page: number
  pageWidth: number
  pageHeight: number
  xMin: number
  xMax: number
  yMin: number
  yMax: number
  text: string
}

/** Every word with its box, from `pdftotext -bbox` (points, origin top-left). */
export function wordBoxes(bytes: Uint8Array): WordBox[] {
  return withTempPdf(bytes, (file) => {
    const html = execFileSync('pdftotext', ['-bbox', '-enc', 'UTF-8', file, '-'], {
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    })
    const words: WordBox[] = []
    let page = 0
    let pageWidth = 0
    let pageHeight = 0
    const re =
      /<page width="([\d.]+)" height="([\d.]+)">|<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g
    for (const m of html.matchAll(re)) {
      if (m[1] !== undefined) {
        page++
        pageWidth = Number(m[1])
        pageHeight = Number(m[2])
      } else {
        words.push({
          page,
          pageWidth,
          pageHeight,
          xMin: Number(m[3]),
          yMin: Number(m[4]),
          xMax: Number(m[5]),
          yMax: Number(m[6]),
          text: m[7] ?? '',
        })
      }
    }
    return words
  })
}

export function pdfPageCount(bytes: Uint8Array): number {
  return withTempPdf(bytes, (file) => {
    const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' })
    return Number(/Pages:\s+(\d+)/.exec(info)?.[1] ?? 0)
  })
}

/** Words inside a horizontal band of the body area, in reading order, concatenated across pages. */
export function columnText(
  words: WordBox[],
  band: { xMin: number; xMax: number; top: number; bottom: number },
): string {
  return words
    .filter(
      (w) =>
        w.xMin >= band.xMin - 0.5 &&
        w.xMax <= band.xMax + 0.5 &&
        w.yMin >= band.top &&
        w.yMax <= w.pageHeight - band.bottom,
    )
    .sort((a, b) => a.page - b.page || Math.round(a.yMin) - Math.round(b.yMin) || a.xMin - b.xMin)
    .map((w) => w.text)
    .join(' ')
}

/** The file with streams uncompressed (`qpdf --qdf`), for inspecting ToUnicode maps. */
export function qdfText(bytes: Uint8Array): string {
  return withTempPdf(bytes, (file) => {
    const out = `${file}.qdf`
    execFileSync('qpdf', ['--qdf', '--object-streams=disable', file, out])
    return fs.readFileSync(out).toString('latin1')
  })
}
