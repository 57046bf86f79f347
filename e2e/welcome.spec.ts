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
