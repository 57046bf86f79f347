import { deflateSync } from 'node:zlib'
import { PNG } from 'pngjs'
import { describe, expect, it } from 'vitest'

import { normalizeLogo, validateLogo, type NormalizedLogo } from './index.ts'
import {
  extractText,
  hasPoppler,
  hasQpdf,
  makeJpeg,
  qpdfCheck,
  rasterize,
  render,
} from './pdf-tools.test-support.ts'

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
  return c >>> 0
})

function crc32(buf: Buffer): number {
  let c = 0xffffffff
  for (const b of buf) c = (CRC_TABLE[(c ^ b) & 0xff] ?? 0) ^ (c >>> 8)
  return (c ^ 0xffffffff) >>> 0
}

function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4)
  len.writeUInt32BE(data.length)
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data])
  const crc = Buffer.alloc(4)
  crc.writeUInt32BE(crc32(body))
  return Buffer.concat([len, body, crc])
}

type Rgba = (x: number, y: number) => [number, number, number, number]

/** An Adam7-interlaced 8-bit RGBA PNG (pngjs only writes non-interlaced files). */
function interlacedPng(width: number, height: number, pixel: Rgba): Buffer {
  const passes = [
    [0, 0, 8, 8],
    [4, 0, 8, 8],
    [0, 4, 4, 8],
    [2, 0, 4, 4],
    [0, 2, 2, 4],
    [1, 0, 2, 2],
    [0, 1, 1, 2],
  ] as const
  const rows: Buffer[] = []
  for (const [x0, y0, dx, dy] of passes) {
    for (let y = y0; y < height; y += dy) {
      const row: number[] = [0]
      for (let x = x0; x < width; x += dx) row.push(...pixel(x, y))
      if (row.length > 1) rows.push(Buffer.from(row))
    }
  }
  const ihdr = Buffer.alloc(13)
  ihdr.writeUInt32BE(width, 0)
  ihdr.writeUInt32BE(height, 4)
  ihdr.set([8, 6, 0, 0, 1], 8) // 8-bit, RGBA, deflate, no filter method variants, Adam7
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(Buffer.concat(rows))),
    chunk('IEND', Buffer.alloc(0)),
  ])
}

function plainPng(width: number, height: number, pixel: Rgba): Buffer {
  const png = new PNG({ width, height })
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) png.data.set(pixel(x, y), (y * width + x) * 4)
  }
  return PNG.sync.write(png)
}

const stripes: Rgba = (x, y) => [(x * 8) % 256, (y * 8) % 256, 160, 255]
const fadingDisc: Rgba = (x, y) => {
  const d = Math.hypot(x - 24, y - 24)
  return [200, 30, 40, d > 24 ? 0 : Math.round(255 * (1 - d / 24))]
}

const SVG_LOGO = `<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 200 60">
  <rect x="0" y="0" width="200" height="60" rx="8" fill="#1a4d8f"/>
  <text x="100" y="40" font-family="Helvetica Neue, Arial" font-size="28" fill="#fff" text-anchor="middle">ACME</text>
</svg>`

const GIF_1PX = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64')
const WEBP_1PX = Buffer.from('UklGRhoAAABXRUJQVlA4TA0AAAAvAAAAEAcQERGIiP4HAA==', 'base64')

function logoNode(logo: NormalizedLogo): object {
  return logo.kind === 'svg' ? { svg: logo.svg, width: 150 } : { image: logo.dataUrl, width: 150 }
}

describe('normalizeLogo', () => {
  it('re-encodes an Adam7-interlaced PNG as a non-interlaced one with the same pixels', () => {
    const bytes = interlacedPng(40, 30, stripes)
    expect(bytes[28]).toBe(1)
    const logo = normalizeLogo(bytes, 'image/png')
    expect(logo).toMatchObject({ kind: 'image', width: 40, height: 30 })
    if (logo.kind !== 'image') throw new Error('expected an image')
    const out = Buffer.from(logo.dataUrl.replace('data:image/png;base64,', ''), 'base64')
    expect(out[28]).toBe(0)
    const decoded = PNG.sync.read(out)
    expect([...decoded.data.subarray(0, 4)]).toEqual(stripes(0, 0))
    const at = (13 * 40 + 7) * 4
    expect([...decoded.data.subarray(at, at + 4)]).toEqual(stripes(7, 13))
  })

  it('keeps a non-interlaced PNG byte for byte', () => {
    const bytes = plainPng(48, 48, fadingDisc)
    const logo = normalizeLogo(bytes, 'image/png')
    expect(logo).toEqual({
      kind: 'image',
      dataUrl: `data:image/png;base64,${bytes.toString('base64')}`,
      width: 48,
      height: 48,
    })
  })

  it('sizes an SVG from its viewBox and writes explicit width/height on the root', () => {
    const logo = normalizeLogo(Buffer.from(SVG_LOGO), 'image/svg+xml')
    expect(logo).toMatchObject({ kind: 'svg', width: 200, height: 60 })
    if (logo.kind !== 'svg') throw new Error('expected svg')
    expect(logo.svg).toContain('<svg width="200" height="60" xmlns=')
  })

  it('sniffs the real format instead of trusting the MIME type', () => {
    const bytes = plainPng(10, 10, stripes)
    const logo = normalizeLogo(bytes, 'image/jpeg')
    expect(logo.kind === 'image' && logo.dataUrl.startsWith('data:image/png;base64,')).toBe(true)
  })

  it('rejects GIF and WebP with a message naming the format and the accepted ones', () => {
    expect(() => normalizeLogo(GIF_1PX, 'image/gif')).toThrow(
      'GIF logos are not supported. Upload the logo as PNG, JPEG or SVG.',
    )
    expect(validateLogo(WEBP_1PX, 'image/webp')).toBe(
      'WebP logos are not supported. Upload the logo as PNG, JPEG or SVG.',
    )
  })

  it('rejects unknown bytes, empty files, damaged PNGs and SVGs that reach outside', () => {
    expect(validateLogo(Buffer.from('hello'), 'text/plain')).toBe(
      'The logo file is not a PNG, JPEG or SVG image ("text/plain"). Upload the logo as PNG, JPEG or SVG.',
    )
    expect(validateLogo(Buffer.alloc(0), 'image/png')).toBe('The logo file is empty.')
    const damaged = plainPng(20, 20, stripes)
    const at = damaged.length - 20
    damaged[at] = (damaged[at] ?? 0) ^ 0xff
    expect(validateLogo(damaged, 'image/png')).toMatch(/^The PNG logo cannot be read: /)
    const remote = SVG_LOGO.replace('<rect', '<image href="https://evil.example/x.png"/><rect')
    expect(validateLogo(Buffer.from(remote), 'image/svg+xml')).toMatch(/links to an external file/)
    const hebrew = SVG_LOGO.replace('>ACME<', '>שלום<')
    expect(validateLogo(Buffer.from(hebrew), 'image/svg+xml')).toMatch(
      /^The SVG logo's text uses characters the PDF cannot draw in a logo \(ש ל ו ם\)/,
    )
    const scripted = SVG_LOGO.replace('<rect', '<script>alert(1)</script><rect')
    expect(validateLogo(Buffer.from(scripted), 'image/svg+xml')).toMatch(/contains scripts/)
  })

  it('returns null from validateLogo for every supported kind', () => {
    expect(validateLogo(interlacedPng(8, 8, stripes), 'image/png')).toBeNull()
    expect(validateLogo(Buffer.from(SVG_LOGO), 'image/svg+xml')).toBeNull()
  })
})

describe.skipIf(!hasPoppler || !hasQpdf)('logos render into a valid PDF', () => {
  const cases: [string, () => Promise<Buffer> | Buffer, string][] = [
    ['interlaced PNG', () => interlacedPng(40, 30, stripes), 'image/png'],
    ['transparent PNG', () => plainPng(48, 48, fadingDisc), 'image/png'],
    ['JPEG', makeJpeg, 'image/jpeg'],
    ['SVG with text', () => Buffer.from(SVG_LOGO), 'image/svg+xml'],
  ]
  for (const [name, make, mime] of cases) {
    it(`${name}: qpdf --check is clean`, async () => {
      const logo = normalizeLogo(await make(), mime)
      const pdf = await render([logoNode(logo), { text: 'After the logo' }])
      const check = qpdfCheck(pdf)
      expect(check.output).toContain('No syntax or stream encoding errors found')
      expect(check.status).toBe(0)
      expect(extractText(pdf)).toContain('After the logo')
      rasterize(pdf, `logo-${name.replace(/\W+/g, '-')}`)
    })
  }

  it('SVG <text> with an unregistered font family is drawn with Noto Sans and extracts', async () => {
    const logo = normalizeLogo(Buffer.from(SVG_LOGO), 'image/svg+xml')
    const pdf = await render([logoNode(logo)])
    expect(extractText(pdf)).toBe('ACME')
  })
})
