import { expect, test } from './fixtures.ts'

test('the list searches, filters by status, and a status change and a duplicate show up in it', async ({
  page,
  app,
  proposals,
  editor,
}) => {
  await app.goto('proposals')
  await expect(proposals.rows).toHaveCount(1)

  // Keyboard: Tab to the row, Enter opens it.
  await proposals.rows.first().focus()
  await page.keyboard.press('Enter')
  await expect(editor.root).toBeVisible()
  const number = (await editor.number.textContent()) ?? ''

  await page.getByTestId('status-menu').click()
  await page.getByTestId('status-sent').click()
  await expect(editor.root.getByTestId('status-badge')).toHaveText('Sent')

  await page.getByTestId('more-actions').click()
  await page.getByTestId('duplicate-proposal').click()
  await expect(editor.number).not.toHaveText(number)
  await expect(editor.root.getByTestId('status-badge')).toHaveText('Draft')

  await app.goto('proposals')
  await expect(proposals.rows).toHaveCount(2)

  await page.getByTestId('status-filter').getByText('Sent', { exact: true }).click()
  await expect(proposals.rows).toHaveCount(1)
  await expect(proposals.rows.first()).toContainText(number)
  await page.getByTestId('status-filter').getByText('Declined', { exact: true }).click()
  await expect(proposals.rows).toHaveCount(0)
  await expect(proposals.emptyState).toContainText('No proposals match')
  await page.getByTestId('status-filter').getByText('All', { exact: true }).click()
  await expect(proposals.rows).toHaveCount(2)

  await proposals.search(number)
  await expect(proposals.rows).toHaveCount(1)
  await proposals.search('no proposal is called this')
  await expect(proposals.rows).toHaveCount(0)
  await proposals.search('Example Client')
  await expect(proposals.rows).toHaveCount(2)
})

test('sections are added, reordered and removed, and the order is saved', async ({
  page,
  app,
  proposals,
  editor,
}) => {
  await app.goto('proposals')
  await proposals.newProposal()
  await editor.setTitle('Sections check')
  for (const [title, body] of [
    ['Scope', 'What we do.'],
    ['Introduction', 'Who we are.'],
    ['Obsolete', 'Remove me.'],
  ] as const) {
    await page.getByTestId('add-section').click()
    const n = await page.getByTestId('section').count()
    await page.getByLabel(`Section ${n} title`).fill(title)
    await page.getByLabel(`Section ${n} text`).fill(body)
  }
  await page.getByRole('button', { name: 'Move section 2 up' }).click()
  await page.getByRole('button', { name: 'Remove section 3' }).click()
  await editor.save()
  await editor.expectSaved()

  await page.reload()
  await expect(page.getByTestId('section-title')).toHaveCount(2)
  await expect(page.getByTestId('section-title').nth(0)).toHaveValue('Introduction')
  await expect(page.getByTestId('section-title').nth(1)).toHaveValue('Scope')
  await expect(page.getByTestId('section-body').nth(1)).toHaveValue('What we do.')
})
