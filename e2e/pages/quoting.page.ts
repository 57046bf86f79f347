import { expect, type Locator, type Page } from '@playwright/test'

/** Screens of the quoting workflow: history and revisions, templates, library, import, trash, home. */

export class HistoryPage {
  constructor(readonly page: Page) {}

  get revisions(): Locator {
    return this.page.getByTestId('revisions-table').getByRole('row')
  }

  get diff(): Locator {
    return this.page.getByTestId('revision-diff')
  }

  get deltaGross(): Locator {
    return this.page.getByTestId('delta-gross')
  }
}

export class TemplatesPage {
  constructor(readonly page: Page) {}

  row(name: string): Locator {
    return this.page.getByTestId('templates-table').getByRole('row').filter({ hasText: name })
  }

  async startProposal(name: string): Promise<void> {
    await this.row(name).getByTestId('use-template').click()
    await expect(this.page.getByTestId('proposal-editor')).toBeVisible()
  }
}

export class LibraryPickerDialog {
  constructor(readonly page: Page) {}

  async insert(title: string): Promise<void> {
    await this.page.getByTestId('insert-from-library').click()
    const dialog = this.page.getByRole('dialog', { name: 'Insert a section' })
    await dialog.getByTestId('library-search').fill(title.split(' ')[0] ?? title)
    await dialog
      .getByTestId('library-item')
      .filter({ hasText: title })
      .getByTestId('library-insert')
      .click()
    await expect(dialog).toBeHidden()
  }
}

export class ImportPage {
  constructor(readonly page: Page) {}

  get preview(): Locator {
    return this.page.getByTestId('csv-preview')
  }

  get rowErrors(): Locator {
    return this.page.getByTestId('csv-row-errors')
  }

  get importButton(): Locator {
    return this.page.getByTestId('csv-import')
  }

  async chooseFile(name: string, text: string): Promise<void> {
    const chooser = this.page.waitForEvent('filechooser')
    await this.page.getByTestId('csv-file').click()
    await (await chooser).setFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(text) })
  }

  async skipBadRows(): Promise<void> {
    await this.page.getByLabel('Skip the rows with problems').check()
  }
}

export class TrashPage {
  constructor(readonly page: Page) {}

  row(text: string): Locator {
    return this.page.getByTestId('trash-table').getByRole('row').filter({ hasText: text })
  }

  async restore(text: string): Promise<void> {
    await this.row(text).getByTestId('restore').click()
  }
}

export class DashboardPage {
  constructor(readonly page: Page) {}

  get pipeline(): Locator {
    return this.page.getByTestId('pipeline')
  }

  pipelineRow(status: string): Locator {
    return this.pipeline.getByRole('row').filter({ hasText: status })
  }
}

/** The editor's status and "more actions" menus. */
export class EditorMenus {
  constructor(readonly page: Page) {}

  async setStatus(status: 'draft' | 'sent' | 'accepted' | 'declined' | 'cancelled'): Promise<void> {
    await this.page.getByTestId('status-menu').click()
    await this.page.getByTestId(`status-${status}`).click()
    await expect(this.page.getByTestId('status-menu')).toContainText(
      status[0]!.toUpperCase() + status.slice(1),
    )
  }

  async more(testId: string): Promise<void> {
    await this.page.getByTestId('more-actions').click()
    await this.page.getByTestId(testId).click()
  }

  async saveAsTemplate(name: string): Promise<void> {
    await this.more('save-as-template')
    await this.page.getByTestId('template-name').fill(name)
    await this.page.getByTestId('template-save').click()
  }
}
