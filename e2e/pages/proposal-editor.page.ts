import { expect, type Locator, type Page } from '@playwright/test'
import { AppPage } from './app.page.ts'

export interface FreeLine {
  description: string
  quantity?: string
  unit?: string
  unitPrice: string
  discountPercent?: string
  taxes?: string[]
}

export class ProposalEditorPage {
  private readonly helpers: AppPage

  constructor(readonly page: Page) {
    this.helpers = new AppPage(page, '')
  }

  get root(): Locator {
    return this.page.getByTestId('proposal-editor')
  }

  get number(): Locator {
    return this.page.getByTestId('proposal-number')
  }

  get lines(): Locator {
    return this.page.getByTestId('line-row')
  }

  line(index: number): Locator {
    return this.lines.nth(index)
  }

  quantity(index: number): Locator {
    return this.page.getByLabel(`Line ${index + 1} quantity`)
  }

  /** The error line under a line item's row, naming the field(s) that are wrong. */
  lineErrors(index: number): Locator {
    return this.line(index).locator('xpath=following-sibling::tr[1]').getByTestId('line-errors')
  }

  /** The inline error Mantine renders under an input. */
  errorFor(input: Locator): Locator {
    return input
      .locator('xpath=ancestor::*[contains(@class,"mantine-InputWrapper-root")][1]')
      .locator('.mantine-InputWrapper-error')
  }

  async setTitle(title: string): Promise<void> {
    await this.page.getByTestId('proposal-title').fill(title)
  }

  async pickClient(name: string): Promise<void> {
    await this.helpers.selectOption(this.page.getByTestId('client-select'), name, name)
  }

  async addProduct(name: string): Promise<void> {
    const before = await this.lines.count()
    await this.helpers.selectOption(this.page.getByTestId('add-product'), new RegExp(name), name)
    await expect(this.lines).toHaveCount(before + 1)
  }

  async addFreeLine(l: FreeLine): Promise<void> {
    const i = await this.lines.count()
    await this.page.getByTestId('add-line').click()
    await expect(this.lines).toHaveCount(i + 1)
    const n = i + 1
    await this.page.getByLabel(`Line ${n} description`).fill(l.description)
    await this.page.getByLabel(`Line ${n} quantity`).fill(l.quantity ?? '1')
    if (l.unit) await this.page.getByLabel(`Line ${n} unit`, { exact: true }).fill(l.unit)
    await this.page.getByLabel(`Line ${n} unit price`).fill(l.unitPrice)
    if (l.discountPercent)
      await this.page.getByLabel(`Line ${n} discount percent`).fill(l.discountPercent)
    if (l.taxes) await this.helpers.setTags(this.line(i).getByTestId('line-taxes'), l.taxes)
  }

  async setLineTaxes(index: number, taxes: string[]): Promise<void> {
    await this.helpers.setTags(this.line(index).getByTestId('line-taxes'), taxes)
  }

  lineNet(index: number): Locator {
    return this.line(index).getByTestId('line-net')
  }

  get totals(): { net: Locator; tax: Locator; gross: Locator; taxRows: Locator } {
    return {
      net: this.page.getByTestId('totals-net'),
      tax: this.page.getByTestId('totals-tax'),
      gross: this.page.getByTestId('totals-gross'),
      taxRows: this.page.getByTestId('tax-row'),
    }
  }

  async save(): Promise<void> {
    await this.page.getByTestId('save-proposal').click()
  }

  async expectSaved(): Promise<void> {
    await expect(this.root).toHaveAttribute('data-dirty', 'false')
    await expect(this.number).toHaveText(/\S+-\d+/)
  }

  get pdfPanel(): Locator {
    return this.page.getByTestId('pdf-panel')
  }

  get pdfResult(): Locator {
    return this.page.getByTestId('pdf-result')
  }

  async exportPdf(): Promise<void> {
    await this.page.getByTestId('export-pdf').click()
  }

  get saveError(): Locator {
    return this.page.getByTestId('save-error')
  }
}
