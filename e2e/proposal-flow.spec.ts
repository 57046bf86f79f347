import { expect, test } from './fixtures.ts'

test('a client, a product and a proposal with three lines: totals on screen, PDF rendered then cached', async ({
  page,
  app,
  clients,
  products,
  proposals,
  editor,
}) => {
  await app.goto('clients')
  await clients.create({
    name: 'Acme Industries GmbH',
    contactName: 'Dana Weber',
    email: 'dana@acme.example',
  })

  await app.goto('products')
  await products.create({
    sku: 'CONS-DAY',
    name: 'Consulting day',
    unit: 'day',
    unitPrice: '299.33',
    currency: 'EUR',
    taxes: ['20%'],
  })

  await app.goto('proposals')
  await proposals.newProposal()
  await editor.setTitle('Website relaunch')
  await editor.pickClient('Acme Industries GmbH')
  await editor.addProduct('Consulting day')
  await editor.addFreeLine({
    description: 'Design workshop',
    quantity: '1',
    unitPrice: '179.33',
    taxes: ['20%'],
  })
  await editor.addFreeLine({
    description: 'Hosting, first year',
    quantity: '1',
    unitPrice: '99.34',
    taxes: ['20%'],
  })

  // Live totals from the shared calculator, before anything is saved.
  await expect(editor.lines).toHaveCount(3)
  await expect(editor.lineNet(0)).toHaveText('299.33')
  await expect(editor.lineNet(1)).toHaveText('179.33')
  await expect(editor.lineNet(2)).toHaveText('99.34')
  await expect(editor.totals.net).toHaveText('578.00')
  await expect(editor.totals.taxRows).toHaveCount(1)
  await expect(editor.totals.taxRows.first()).toContainText('20% on 578.00')
  await expect(editor.totals.tax).toHaveText('115.60')
  await expect(editor.totals.gross).toHaveText('€693.60')

  await page.keyboard.press('Control+s')
  await editor.expectSaved()
  const number = (await editor.number.textContent()) ?? ''

  // After a reload the stored proposal shows the same totals.
  await page.reload()
  await expect(editor.totals.gross).toHaveText('€693.60')
  await expect(editor.totals.tax).toHaveText('115.60')

  // First export renders, with progress events shown while it runs.
  await editor.exportPdf()
  await expect(editor.pdfResult).toBeVisible({ timeout: 60_000 })
  await expect(editor.pdfResult).toHaveAttribute('data-cached', 'false')
  await expect(editor.pdfResult).toContainText('rendered')
  await expect(editor.pdfPanel).toHaveAttribute('data-phases', /rendering|done/)

  // Exporting the unchanged proposal again returns the stored file.
  await editor.exportPdf()
  await expect(editor.pdfResult).toHaveAttribute('data-cached', 'true', { timeout: 30_000 })
  await expect(editor.pdfResult).toContainText('cached')

  // "Regenerate" renders anew even though nothing changed.
  await page.getByTestId('pdf-regenerate').click()
  await expect(editor.pdfResult).toHaveAttribute('data-cached', 'false', { timeout: 60_000 })

  // "Open" on the browser host opens the PDF URL in a new tab; the file is a real PDF.
  const [tab] = await Promise.all([
    page.context().waitForEvent('page'),
    page.getByTestId('pdf-open').click(),
  ])
  await expect.poll(() => tab.url()).toContain('/files/pdf/')
  const pdf = await page.request.get(tab.url())
  expect(pdf.headers()['content-type']).toContain('application/pdf')
  expect((await pdf.body()).subarray(0, 5).toString('latin1')).toBe('%PDF-')
  await tab.close()

  // "Show file" on the browser host cannot open a file manager: it tells where the file is.
  await page.getByTestId('pdf-reveal').click()
  await expect(app.notification(/\.pdf/)).toBeVisible()

  // The list shows the proposal with the same total.
  await app.goto('proposals')
  await expect(proposals.row(number)).toContainText('Website relaunch')
  await expect(proposals.row(number)).toContainText('Acme Industries GmbH')
  await expect(proposals.row(number).getByTestId('row-total')).toHaveText('€693.60')
})
