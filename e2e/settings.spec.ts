import { expect, test } from './fixtures.ts'

test('settings: company profile and defaults are saved and used by a new proposal', async ({
  page,
  app,
  proposals,
  editor,
}) => {
  await app.goto('settings')
  await page.getByTestId('settings-company-name').fill('Northwind Studio')
  await page.getByTestId('settings-address').fill('1 Harbour Road\nBristol')
  await page.getByTestId('settings-tax-rate').fill('19')
  await page.getByTestId('settings-validity').fill('14')

  // A series without a sequence token is refused by name and nothing is saved.
  await page.getByTestId('settings-series').fill('Q-{YYYY}')
  await page.getByTestId('settings-save').click()
  await expect(editor.errorFor(page.getByTestId('settings-series'))).toContainText(
    'Numbering series:',
  )
  await page.getByTestId('settings-series').fill('Q-{YYYY}-{SEQ:3}')
  // An example of the pattern, not a claim about the next number.
  await expect(page.getByText(/Numbers follow this pattern, e\.g\. Q-\d{4}-001/)).toBeVisible()
  await page.getByTestId('settings-save').click()
  await expect(app.notification('Settings saved')).toBeVisible()

  await page.reload()
  await expect(page.getByTestId('settings-company-name')).toHaveValue('Northwind Studio')
  await expect(page.getByTestId('settings-tax-rate')).toHaveValue('19')
  await expect(page.getByTestId('settings-series')).toHaveValue('Q-{YYYY}-{SEQ:3}')

  await app.goto('proposals')
  await proposals.newProposal()
  await editor.setTitle('Uses the defaults')
  await page.getByTestId('add-line').click()
  await expect(editor.line(0).getByTestId('line-taxes').locator('xpath=..')).toContainText('19%')
  await page.getByLabel('Line 1 description').fill('Work')
  await page.getByLabel('Line 1 unit price').fill('138.66')
  await expect(editor.totals.tax).toHaveText('26.35')
  await expect(editor.totals.gross).toHaveText('€165.01')
  await editor.save()
  await editor.expectSaved()
  await expect(editor.number).toHaveText(/^Q-\d{4}-\d{3}$/)
})

test('logo upload: the server rejects a fake PNG by name, a real SVG shows in the preview', async ({
  page,
  app,
}) => {
  await app.goto('settings')
  const input = page.locator('input[type="file"]')
  await input.setInputFiles({
    name: 'logo.png',
    mimeType: 'image/png',
    buffer: Buffer.from('this is not a png'),
  })
  await expect(page.getByTestId('logo-error')).toHaveText('Logo: not a PNG image')
  await expect(page.getByTestId('logo-preview').locator('img')).toHaveCount(0)

  const svg =
    '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20"><rect width="40" height="20" fill="#3b5bdb"/></svg>'
  await input.setInputFiles({
    name: 'logo.svg',
    mimeType: 'image/svg+xml',
    buffer: Buffer.from(svg),
  })
  await expect(page.getByTestId('logo-error')).toBeHidden()
  await expect(page.getByTestId('logo-preview').locator('img')).toBeVisible()
  await expect(page.getByTestId('logo-upload')).toHaveText('Replace logo')
})
