import { expect, test } from './fixtures.ts'

test('an invalid quantity shows an inline error naming the field and saves nothing', async ({
  page,
  app,
  proposals,
  editor,
}) => {
  await app.goto('proposals')
  await proposals.newProposal()
  await editor.setTitle('Validation check')
  await editor.addFreeLine({
    description: 'Support hours',
    quantity: '2',
    unitPrice: '50',
    taxes: ['20%'],
  })
  await editor.save()
  await editor.expectSaved()
  const number = (await editor.number.textContent()) ?? ''
  await expect(editor.totals.gross).toHaveText('€120.00')

  const qty = editor.quantity(0)
  await qty.fill('abc')
  await expect(editor.lineErrors(0)).toHaveText('Quantity: not a decimal number')
  // The message is tied to the input for screen readers.
  const describedBy = await qty.getAttribute('aria-describedby')
  expect(describedBy).toBeTruthy()
  await expect(page.locator(`[id="${describedBy}"]`)).toHaveText('Quantity: not a decimal number')
  await expect(qty).toHaveAttribute('aria-invalid', 'true')
  // The line drops out of the live totals instead of showing a wrong amount.
  await expect(page.getByTestId('totals-excluded')).toBeVisible()

  await editor.save()
  await expect(editor.saveError).toContainText('Nothing was saved')
  await expect(editor.saveError).toContainText('Line 1 quantity: not a decimal number')
  await expect(editor.root).toHaveAttribute('data-dirty', 'true')

  // Reload (accepting the unsaved-changes prompt): the stored line is unchanged.
  page.on('dialog', (d) => void d.accept())
  await page.reload()
  await expect(editor.quantity(0)).toHaveValue('2')
  await expect(editor.totals.gross).toHaveText('€120.00')
  await expect(editor.root).toHaveAttribute('data-dirty', 'false')

  await app.goto('proposals')
  await expect(proposals.row(number).getByTestId('row-total')).toHaveText('€120.00')
})

test('leaving the editor with unsaved changes asks first', async ({
  page,
  app,
  proposals,
  editor,
}) => {
  await app.goto('proposals')
  await proposals.newProposal()
  await editor.setTitle('Never saved')
  await page.getByTestId('nav-clients').click()
  await expect(page.getByRole('dialog')).toContainText('Discard unsaved changes?')
  await page.getByTestId('confirm-cancel').click()
  await expect(editor.root).toBeVisible()
  await page.getByTestId('nav-clients').click()
  await app.confirmDialog()
  await expect(app.title).toHaveText('Clients')
  await app.goto('proposals')
  await expect(proposals.row('Never saved')).toHaveCount(0)
})

test('the browser back button asks too when the editor has unsaved changes', async ({
  page,
  app,
  proposals,
  editor,
}) => {
  await app.goto('proposals')
  await proposals.open('Sample')
  await editor.setTitle('Edited, not saved')
  await page.goBack()
  await expect(page.getByRole('dialog')).toContainText('Discard unsaved changes?')
  await page.getByTestId('confirm-cancel').click()
  await expect(editor.root).toBeVisible()
  await expect(page.getByTestId('proposal-title')).toHaveValue('Edited, not saved')
  await page.getByTestId('nav-proposals').click()
  await app.confirmDialog()
  await expect(proposals.row('Sample')).toBeVisible()
  await expect(proposals.row('Edited, not saved')).toHaveCount(0)
})

test('a validation error from the server is shown on the field its path names', async ({
  page,
  app,
  proposals,
  editor,
}) => {
  await app.goto('proposals')
  await proposals.newProposal()
  await editor.setTitle('Server says no')
  await editor.addFreeLine({ description: 'Item', unitPrice: '5', taxes: ['20%'] })
  await editor.save()
  await editor.expectSaved()

  // Rules only the server knows (e.g. a frozen field) come back as issues with paths.
  await page.route('**/rpc/proposals.update', (route) =>
    route.fulfill({
      status: 200,
      contentType: 'application/json',
      body: JSON.stringify({
        ok: false,
        error: {
          code: 'validation',
          message: 'patch.lines[0].unitPrice: below the price floor',
          details: {
            issues: [{ path: 'patch.lines[0].unitPrice', message: 'below the price floor' }],
          },
        },
      }),
    }),
  )
  await page.getByLabel('Line 1 unit price').fill('4')
  await editor.save()
  await expect(editor.lineErrors(0)).toHaveText('Unit price: below the price floor')
  await expect(editor.saveError).toContainText('Line 1 unit price: below the price floor')
  await expect(page.getByLabel('Line 1 unit price')).toHaveAttribute('aria-invalid', 'true')
  await expect(editor.root).toHaveAttribute('data-dirty', 'true')

  // Editing the field clears its server error.
  await page.getByLabel('Line 1 unit price').fill('6')
  await expect(editor.lineErrors(0)).toHaveCount(0)
})
