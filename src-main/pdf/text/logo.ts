/**
 * Company logos in a form pdfmake/pdfkit always accept.
 *
 * pdfkit embeds only JPEG and PNG. Older pdfkit PNG decoders failed on Adam7-interlaced files
 * ("Invalid filter algorithm", research/pdf.md row 11); the resolved pdfkit 0.19.1 / png-js 1.1
 * decodes them, but interlaced and 16-bit PNGs are still re-encoded as plain 8-bit,
 * non-interlaced PNG (alpha kept) with pngjs, so export does not depend on that decoder path. SVG is passed through pdfmake's SVG renderer:
 * its `<text>` falls back to the `Roboto` family, which registerFonts aliases to Noto Sans, and
 * the root element is given explicit width/height so pdfmake can size it.
 *
 * The format is sniffed from the bytes; the declared MIME type is only used in messages.
 * GIF, WebP, BMP, TIFF, HEIC… are rejected with a message naming the format, at upload time via
 * `validateLogo`; the export path calls `normalizeLogo` on a logo that has already passed.
 */
import { createHash } from 'node:crypto'
import { PNG } from 'pngjs'

import { familyCovers, isIgnorable } from './coverage.ts'

export type NormalizedLogo =
  | { kind: 'image'; dataUrl: string; width: number; height: number }
  | { kind: 'svg'; svg: string; width: number; height: number }

export const MAX_LOGO_BYTES = 5 * 1024 * 1024
export const MAX_LOGO_PIXELS = 8000

const SUPPORTED = 'Upload the logo as PNG, JPEG or SVG.'

export class LogoError extends Error {
  override name = 'LogoError'
}

type Sniffed = 'png' | 'jpeg' | 'svg' | 'gif' | 'webp' | 'bmp' | 'tiff' | 'heic' | 'avif' | 'ico'

function sniff(bytes: Buffer): Sniffed | undefined {
  const ascii = (start: number, end: number): string =>
    bytes.subarray(start, end).toString('latin1')
  if (
    bytes.length >= 8 &&
    bytes.readUInt32BE(0) === 0x89504e47 &&
    bytes.readUInt32BE(4) === 0x0d0a1a0a
  ) {
    return 'png'
  }
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff)
    return 'jpeg'
  if (ascii(0, 4) === 'GIF8') return 'gif'
  if (ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WEBP') return 'webp'
  if (ascii(0, 2) === 'BM') return 'bmp'
  if (ascii(0, 4) === 'II*\0' || ascii(0, 4) === 'MM\0*') return 'tiff'
  if (ascii(4, 8) === 'ftyp') return /avif|avis/.test(ascii(8, 12)) ? 'avif' : 'heic'
  if (bytes.length >= 4 && bytes.readUInt32BE(0) === 0x00000100) return 'ico'
  const head = bytes
    .subarray(0, 4096)
    .toString('utf8')
    .replace(/^\uFEFF/, '')
    .trimStart()
  if (
    /^(<\?xml[^>]*>\s*)?(<!--[\s\S]*?-->\s*)*(<!DOCTYPE[^>]*>\s*)?(<!--[\s\S]*?-->\s*)*<svg[\s>]/i.test(
      head,
    )
  ) {
    return 'svg'
  }
  return undefined
}

function checkSize(width: number, height: number, what: string): void {
  if (!(width > 0 && height > 0)) throw new LogoError(`The ${what} logo has no usable size.`)
  if (width > MAX_LOGO_PIXELS || height > MAX_LOGO_PIXELS) {
    throw new LogoError(
      `The ${what} logo is ${width}×${height} pixels; the limit is ${MAX_LOGO_PIXELS} on each side.`,
    )
  }
}

function normalizePng(bytes: Buffer): NormalizedLogo {
  if (bytes.length < 33 || bytes.toString('latin1', 12, 16) !== 'IHDR') {
    throw new LogoError('The PNG logo is damaged (no IHDR header).')
  }
  const width = bytes.readUInt32BE(16)
  const height = bytes.readUInt32BE(20)
  const bitDepth = bytes[24]
  const interlace = bytes[28]
  checkSize(width, height, 'PNG')
  let decoded: PNG
  try {
    // Decoding every PNG also proves it is intact (CRCs, zlib stream) before it reaches pdfkit.
    decoded = PNG.sync.read(bytes)
  } catch (err) {
    throw new LogoError(`The PNG logo cannot be read: ${(err as Error).message}.`)
  }
  let out = bytes
  if (interlace !== 0 || bitDepth === 16) {
    out = PNG.sync.write(decoded, { colorType: 6, inputColorType: 6, bitDepth: 8 })
  }
  return {
    kind: 'image',
    dataUrl: `data:image/png;base64,${out.toString('base64')}`,
    width,
    height,
  }
}

const SOF_MARKERS = new Set([
  0xc0, 0xc1, 0xc2, 0xc3, 0xc5, 0xc6, 0xc7, 0xc9, 0xca, 0xcb, 0xcd, 0xce, 0xcf,
])

function normalizeJpeg(bytes: Buffer): NormalizedLogo {
  let pos = 2
  while (pos + 9 < bytes.length) {
    if (bytes[pos] !== 0xff) throw new LogoError('The JPEG logo is damaged (bad marker).')
    const marker = bytes[pos + 1] ?? 0
    if (marker === 0xff) {
      pos++
      continue
    }
    const length = bytes.readUInt16BE(pos + 2)
    if (SOF_MARKERS.has(marker)) {
      const height = bytes.readUInt16BE(pos + 5)
      const width = bytes.readUInt16BE(pos + 7)
      checkSize(width, height, 'JPEG')
      return {
        kind: 'image',
        dataUrl: `data:image/jpeg;base64,${bytes.toString('base64')}`,
        width,
        height,
      }
    }
    pos += 2 + length
  }
  throw new LogoError('The JPEG logo is damaged (no frame header).')
}

const UNIT_TO_PX: Record<string, number> = {
  '': 1,
  px: 1,
  pt: 4 / 3,
  pc: 16,
  mm: 96 / 25.4,
  cm: 96 / 2.54,
  in: 96,
}

function length(value: string | undefined): number | undefined {
  if (value === undefined) return undefined
  const m = /^\s*([0-9.]+(?:e[+-]?\d+)?)\s*(px|pt|pc|mm|cm|in)?\s*$/i.exec(value)
  if (m === null) return undefined
  const n = Number(m[1]) * (UNIT_TO_PX[(m[2] ?? '').toLowerCase()] ?? 1)
  return Number.isFinite(n) && n > 0 ? n : undefined
}

function attr(tag: string, name: string): string | undefined {
  const m = new RegExp(`\\s${name}\\s*=\\s*("([^"]*)"|'([^']*)')`, 'i').exec(tag)
  return m === null ? undefined : (m[2] ?? m[3])
}

function normalizeSvg(bytes: Buffer): NormalizedLogo {
  const svg = bytes.toString('utf8').replace(/^\uFEFF/, '')
  if (/<script[\s>]/i.test(svg) || /\son[a-z]+\s*=/i.test(svg)) {
    throw new LogoError('The SVG logo contains scripts; export it again as plain SVG.')
  }
  // Only same-document references (#id) and inline data: images; nothing is fetched at export.
  const hrefs = [...svg.matchAll(/\s(?:xlink:)?href\s*=\s*("([^"]*)"|'([^']*)')/gi)]
  for (const h of hrefs) {
    const target = (h[2] ?? h[3] ?? '').trim()
    if (!target.startsWith('#') && !/^data:image\/(png|jpe?g);base64,/i.test(target)) {
      throw new LogoError(
        'The SVG logo links to an external file or URL; embed the image or convert the logo to PNG.',
      )
    }
  }
  // pdfmake draws SVG <text> with one registered family (Roboto = Noto Sans) and no fallback.
  const textContent = [...svg.matchAll(/<text\b[^>]*>([\s\S]*?)<\/text>/gi)]
    .map((m) => (m[1] ?? '').replace(/<[^>]*>/g, ''))
    .join('')
  const undrawable = [...new Set(textContent.normalize('NFC'))].filter(
    (ch) => !isIgnorable(ch) && !familyCovers(0, ch.codePointAt(0) ?? 0),
  )
  if (undrawable.length > 0) {
    throw new LogoError(
      `The SVG logo's text uses characters the PDF cannot draw in a logo (${undrawable.join(' ')}); convert the text to outlines or upload a PNG.`,
    )
  }
  const open = /<svg\b[^>]*>/i.exec(svg)
  if (open === null) throw new LogoError('The SVG logo has no <svg> element.')
  const tag = open[0]
  const viewBox = attr(tag, 'viewBox')
    ?.trim()
    .split(/[\s,]+/)
    .map(Number)
  const vbWidth = viewBox?.length === 4 ? viewBox[2] : undefined
  const vbHeight = viewBox?.length === 4 ? viewBox[3] : undefined
  let width = length(attr(tag, 'width'))
  let height = length(attr(tag, 'height'))
  if (width === undefined && height === undefined) {
    width = vbWidth
    height = vbHeight
  } else if (width === undefined && height !== undefined && vbWidth && vbHeight) {
    width = (height * vbWidth) / vbHeight
  } else if (height === undefined && width !== undefined && vbWidth && vbHeight) {
    height = (width * vbHeight) / vbWidth
  }
  if (width === undefined || height === undefined || !(width > 0 && height > 0)) {
    throw new LogoError(
      'The SVG logo has neither a width/height nor a viewBox, so it cannot be sized.',
    )
  }
  const w = Math.round(width * 100) / 100
  const h = Math.round(height * 100) / 100
  const sizedTag = tag
    .replace(/\s(width|height)\s*=\s*("[^"]*"|'[^']*')/gi, '')
    .replace(/^<svg\b/i, `<svg width="${w}" height="${h}"`)
  return { kind: 'svg', svg: svg.replace(tag, sizedTag), width: w, height: h }
}

const FORMAT_NAMES: Record<string, string> = {
  gif: 'GIF',
  webp: 'WebP',
  bmp: 'BMP',
  tiff: 'TIFF',
  heic: 'HEIC/HEIF',
  avif: 'AVIF',
  ico: 'ICO',
}

const memo = new Map<string, NormalizedLogo>()

/** Throws a `LogoError` whose message can be shown to the user as is. */
export function normalizeLogo(bytes: Buffer, mime: string): NormalizedLogo {
  if (bytes.length === 0) throw new LogoError('The logo file is empty.')
  if (bytes.length > MAX_LOGO_BYTES) {
    throw new LogoError(`The logo is ${(bytes.length / 1048576).toFixed(1)} MB; the limit is 5 MB.`)
  }
  const digest = createHash('sha256').update(bytes).digest('hex')
  const hit = memo.get(digest)
  if (hit !== undefined) return { ...hit }

  const kind = sniff(bytes)
  let result: NormalizedLogo
  if (kind === 'png') result = normalizePng(bytes)
  else if (kind === 'jpeg') result = normalizeJpeg(bytes)
  else if (kind === 'svg') result = normalizeSvg(bytes)
  else if (kind !== undefined) {
    throw new LogoError(`${FORMAT_NAMES[kind] ?? kind} logos are not supported. ${SUPPORTED}`)
  } else {
    const declared = mime.trim() === '' ? 'an unknown format' : `"${mime}"`
    throw new LogoError(`The logo file is not a PNG, JPEG or SVG image (${declared}). ${SUPPORTED}`)
  }
  if (memo.size >= 16) memo.clear()
  memo.set(digest, result)
  return { ...result }
}

/** For the upload path: `null` when the logo will export, otherwise a message for the user. */
export function validateLogo(bytes: Buffer, mime: string): string | null {
  try {
    normalizeLogo(bytes, mime)
    return null
  } catch (err) {
    if (err instanceof LogoError) return err.message
    return `The logo cannot be read: ${(err as Error).message}. ${SUPPORTED}`
  }
}
