import { expect, test } from './fixtures.ts'
import {
  DashboardPage,
  EditorMenus,
  HistoryPage,
  ImportPage,
  LibraryPickerDialog,
  TemplatesPage,
  TrashPage,
} from './pages/quoting.page.ts'
import { rpc, seedProposal } from './seed.ts'

test('editing a sent proposal makes revision B with the same number; the revision view shows the change', async ({
  page,
  app,
  host,
  editor,
}) => {
  const p = await seedProposal(host)
  await page.goto(`${app.url}#/proposals/${p.id}`)
  await expect(editor.number).toHaveText(p.number)
  const menus = new EditorMenus(page)
  await menus.setStatus('sent')

  await editor.quantity(0).fill('3')
  await editor.save()
  await expect(app.notification(/new revision/)).toBeVisible()
  await expect(page).not.toHaveURL(new RegExp(p.id))
  await expect(editor.number).toHaveText(p.number)
  await editor.expectSaved()

  await menus.more('proposal-history')
  const history = new HistoryPage(page)
  await expect(history.revisions).toHaveCount(2)
  await expect(history.revisions.nth(0)).toContainText('Rev A')
  await expect(history.revisions.nth(1)).toContainText('Rev B')
  // 2 → 3 consulting days at 299.33 + 20 % VAT: gross 933.59 → 1,292.78.
  await expect(history.diff).toContainText('Consulting day')
  await expect(history.diff).toContainText('2 → 3')
  await expect(history.deltaGross).toContainText('359.19')
})

test('save as template, then start a new proposal from it; insert a library section', async ({
  page,
  app,
  host,
  editor,
}) => {
  const p = await seedProposal(host, { sections: [{ title: 'Scope', body: 'Two sprints.' }] })
  await rpc(host, 'library.create', {
    title: 'Warranty and support',
    body: 'Twelve months of support after go-live.',
    category: 'Terms',
  })
  await page.goto(`${app.url}#/proposals/${p.id}`)
  await expect(editor.number).toHaveText(p.number)
  await new EditorMenus(page).saveAsTemplate('Website package')
  await expect(app.notification('Saved template "Website package"')).toBeVisible()

  await page.getByTestId('nav-templates').click()
  await new TemplatesPage(page).startProposal('Website package')
  await expect(editor.number).not.toHaveText(p.number)
  await expect(editor.number).toHaveText(/PR-\d{4}-\d+/)
  await expect(editor.lines).toHaveCount(2)
  await expect(page.getByTestId('section-title')).toHaveValue('Scope')

  await new LibraryPickerDialog(page).insert('Warranty and support')
  await expect(page.getByTestId('section-title')).toHaveCount(2)
  await expect(page.getByTestId('section-title').nth(1)).toHaveValue('Warranty and support')
  await expect(page.getByTestId('section-body').nth(1)).toHaveValue(
    'Twelve months of support after go-live.',
  )
})

test('CSV import of clients shows a preview and the row with an error; skipping it imports the rest', async ({
  page,
  app,
}) => {
  await page.getByTestId('nav-import').click()
  const csv = new ImportPage(page)
  await csv.chooseFile(
    'clients.csv',
    '\ufeffname;email;contactName\nMüller GmbH;info@mueller.example;Jana Müller\n' +
      'Broken Ltd;not-an-email;Sam\n"Quote ""Co""";hello@quote.example;"Line one\nline two"\n',
  )
  await expect(csv.preview).toContainText('Müller GmbH')
  await expect(page.getByText('3 rows, 2 ready to import, 1 problem(s)')).toBeVisible()
  // Header + the two good rows; the bad one is listed with its row number and field.
  await expect(csv.preview.getByRole('row')).toHaveCount(3)
  await expect(csv.preview).toContainText('Line one\nline two')
  await expect(csv.rowErrors).toContainText('Row 3, email: not an email address')
  await expect(csv.importButton).toBeDisabled()
  await csv.skipBadRows()
  await expect(csv.importButton).toHaveText('Import 2 clients')
  await csv.importButton.click()
  await expect(app.notification(/2/)).toBeVisible()

  await page.getByTestId('nav-clients').click()
  await expect(page.getByText('Müller GmbH')).toBeVisible()
  await expect(page.getByText('Quote "Co"')).toBeVisible()
  await expect(page.getByText('Broken Ltd')).toHaveCount(0)
})

test('the dashboard shows the pipeline value; a deleted proposal is restored from the trash', async ({
  page,
  app,
  host,
  editor,
}) => {
  const sent = await seedProposal(host, { title: 'Office fit-out' })
  await rpc(host, 'proposals.setStatus', { id: sent.id, status: 'sent' })
  const draft = await seedProposal(host, { client: 'Globex SA', title: 'Annual audit' })

  await page.getByTestId('nav-home').click()
  const home = new DashboardPage(page)
  // Each: 2 × 299.33 + 179.33 = 777.99 net, 155.60 VAT → €933.59.
  await expect(home.pipelineRow('Sent')).toContainText('933.59')
  await expect(home.pipelineRow('Draft')).toContainText('933.59')
  await expect(home.pipeline.getByTestId('pipeline-total')).toContainText('1,867.18')
  await page.screenshot({ path: '/tmp/shots2/dashboard.png' })

  await page.goto(`${app.url}#/proposals/${draft.id}`)
  await expect(editor.number).toHaveText(draft.number)
  await new EditorMenus(page).more('delete-proposal')
  await app.confirmDialog()
  await expect(app.notification(`Deleted ${draft.number}`)).toBeVisible()

  await page.getByTestId('nav-trash').click()
  const trash = new TrashPage(page)
  await expect(trash.row(draft.number)).toContainText('Annual audit')
  await trash.restore(draft.number)
  await expect(editor.number).toHaveText(draft.number)
  await page.getByTestId('nav-trash').click()
  await expect(page.getByText('The trash is empty')).toBeVisible()
})
