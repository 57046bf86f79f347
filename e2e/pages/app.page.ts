import { expect, type Locator, type Page } from '@playwright/test'

export type Section = 'proposals' | 'clients' | 'products' | 'settings'

export class AppPage {
  constructor(
    readonly page: Page,
    readonly url: string,
  ) {}

  async open(): Promise<void> {
    await this.page.goto(this.url)
    await expect(this.page.getByTestId('nav')).toBeVisible()
  }

  async goto(section: Section): Promise<void> {
    await this.page.getByTestId(`nav-${section}`).click()
    await expect(this.title).toHaveText(section[0]!.toUpperCase() + section.slice(1))
  }

  get title(): Locator {
    return this.page.getByTestId('page-title')
  }

  /** Picks an option of a Mantine Select (typing narrows the list first). */
  async selectOption(input: Locator, option: string | RegExp, search?: string): Promise<void> {
    await input.click()
    if (search !== undefined) await input.fill(search)
    await this.page.getByRole('option', { name: option }).first().click()
  }

  /** Replaces the tags of a TagsInput (e.g. tax rates "20%"). */
  async setTags(input: Locator, tags: string[]): Promise<void> {
    await input.click()
    const pills = input
      .locator('xpath=ancestor::*[contains(@class,"mantine-TagsInput-root")][1]')
      .locator('.mantine-Pill-root')
    const count = await pills.count()
    for (let i = 0; i < count; i++) await input.press('Backspace')
    for (const t of tags) {
      await input.fill(t)
      await input.press('Enter')
    }
    await input.press('Escape')
  }

  async confirmDialog(): Promise<void> {
    await this.page.getByTestId('confirm-ok').click()
  }

  notification(text: string | RegExp): Locator {
    return this.page.locator('.mantine-Notification-root').filter({ hasText: text })
  }
}
