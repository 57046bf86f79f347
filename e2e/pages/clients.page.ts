import { expect, type Locator, type Page } from '@playwright/test'

export interface ClientData {
  name: string
  contactName?: string
  email?: string
  address?: string
}

export class ClientsPage {
  constructor(readonly page: Page) {}

  get rows(): Locator {
    return this.page.getByTestId('client-row')
  }

  row(name: string): Locator {
    return this.rows.filter({ hasText: name })
  }

  /** Fills the client form (the Clients drawer or the editor's inline modal) and submits it. */
  async fillAndSubmit(c: ClientData): Promise<void> {
    const form = this.page.getByTestId('client-form')
    await form.getByTestId('client-name').fill(c.name)
    if (c.contactName) await form.getByTestId('client-contact').fill(c.contactName)
    if (c.email) await form.getByTestId('client-email').fill(c.email)
    if (c.address) await form.getByTestId('client-address').fill(c.address)
    await form.getByTestId('client-save').click()
    await expect(form).toBeHidden()
  }

  async create(c: ClientData): Promise<void> {
    await this.page.getByTestId('new-client').click()
    await this.fillAndSubmit(c)
    await expect(this.row(c.name)).toBeVisible()
  }
}
