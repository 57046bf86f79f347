/**
 * Every string of the Big List of Naughty Strings, used as a client name and as a line
 * description, renders in the exported PDF: text extraction finds it, except characters no
 * bundled font can draw — and those are listed in the export result, never silently dropped.
 */
import fs from 'node:fs'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { startInProcessHost, type InProcessHost } from '../hosts/in-process.ts'
import { pageTexts } from './pdf-test-utils.ts'

const BLNS = JSON.parse(
  fs.readFileSync(
    new URL('../../src-shared/interchange/fixtures/blns.json', import.meta.url),
    'utf8',
  ),
) as string[]

/**
 * What a reader sees: no whitespace, controls, format or default-ignorable characters (ZWJ,
 * variation selectors, CGJ). Two things the monochrome PDF cannot carry are also left out, and
 * README "PDF" says so: emoji skin-tone modifiers (the monochrome emoji font draws the base
 * figure, and its ToUnicode entry is the base's) — and repeated identical combining marks,
 * which are drawn but which pdftotext drops as duplicate glyphs at the same position.
 */
function visible(s: string, missing: ReadonlySet<string> = new Set()): string {
  return [...s.normalize('NFC')]
    .filter(
      (c) =>
        !/[\s\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Default_Ignorable_Code_Point}\p{Emoji_Modifier}\u{FFFD}]/u.test(
          c,
        ) && !missing.has(c),
    )
    .join('')
    .replace(/(\p{M})\1+/gu, '$1')
}

// Right-to-left and shaping scripts come out of pdftotext in visual, not logical, order (and
// combining marks may move): for those, check every character is there, not their sequence.
// Emoji ZWJ sequences and regional-indicator flags are drawn as ligature glyphs whose text
// pdftotext may give back in another grouping.
const REORDERED =
  /[\p{Script=Hebrew}\p{Script=Arabic}\p{Script=Devanagari}\p{Script=Thai}\p{M}\p{Regional_Indicator}\u200D]/u

let host: InProcessHost
beforeAll(async () => {
  host = await startInProcessHost({ config: { pdfWorkers: 2 } })
})
afterAll(async () => {
  await host.close()
})

test('every naughty string renders in the PDF as client name and line description', async () => {
  const failures: string[] = []
  let reportedMissing = 0
  const check = async (s: string): Promise<void> => {
    const clientName = s.trim() === '' ? 'Blank-name placeholder' : s
    const client = await host.invoke('clients.create', { name: clientName })
    if (!client.ok) throw new Error(client.error.message)
    const proposal = await host.invoke('proposals.create', {
      title: 'blns',
      clientId: client.value.id,
      currency: 'EUR',
      lines: [{ description: s, quantity: '1', unitPrice: '1', taxes: [] }],
    })
    if (!proposal.ok) throw new Error(proposal.error.message)
    const result = await host.app.pdf.export(proposal.value.id)
    const bytes = fs.readFileSync(await host.app.pdf.pathFor(proposal.value.id))
    const missing = new Set(result.missingGlyphs.map((g) => g.char))
    // An emoji ZWJ sequence is drawn as one ligature glyph; its text may be the base only.
    const want = visible(s.replace(/\u200D\p{Extended_Pictographic}/gu, ''), missing)
    const raw = pageTexts(bytes).join('\n')
    if (missing.size > 0) {
      // Reported AND drawn as a visible replacement mark, never an empty box.
      reportedMissing += missing.size
      if (!raw.includes('\uFFFD')) failures.push(`${JSON.stringify(s)}: missing glyphs not marked`)
    }
    const text = visible(raw)
    // Client block and pricing table: the string appears (at least) twice.
    const times = s.trim() === '' ? 1 : 2
    if (REORDERED.test(s)) {
      // Decomposed, and as a set: pdftotext reorders these and drops repeated marks drawn at
      // the same spot, so only presence can be checked.
      const have = new Set(text.normalize('NFD'))
      const lost = [...new Set(want.normalize('NFD'))].filter((c) => !have.has(c))
      if (lost.length > 0) failures.push(`${JSON.stringify(s)}: ${JSON.stringify(lost)} missing`)
    } else if (want !== '' && text.split(want).length - 1 < times) {
      failures.push(`${JSON.stringify(s)} not found ${times}× in the PDF text`)
    }
  }
  const queue = [...BLNS]
  await Promise.all(
    [0, 1, 2, 3].map(async () => {
      for (let s = queue.shift(); s !== undefined; s = queue.shift()) await check(s)
    }),
  )
  expect(failures).toEqual([])
  console.info(`characters no bundled font draws, reported and marked: ${reportedMissing}`)
}, 600_000)
