import { expect, type Locator, type Page } from '@playwright/test'

/** The send dialog opened from the proposal editor. */
export class SendDialog {
  constructor(readonly page: Page) {}

  get root(): Locator {
    return this.page.getByRole('dialog', { name: 'Send proposal by email' })
  }

  /** Addresses shown as pills in the "To" field. */
  get recipients(): Locator {
    return this.root
      .getByTestId('send-to')
      .locator('xpath=ancestor::*[contains(@class,"mantine-TagsInput-root")][1]')
      .locator('.mantine-Pill-root')
  }

  get notConfigured(): Locator {
    return this.root.getByTestId('send-not-configured')
  }

  get submit(): Locator {
    return this.root.getByTestId('send-submit')
  }

  get result(): Locator {
    return this.root.getByTestId('send-result')
  }

  async open(): Promise<void> {
    await this.page.getByTestId('send-open').click()
    await expect(this.root).toBeVisible()
    await expect(this.root.getByTestId('send-attachment')).toBeVisible()
  }

  async close(): Promise<void> {
    await this.page.keyboard.press('Escape')
    await expect(this.root).toBeHidden()
  }
}

export class OutboxPage {
  constructor(readonly page: Page) {}

  rows(): Locator {
    return this.page.getByTestId('outbox-row')
  }
}
