import { expect, test } from './fixtures.ts'

test('characters the bundled fonts cannot draw are reported before export and after it', async ({
  app,
  proposals,
  editor,
}) => {
  await app.goto('proposals')
  await proposals.newProposal()
  await editor.setTitle('Glyph check')
  await editor.addFreeLine({ description: 'Private use \uE000 mark', unitPrice: '10', taxes: [] })
  await editor.save()
  await editor.expectSaved()
  // Reported before any export, as soon as the text is saved.
  const before = app.page.getByTestId('pdf-coverage-warning')
  await expect(before).toBeVisible()
  await expect(before).toContainText('U+E000')
  await editor.exportPdf()
  await expect(editor.pdfResult).toBeVisible({ timeout: 60_000 })
  const warning = editor.pdfResult.getByTestId('pdf-missing-glyphs')
  await expect(warning).toBeVisible()
  await expect(warning).toContainText('U+E000')
  await expect(warning).toContainText('shown as �')
})
