import { expect, type Locator, type Page } from '@playwright/test'

/** Settings → Server (sync with the organisation's MySQL/MariaDB). */
export class ServerSettingsPage {
  constructor(readonly page: Page) {}

  async open(): Promise<void> {
    await this.page.getByTestId('nav-settings/server').click()
    await expect(this.page.getByTestId('page-title')).toHaveText('Server')
  }

  get host(): Locator {
    return this.page.getByTestId('sync-host')
  }

  get port(): Locator {
    return this.page.getByLabel('Port')
  }

  get database(): Locator {
    return this.page.getByTestId('sync-database')
  }

  get user(): Locator {
    return this.page.getByTestId('sync-user')
  }

  get password(): Locator {
    return this.page.getByTestId('sync-password')
  }

  get testResult(): Locator {
    return this.page.getByTestId('sync-test-result')
  }

  /** The indicator in the app's header (the page shows a second one beside its title). */
  get headerIndicator(): Locator {
    return this.page.getByTestId('shell-header').getByTestId('sync-indicator')
  }

  async fill(s: { host: string; port: number; database: string; user: string }): Promise<void> {
    await this.host.fill(s.host)
    await this.port.fill(String(s.port))
    await this.database.fill(s.database)
    await this.user.fill(s.user)
  }

  async testConnection(): Promise<void> {
    await this.page.getByTestId('sync-test').click()
    await expect(this.testResult).toBeVisible({ timeout: 30_000 })
  }

  async save(): Promise<void> {
    await this.page.getByTestId('sync-save').click()
  }
}
