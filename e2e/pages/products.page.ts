import { expect, type Locator, type Page } from '@playwright/test'
import { AppPage } from './app.page.ts'

export interface ProductData {
  sku?: string
  name: string
  description?: string
  unit?: string
  unitPrice: string
  currency?: string
  taxes?: string[]
}

export class ProductsPage {
  constructor(readonly page: Page) {}

  get rows(): Locator {
    return this.page.getByTestId('product-row')
  }

  row(name: string): Locator {
    return this.rows.filter({ hasText: name })
  }

  async create(p: ProductData): Promise<void> {
    const helpers = new AppPage(this.page, '')
    await this.page.getByTestId('new-product').click()
    const form = this.page.getByTestId('product-form')
    if (p.sku) await form.getByTestId('product-sku').fill(p.sku)
    await form.getByTestId('product-name').fill(p.name)
    if (p.description) await form.getByTestId('product-description').fill(p.description)
    if (p.unit) await form.getByTestId('product-unit').fill(p.unit)
    await form.getByTestId('product-price').fill(p.unitPrice)
    if (p.currency)
      await helpers.selectOption(
        form.getByTestId('product-currency'),
        new RegExp(`^${p.currency} `),
        p.currency,
      )
    if (p.taxes) await helpers.setTags(form.getByTestId('product-taxes'), p.taxes)
    await form.getByTestId('product-save').click()
    await expect(form).toBeHidden()
    await expect(this.row(p.name)).toBeVisible()
  }
}
