import { expect, test } from './fixtures.ts'
import { EditorMenus, HistoryPage } from './pages/quoting.page.ts'
import { seedProposal } from './seed.ts'

// Screenshots for review go here when SHOTS_DIR is set; the assertions stand on their own.
const shots = process.env.SHOTS_DIR

test('the status menu offers only the transitions the service allows', async ({
  page,
  app,
  host,
  editor,
}) => {
  const p = await seedProposal(host)
  await page.goto(`${app.url}#/proposals/${p.id}`)
  await expect(editor.number).toHaveText(p.number)

  await page.getByTestId('status-menu').click()
  const menu = page.getByRole('menu')
  await expect(menu.getByRole('menuitem')).toHaveText(['Sent', 'Cancelled'])
  if (shots) await page.screenshot({ path: `${shots}/status-menu-draft.png` })
  await page.keyboard.press('Escape')

  await new EditorMenus(page).setStatus('sent')
  await page.getByTestId('status-menu').click()
  await expect(menu.getByRole('menuitem')).toHaveText(['Accepted', 'Declined', 'Cancelled'])
  if (shots) await page.screenshot({ path: `${shots}/status-menu-sent.png` })
  await page.keyboard.press('Escape')

  await new EditorMenus(page).setStatus('accepted')
  await page.getByTestId('status-menu').click()
  await expect(menu.getByRole('menuitem')).toHaveText(['Accepted is final'])
})

test('a revision is named in the header and the list; the compare view speaks in labels', async ({
  page,
  app,
  host,
  editor,
  proposals,
}) => {
  // Narrow enough that the header has to give way somewhere: never the number or the badge.
  await page.setViewportSize({ width: 1100, height: 800 })
  const p = await seedProposal(host, {
    title: 'A rather long proposal title that would crowd the header on a small window',
  })
  await page.goto(`${app.url}#/proposals/${p.id}`)
  await expect(editor.number).toHaveText(p.number)
  await expect(page.getByTestId('proposal-revision')).toHaveCount(0)
  await new EditorMenus(page).setStatus('sent')

  await editor.quantity(0).fill('3')
  await expect(page.getByTestId('unsaved-indicator')).toBeVisible()
  const badge = editor.root.getByTestId('status-badge')
  await expect(badge).toHaveText('Sent')
  // The badge is not cut ("S…") and the number stays on one line.
  const cut = await badge.evaluate((el) => {
    const label = el.querySelector('span') ?? el
    return label.scrollWidth > label.clientWidth
  })
  expect(cut).toBe(false)
  const numberBox = await editor.number.boundingBox()
  expect(numberBox?.height ?? 0).toBeLessThan(30)
  if (shots) await page.screenshot({ path: `${shots}/header-dirty-sent.png` })

  await editor.save()
  await expect(page).not.toHaveURL(new RegExp(p.id))
  await expect(editor.number).toHaveText(p.number)
  await expect(page.getByTestId('proposal-revision')).toHaveText(' · Rev B')
  if (shots) await page.screenshot({ path: `${shots}/header-revision.png` })

  await new EditorMenus(page).more('proposal-history')
  const history = new HistoryPage(page)
  await expect(history.revisions).toHaveCount(2)
  await expect(history.diff).toContainText('Changed: Quantity')
  await expect(history.diff).toContainText('1 line unchanged.')
  await expect(history.diff).not.toContainText('line(s)')
  if (shots) await page.screenshot({ path: `${shots}/compare.png`, fullPage: true })

  await app.goto('proposals')
  await expect(proposals.row(p.number).getByTestId('row-revision')).toHaveText(' · Rev B')
})

test('the conflict page shows labels and formatted values, and links a revision', async ({
  page,
  app,
}) => {
  const now = new Date().toISOString()
  const conflicts = [
    {
      id: 'c1',
      kind: 'field',
      entity: 'line_item',
      rowId: 'row-1',
      field: 'taxes',
      label: 'PR-2026-0001 — Website relaunch, line 1',
      serverValue: '[{"name":"VAT","rate":"20"}]',
      clientValue: '[{"name":"","rate":"19"}]',
      detail: null,
      createdAt: now,
      resolvedAt: null,
      resolution: null,
      canKeepMine: true,
    },
    {
      id: 'c2',
      kind: 'revision',
      entity: 'proposal',
      rowId: 'orig-1',
      field: null,
      label: 'PR-2026-0002 — Support contract',
      serverValue: { status: 'sent', number: 'PR-2026-0002' },
      clientValue: { revisionId: 'rev-uuid-123', revision: 1 },
      detail:
        'Proposal PR-2026-0002 was already sent; your offline changes were saved as a new revision.',
      createdAt: now,
      resolvedAt: null,
      resolution: null,
      canKeepMine: false,
    },
  ]
  await page.route('**/rpc/conflicts.list', (route) =>
    route.fulfill({
      contentType: 'application/json',
      body: JSON.stringify({ ok: true, value: conflicts }),
    }),
  )
  await page.goto(`${app.url}#/conflicts`)
  const cards = page.getByTestId('conflict-card')
  await expect(cards).toHaveCount(2)
  await expect(cards.nth(0)).toContainText('Taxes')
  await expect(cards.nth(0).getByTestId('conflict-server')).toHaveText('VAT 20%')
  await expect(cards.nth(0).getByTestId('conflict-mine')).toHaveText('19%')
  await expect(cards.nth(0)).toContainText('Server value')
  await expect(cards.nth(0)).toContainText('Your value')
  await expect(cards.nth(1).getByTestId('conflict-mine')).toContainText('Saved as revision B')
  await expect(cards.nth(1)).not.toContainText('rev-uuid-123')
  await expect(cards.nth(1)).not.toContainText('revisionId')
  if (shots) await page.screenshot({ path: `${shots}/conflicts.png`, fullPage: true })
  await cards.nth(1).getByTestId('conflict-open').click()
  await expect(page).toHaveURL(/#\/proposals\/rev-uuid-123$/)
})
