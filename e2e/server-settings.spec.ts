import { expect, test } from './fixtures.ts'
import { ServerSettingsPage } from './pages/server-settings.page.ts'

const MYSQL = new URL(process.env.MYSQL_URL ?? 'mysql://root@127.0.0.1:3306/test')

test('Server settings: test connection gives a clear result; the password is write-only', async ({
  page,
  app,
}) => {
  const server = new ServerSettingsPage(page)
  await expect(server.headerIndicator).toHaveText('Offline only')
  await server.open()
  await expect(server.password).toHaveValue('')

  await server.fill({
    host: MYSQL.hostname,
    port: Number(MYSQL.port || 3306),
    database: MYSQL.pathname.slice(1),
    user: decodeURIComponent(MYSQL.username),
  })
  await server.testConnection()
  // Either it connects (and names the server and schema) or it says in words what is wrong —
  // never a stack trace or an error code alone. An unmigrated schema is a fine answer here.
  const result = (await server.testResult.textContent()) ?? ''
  expect(result).toMatch(
    /MariaDB|MySQL|schema|migrat|refused|not reachable|denied|unknown database/i,
  )
  expect(result).not.toMatch(/ER_|ECONNREFUSED|at .*\.ts:\d+/)

  // Saving a password stores it; the page never gets it back. A database that does not exist, so
  // the background sync this starts cannot write to a shared server.
  await server.database.fill('pd_e2e_no_such_db')
  await server.password.fill('s3cret-pass')
  await server.save()
  await expect(app.notification('Server settings saved')).toBeVisible()
  await page.reload()
  await server.open()
  await expect(server.password).toHaveValue('')
  await expect(page.getByText(/A password is stored/)).toBeVisible()
  await expect(server.headerIndicator).not.toHaveText('Offline only')
  const body = await page.content()
  expect(body).not.toContain('s3cret-pass')
})
