import { expect, test } from './fixtures.ts'

test('first start shows the welcome state with the sample proposal, which can be deleted', async ({
  page,
  app,
  proposals,
}) => {
  await app.goto('proposals')
  await expect(proposals.welcome).toBeVisible()
  await expect(proposals.welcome).toContainText('Welcome to ProposalDesk')
  await expect(proposals.rows).toHaveCount(1)
  await expect(proposals.rows.first().getByTestId('sample-badge')).toHaveText('Sample')

  await page.getByTestId('delete-sample').click()
  await app.confirmDialog()
  await expect(proposals.rows).toHaveCount(0)
  await expect(proposals.welcome).toBeHidden()
  await expect(proposals.emptyState).toContainText('No proposals yet')

  await page.reload()
  await expect(proposals.emptyState).toContainText('No proposals yet')
  await expect(proposals.rows).toHaveCount(0)
})

test('a line added to the sample proposal reads its tax like the sample lines do', async ({
  page,
  app,
  proposals,
  editor,
}) => {
  await app.goto('proposals')
  await proposals.rows.first().click()
  await expect(editor.root).toBeVisible()
  await page.getByTestId('add-line').click()
  const chips = editor.lines.getByTestId('line-taxes').locator('xpath=..')
  const labels = await chips.allInnerTexts()
  expect(labels.length).toBeGreaterThan(1)
  // Every line, old and new, shows the unnamed default tax the same way.
  expect(new Set(labels.map((l) => l.trim()))).toEqual(new Set(['20%']))
})
