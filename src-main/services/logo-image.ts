import { LOGO_MIMES } from '../../src-shared/ipc/schemas.ts'
import type { FieldIssue } from '../../src-shared/ipc/result.ts'

export const MAX_LOGO_BYTES = 2 * 1024 * 1024
export type LogoMime = (typeof LOGO_MIMES)[number]

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])
const BASE64_RE = /^[A-Za-z0-9+/]*={0,2}$/

/**
 * Decodes and checks an uploaded logo. Only real PNG, JPEG and SVG files pass: the bytes must
 * match the declared type (magic bytes, PNG header fields, an `<svg` root), so a renamed file or a
 * truncated upload is rejected here instead of breaking every later PDF export.
 */
export type LogoCheck =
  { ok: true; bytes: Buffer; mime: LogoMime } | { ok: false; issues: FieldIssue[] }

export function checkLogo(mime: string, dataBase64: string): LogoCheck {
  const fail = (path: 'mime' | 'dataBase64', message: string): LogoCheck => ({
    ok: false,
    issues: [{ path, message }],
  })
  const type = mime.trim().toLowerCase()
  if (!(LOGO_MIMES as readonly string[]).includes(type)) {
    return fail('mime', `unsupported image type "${mime}"; use PNG, JPEG or SVG`)
  }
  const logoMime = type as LogoMime
  // Accept a data URL too: that is what a browser FileReader hands the renderer.
  const payload = dataBase64.replace(/^data:[^,]*;base64,/, '').replace(/\s+/g, '')
  if (payload.length === 0) return fail('dataBase64', 'is empty')
  if (payload.length % 4 !== 0 || !BASE64_RE.test(payload)) {
    return fail('dataBase64', 'not valid base64')
  }
  const bytes = Buffer.from(payload, 'base64')
  if (bytes.length > MAX_LOGO_BYTES) return fail('dataBase64', 'logo too large (max 2 MB)')
  const problem =
    logoMime === 'image/png'
      ? pngProblem(bytes)
      : logoMime === 'image/jpeg'
        ? jpegProblem(bytes)
        : svgProblem(bytes)
  if (problem) return fail('dataBase64', problem)
  return { ok: true, bytes, mime: logoMime }
}

function pngProblem(bytes: Buffer): string | null {
  if (bytes.length < 33 || !bytes.subarray(0, 8).equals(PNG_SIGNATURE)) return 'not a PNG image'
  // The first chunk must be a 13-byte IHDR (PNG spec §11.2.2).
  if (bytes.readUInt32BE(8) !== 13 || bytes.toString('latin1', 12, 16) !== 'IHDR') {
    return 'not a PNG image (missing IHDR header)'
  }
  const width = bytes.readUInt32BE(16)
  const height = bytes.readUInt32BE(20)
  const bitDepth = bytes[24] ?? 0
  const colorType = bytes[25] ?? 0
  if (width === 0 || height === 0 || width > 0x7fffffff || height > 0x7fffffff) {
    return 'PNG has an invalid size'
  }
  const allowedDepths: Record<number, number[]> = {
    0: [1, 2, 4, 8, 16],
    2: [8, 16],
    3: [1, 2, 4, 8],
    4: [8, 16],
    6: [8, 16],
  }
  if (!allowedDepths[colorType]?.includes(bitDepth))
    return 'PNG has an invalid colour type or bit depth'
  if (!bytes.includes(Buffer.from('IEND', 'latin1'))) return 'PNG is truncated (no IEND chunk)'
  return null
}

function jpegProblem(bytes: Buffer): string | null {
  if (bytes.length < 4 || bytes[0] !== 0xff || bytes[1] !== 0xd8 || bytes[2] !== 0xff) {
    return 'not a JPEG image'
  }
  return null
}

function svgProblem(bytes: Buffer): string | null {
  let text: string
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  } catch {
    return 'not an SVG image (not UTF-8 text)'
  }
  // Skip a BOM, the XML prolog, comments and a doctype before the root element.
  const head = text
    .replace(/^\uFEFF/, '')
    .replace(/^\s*(<\?xml[\s\S]*?\?>|<!--[\s\S]*?-->|<!DOCTYPE[^>]*>|\s+)*/i, '')
  if (!/^<svg[\s>/]/i.test(head)) return 'not an SVG image (no <svg> root element)'
  if (/<script[\s>/]/i.test(text)) return 'SVG logos must not contain scripts'
  return null
}
