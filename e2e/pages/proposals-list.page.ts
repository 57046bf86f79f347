import { expect, type Locator, type Page } from '@playwright/test'

export class ProposalsListPage {
  constructor(readonly page: Page) {}

  get rows(): Locator {
    return this.page.getByTestId('proposal-row')
  }

  get welcome(): Locator {
    return this.page.getByTestId('welcome')
  }

  get emptyState(): Locator {
    return this.page.getByTestId('empty-state')
  }

  row(text: string): Locator {
    return this.rows.filter({ hasText: text })
  }

  async search(text: string): Promise<void> {
    await this.page.getByTestId('proposals-search').fill(text)
  }

  async newProposal(): Promise<void> {
    await this.page.getByTestId('new-proposal').first().click()
    await expect(this.page.getByTestId('proposal-editor')).toBeVisible()
  }

  async open(text: string): Promise<void> {
    await this.row(text).first().click()
    await expect(this.page.getByTestId('proposal-editor')).toBeVisible()
  }
}
