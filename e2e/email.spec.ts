import { expect, test } from './fixtures.ts'
import { OutboxPage, SendDialog } from './pages/email.page.ts'
import { rpc, seedProposal } from './seed.ts'
import { startTestSmtpServer, TEST_CA_PEM } from '../src-main/email/testing/smtp-test-server.ts'

test('the send dialog opens from the editor with the client prefilled; an unreachable server queues the send in the outbox', async ({
  page,
  app,
  host,
  editor,
}) => {
  const p = await seedProposal(host, { email: 'dana@acme.example' })
  await page.goto(`${app.url}#/proposals/${p.id}`)
  await expect(editor.number).toHaveText(p.number)

  const dialog = new SendDialog(page)
  await dialog.open()
  await expect(dialog.recipients).toHaveText(['dana@acme.example'])
  await expect(dialog.root.getByTestId('send-subject')).toHaveValue(new RegExp(p.number))
  await expect(dialog.root.getByTestId('send-attachment')).toContainText(
    `${p.number} - Acme Industries GmbH.pdf`,
  )
  // No mail server yet: the dialog says so and sends nothing.
  await expect(dialog.notConfigured).toBeVisible()
  await expect(dialog.submit).toBeDisabled()
  await dialog.close()

  // A mail server that cannot be reached right now (the rep on a train): the message is queued.
  await rpc(host, 'email.saveSettings', {
    host: '127.0.0.1',
    port: 9,
    security: 'starttls',
    fromName: 'Sales',
    fromAddress: 'sales@example.com',
  })
  await dialog.open()
  await expect(dialog.notConfigured).toBeHidden()
  await page.screenshot({ path: '/tmp/shots2/send-dialog.png' })
  await dialog.submit.click()
  await expect(dialog.result).toHaveAttribute('data-status', 'queued')
  await expect(dialog.result).toContainText('Queued in the outbox')
  await dialog.result.getByRole('button', { name: 'Close' }).click()

  await page.getByTestId('nav-outbox').click()
  const outbox = new OutboxPage(page)
  await expect(outbox.rows()).toHaveCount(1)
  await expect(outbox.rows().first()).toHaveAttribute('data-status', 'queued')
  await expect(outbox.rows().first()).toContainText('dana@acme.example')
  await expect(outbox.rows().first()).toContainText(p.number)
})

test('after a successful send the dialog shows the outcome and offers no second send', async ({
  page,
  app,
  host,
  editor,
}) => {
  const smtp = await startTestSmtpServer()
  try {
    const p = await seedProposal(host, { email: 'dana@acme.example' })
    await rpc(host, 'email.saveSettings', {
      host: '127.0.0.1',
      port: smtp.port,
      security: 'starttls',
      fromName: 'Sales',
      fromAddress: 'sales@example.com',
      ca: TEST_CA_PEM,
    })
    await page.goto(`${app.url}#/proposals/${p.id}`)
    await expect(editor.number).toHaveText(p.number)
    const dialog = new SendDialog(page)
    await dialog.open()
    await dialog.submit.click()
    await expect(dialog.result).toHaveAttribute('data-status', 'sent')
    // The proposal turned sent and the compose data refreshed: the outcome must stay, with no
    // refilled form and no Send button inviting a duplicate.
    await page.waitForTimeout(1500)
    await expect(dialog.result).toHaveAttribute('data-status', 'sent')
    await expect(dialog.submit).toHaveCount(0)
    expect(smtp.received).toHaveLength(1)
  } finally {
    await smtp.close()
  }
})
