// Font report and specimen: which font files ship (with sizes), what a fresh worker pays to load
// and parse them, and a one-page PDF + PNG with every supported script for visual review.
//
//   node scripts/fonts-specimen.mjs [outDir]      (default: /tmp/fonts-specimen)
//
// Prints one JSON object as its last line.
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads'

import { tsImport } from 'tsx/esm/api'

const SPECIMEN = [
  ['Latin', 'Proposal for ACME GmbH: Straße, café, naïve, Øresund, Łódź — 1.250,00 €'],
  ['Vietnamese', 'Tiếng Việt có dấu: Báo giá cho công ty'],
  ['Turkish', 'İstanbul ığdır şç ĞÜÖ — Teklif'],
  ['Greek', 'Ελληνικά: Προσφορά για την εταιρεία'],
  ['Cyrillic', 'Русский: Коммерческое предложение; Україна'],
  ['Chinese', '简体中文报价单，繁體中文報價單'],
  ['Japanese', '日本語のお見積書です。カタカナ'],
  ['Korean', '한국어 견적서입니다'],
  ['Arabic', 'عرض سعر لشركة أكمي بقيمة 250 دولار'],
  ['Hebrew', 'הצעת מחיר (חודשית) לחברת ACME: 1,250.00 ₪'],
  ['Devanagari', 'नमस्ते दुनिया — क्षत्रिय, प्रस्ताव'],
  ['Thai', 'สวัสดีครับ ใบเสนอราคา'],
  ['Emoji', 'Emoji: 😀 👍 🎉 ✅ ❤️ 👨‍👩‍👧 🇩🇪 1️⃣'],
  ['Mixed', 'Invoice for שלום עולם is ready; السعر 2026 دولار'],
]

async function workerMain() {
  const t0 = performance.now()
  // Workers do not inherit the parent's loader hooks; tsx's scoped loader compiles the TS here.
  const text = await tsImport('../src-main/pdf/text/index.ts', import.meta.url)
  const catalog = await tsImport('../src-main/pdf/fonts/font-catalog.ts', import.meta.url)
  const require = createRequire(import.meta.url)
  const pdfmake = require('pdfmake')
  const tImport = performance.now()
  text.registerFonts(pdfmake)
  const tRegister = performance.now()

  const parse = {}
  for (const fam of catalog.FONT_FAMILIES) {
    const t = performance.now()
    const face = catalog.fontFace(fam.styles.normal)
    face.hasGlyphForCodePoint(0x41)
    face.layout('Aa')
    parse[fam.family] = Math.round((performance.now() - t) * 10) / 10
  }

  const doc = () => ({
    content: [
      { text: 'ProposalDesk font specimen', fontSize: 16, bold: true, margin: [0, 0, 0, 8] },
      ...SPECIMEN.flatMap(([name, sample]) => [
        { text: name, fontSize: 8, color: '#666', margin: [0, 6, 0, 0] },
        { text: text.richText(sample), fontSize: 13 },
        { text: text.richText(sample, { bold: true }), fontSize: 13 },
      ]),
    ],
    defaultStyle: { font: 'NotoSans' },
    info: { creationDate: new Date(Date.UTC(2026, 0, 1)) },
  })
  let t = performance.now()
  const pdf = await pdfmake.createPdf(doc()).getBuffer()
  const cold = performance.now() - t
  const warm = []
  for (let i = 0; i < 8; i++) {
    t = performance.now()
    await pdfmake.createPdf(doc()).getBuffer()
    warm.push(performance.now() - t)
  }
  warm.sort((a, b) => a - b)
  parentPort.postMessage({
    pdf,
    timings: {
      importMs: Math.round(tImport - t0),
      registerFontsMs: Math.round(tRegister - tImport),
      firstUseParseMs: parse,
      coldSpecimenMs: Math.round(cold),
      warmSpecimenP50Ms: Math.round(warm[Math.floor(warm.length / 2)]),
      missing: text.findMissingGlyphs(SPECIMEN.map(([, s]) => s)),
    },
  })
}

async function main() {
  const outDir = process.argv[2] ?? '/tmp/fonts-specimen'
  fs.mkdirSync(outDir, { recursive: true })
  const catalog = await tsImport('../src-main/pdf/fonts/font-catalog.ts', import.meta.url)
  const files = catalog.allFontFiles().map((spec) => {
    const p = catalog.resolveFontPath(spec)
    return { key: spec.key, bytes: fs.statSync(p).size }
  })
  const totalBytes = files.reduce((s, f) => s + f.bytes, 0)

  const result = await new Promise((resolve, reject) => {
    const w = new Worker(new URL(import.meta.url), { workerData: { worker: true } })
    w.once('message', resolve)
    w.once('error', reject)
  })
  const pdfPath = path.join(outDir, 'fonts-specimen.pdf')
  fs.writeFileSync(pdfPath, Buffer.from(result.pdf))
  let png = null
  try {
    execFileSync('pdftoppm', [
      '-r',
      '110',
      '-png',
      '-singlefile',
      pdfPath,
      path.join(outDir, 'fonts-specimen'),
    ])
    png = path.join(outDir, 'fonts-specimen.png')
  } catch {
    png = 'pdftoppm not available'
  }
  console.log(
    JSON.stringify({
      files,
      totalMb: Math.round(totalBytes / 1e5) / 10,
      ...result.timings,
      pdf: pdfPath,
      png,
    }),
  )
  process.exit(0)
}

if (isMainThread) await main()
else if (workerData?.worker) await workerMain()
