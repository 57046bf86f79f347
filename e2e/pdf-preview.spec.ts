import { expect, test } from './fixtures.ts'
import { PdfPreviewPage } from './pages/pdf-preview.page.ts'
import { line, rpc, seedProposal } from './seed.ts'

test('the preview draws every page of the exported PDF inside the app', async ({
  page,
  app,
  host,
  editor,
}) => {
  const lines = Array.from({ length: 45 }, (_, i) =>
    line(`Workstream ${i + 1}: discovery, design and delivery`, `${100 + i}.50`),
  )
  const p = await seedProposal(host, { lines })
  const exported = await rpc<{ pages: number }>(host, 'pdf.export', { proposalId: p.id })
  expect(exported.pages).toBeGreaterThan(1)

  await page.goto(`${app.url}#/proposals/${p.id}`)
  await expect(editor.number).toHaveText(p.number)
  await page.screenshot({ path: '/tmp/shots2/editor.png' })
  const preview = new PdfPreviewPage(page)
  await preview.open()
  await expect(preview.count).toHaveText(`${exported.pages} pages`)
  await expect(preview.pages).toHaveCount(exported.pages)
  await preview.expectDrawn(1)
  await page.screenshot({ path: '/tmp/shots2/preview.png' })
  await preview.expectDrawn(exported.pages)
  // A drawn page is a real image: its canvas is not blank.
  const inked = await preview.pages
    .nth(0)
    .locator('canvas')
    .evaluate((c: HTMLCanvasElement) => {
      const d = c.getContext('2d')?.getImageData(0, 0, c.width, c.height).data ?? []
      let dark = 0
      for (let i = 0; i < d.length; i += 4) if ((d[i] ?? 255) < 128) dark++
      return dark
    })
  expect(inked).toBeGreaterThan(1000)

  await preview.regenerate()
  await expect(preview.pages).toHaveCount(exported.pages)
  await preview.expectDrawn(1)
  await preview.close()
})
