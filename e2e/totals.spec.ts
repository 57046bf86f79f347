import { expect, test } from './fixtures.ts'

test('tax rounding, line and document discounts and tax-inclusive prices change the live totals', async ({
  page,
  app,
  proposals,
  editor,
}) => {
  await app.goto('proposals')
  await proposals.newProposal()
  await editor.setTitle('Totals rules')
  await editor.addFreeLine({ description: 'A', unitPrice: '55.55', taxes: ['23%'] })
  await editor.addFreeLine({ description: 'B', unitPrice: '11.11', taxes: ['23%'] })

  // Per document: round the tax once per rate (66.66 × 23 % = 15.3318 → 15.33).
  await expect(editor.totals.tax).toHaveText('15.33')
  // Per line: 12.7765 → 12.78 and 2.5553 → 2.56.
  await page.getByTestId('tax-rounding').getByText('Per line').click()
  await expect(editor.totals.tax).toHaveText('15.34')
  await expect(editor.totals.gross).toHaveText('€82.00')
  await page.getByTestId('tax-rounding').getByText('Per document').click()

  // An optional line is shown but not totalled.
  await editor.addFreeLine({ description: 'Extra', unitPrice: '1000', taxes: ['23%'] })
  await page.getByLabel('Line 3 optional').check()
  await expect(editor.totals.gross).toHaveText('€81.99')
  await expect(page.getByTestId('totals-optional')).toContainText('1,000.00')

  // 100.00 less 10 % at 20 % = 108.00.
  await page.getByRole('button', { name: 'Remove line 3' }).click()
  await page.getByRole('button', { name: 'Remove line 2' }).click()
  await page.getByLabel('Line 1 unit price').fill('100')
  await page.getByLabel('Line 1 discount percent').fill('10')
  await editor.setLineTaxes(0, ['20%'])
  await expect(editor.totals.gross).toHaveText('€108.00')

  // The same discount on the document instead of the line.
  await page.getByLabel('Line 1 discount percent').fill('0')
  await page.getByTestId('document-discount').fill('10')
  await expect(page.getByTestId('totals-discount')).toHaveText('−10.00')
  await expect(editor.totals.gross).toHaveText('€108.00')
  // On a negative subtotal (a credit) the discount adds back: one sign, never "−-".
  await page.getByLabel('Line 1 unit price').fill('-100')
  await expect(page.getByTestId('totals-discount')).toHaveText('+10.00')
  await page.getByLabel('Line 1 unit price').fill('100')

  // Tax-inclusive prices: 120.00 gross at 20 % is 100.00 net + 20.00 tax.
  await page.getByTestId('document-discount').fill('0')
  await page.getByLabel('Line 1 unit price').fill('120')
  await page.getByTestId('prices-include-tax').check()
  await expect(editor.totals.net).toHaveText('100.00')
  await expect(editor.totals.gross).toHaveText('€120.00')
})
