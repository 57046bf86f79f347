import { expect, type Locator, type Page } from '@playwright/test'

/** The in-app PDF preview opened from the proposal editor. */
export class PdfPreviewPage {
  constructor(readonly page: Page) {}

  get root(): Locator {
    return this.page.getByTestId('pdf-preview')
  }

  get count(): Locator {
    return this.page.getByTestId('pdf-preview-count')
  }

  get pages(): Locator {
    return this.page.getByTestId('pdf-preview-page')
  }

  renderedPages(): Locator {
    return this.page.locator('[data-testid="pdf-preview-page"][data-rendered="true"]')
  }

  async open(): Promise<void> {
    await this.page.getByTestId('preview-pdf').click()
    await expect(this.root).toBeVisible()
  }

  /** Scrolls page `n` (1-based) into view and waits until it is drawn. */
  async expectDrawn(n: number): Promise<void> {
    const p = this.pages.nth(n - 1)
    await p.scrollIntoViewIfNeeded()
    await expect(p).toHaveAttribute('data-rendered', 'true')
  }

  /** Regenerates the PDF and waits until the new one is loaded. */
  async regenerate(): Promise<void> {
    const scroll = this.page.getByTestId('pdf-preview-scroll')
    const before = Number(await scroll.getAttribute('data-generation'))
    await this.page.getByTestId('pdf-preview-regenerate').click()
    await expect(scroll).toHaveAttribute('data-generation', String(before + 1))
    await expect(scroll).toHaveAttribute('data-state', 'ready')
  }

  async close(): Promise<void> {
    await this.page.getByTestId('pdf-preview-close').click()
    await expect(this.root).toBeHidden()
  }
}
