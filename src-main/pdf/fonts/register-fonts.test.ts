import { createHash } from 'node:crypto'
import fs from 'node:fs'
import { describe, expect, it } from 'vitest'

import { pdfmake, render } from '../text/pdf-tools.test-support.ts'
import { FONT_FAMILIES, allFontFiles, fontFace, resolveFontPath } from './font-catalog.ts'
import { registerFonts } from './register-fonts.ts'
import { fontAssetsHash } from '../text/index.ts'

describe('registerFonts', () => {
  it('registers every family with all four styles, plus Roboto as an alias of Noto Sans', () => {
    const dict = registerFonts(pdfmake)
    expect(Object.keys(dict).sort()).toEqual(
      [...FONT_FAMILIES.map((f) => f.family), 'Roboto'].sort(),
    )
    for (const styles of Object.values(dict)) {
      expect(Object.keys(styles).sort()).toEqual(['bold', 'bolditalics', 'italics', 'normal'])
    }
    expect(dict.Roboto).toEqual(dict.NotoSans)
    expect(dict.NotoSans?.bold).toBe('fonts/NotoSans_700Bold.ttf')
  })

  it('writes each font file into the virtual FS once and keeps the same buffer afterwards', () => {
    registerFonts(pdfmake)
    const before = allFontFiles().map((s) => pdfmake.virtualfs.readFileSync(s.key))
    let writes = 0
    const real = pdfmake.virtualfs.writeFileSync.bind(pdfmake.virtualfs)
    pdfmake.virtualfs.writeFileSync = (name, content) => {
      writes++
      real(name, content)
    }
    try {
      registerFonts(pdfmake)
      registerFonts(pdfmake)
    } finally {
      pdfmake.virtualfs.writeFileSync = real
    }
    expect(writes).toBe(0)
    const after = allFontFiles().map((s) => pdfmake.virtualfs.readFileSync(s.key))
    after.forEach((buf, i) => expect(buf).toBe(before[i]))
  })

  it('reuses the parsed fontkit faces in every document instead of re-parsing', async () => {
    registerFonts(pdfmake)
    const spec = FONT_FAMILIES[0]!.styles.normal
    const faces = []
    for (let i = 0; i < 2; i++) {
      const doc = await pdfmake
        .createPdf({ content: [{ text: `doc ${i}` }], defaultStyle: { font: 'NotoSans' } })
        .getStream()
      faces.push(doc._fontFamilies[spec.key]?.font)
    }
    expect(faces[0]).toBe(fontFace(spec))
    expect(faces[1]).toBe(faces[0])
  })

  it('denies remote URLs and local file paths in documents', async () => {
    await expect(
      render([{ image: 'logo' }], { images: { logo: 'https://example.com/logo.png' } }),
    ).rejects.toThrow(/Access to URL denied/)
    await expect(render([{ image: '/etc/hostname' }])).rejects.toThrow(
      /Access to local file denied/,
    )
  })

  it('renders documents that never name a font (pdfmake default Roboto -> Noto Sans)', async () => {
    registerFonts(pdfmake)
    const pdf = await pdfmake.createPdf({ content: ['Default font'] }).getBuffer()
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-')
  })
})

describe('fontAssetsHash', () => {
  it('is the SHA-256 over the names and bytes of every shipped font file', () => {
    const h = createHash('sha256')
    for (const spec of allFontFiles()) {
      h.update(spec.key)
      h.update('\0')
      h.update(fs.readFileSync(resolveFontPath(spec)))
    }
    expect(fontAssetsHash()).toBe(h.digest('hex'))
    expect(fontAssetsHash()).toMatch(/^[0-9a-f]{64}$/)
  })
})

describe('font files', () => {
  it('are static TrueType files from node_modules', () => {
    for (const spec of allFontFiles()) {
      const path = resolveFontPath(spec)
      expect(path).toMatch(/node_modules\/@expo-google-fonts\/.+\.ttf$/)
      const head = fs.readFileSync(path).subarray(0, 4)
      expect(head.readUInt32BE(0)).toBe(0x00010000) // TrueType outlines, not OTF/CFF or WOFF
    }
  })
})
