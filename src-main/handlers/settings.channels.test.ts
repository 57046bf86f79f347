import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { startInProcessHost, type InProcessHost } from '../hosts/in-process.ts'
import {
  column,
  expectValidation,
  lastMutationId,
  outboxSince,
  storeCounts,
  unwrap,
} from './channel-test-support.ts'

/** A real 1×1 RGBA PNG. */
const PNG_1X1 =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=='
// A real 17×23 JPEG (made with pdftoppm): the upload check decodes it like the PDF engine does.
const JPEG_SMALL = Buffer.from(
  '/9j/4AAQSkZJRgABAQEAAgACAAD/2wBDAAgGBgcGBQgHBwcJCQgKDBQNDAsLDBkSEw8UHRofHh0aHBwgJC4nICIsIxwcKDcpLDAxNDQ0Hyc5PTgyPC4zNDL/2wBDAQkJCQwLDBgNDRgyIRwhMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjL/wAARCAAYABEDASIAAhEBAxEB/8QAHwAAAQUBAQEBAQEAAAAAAAAAAAECAwQFBgcICQoL/8QAtRAAAgEDAwIEAwUFBAQAAAF9AQIDAAQRBRIhMUEGE1FhByJxFDKBkaEII0KxwRVS0fAkM2JyggkKFhcYGRolJicoKSo0NTY3ODk6Q0RFRkdISUpTVFVWV1hZWmNkZWZnaGlqc3R1dnd4eXqDhIWGh4iJipKTlJWWl5iZmqKjpKWmp6ipqrKztLW2t7i5usLDxMXGx8jJytLT1NXW19jZ2uHi4+Tl5ufo6erx8vP09fb3+Pn6/8QAHwEAAwEBAQEBAQEBAQAAAAAAAAECAwQFBgcICQoL/8QAtREAAgECBAQDBAcFBAQAAQJ3AAECAxEEBSExBhJBUQdhcRMiMoEIFEKRobHBCSMzUvAVYnLRChYkNOEl8RcYGRomJygpKjU2Nzg5OkNERUZHSElKU1RVVldYWVpjZGVmZ2hpanN0dXZ3eHl6goOEhYaHiImKkpOUlZaXmJmaoqOkpaanqKmqsrO0tba3uLm6wsPExcbHyMnK0tPU1dbX2Nna4uPk5ebn6Onq8vP09fb3+Pn6/9oADAMBAAIRAxEAPwD2qTSr2WaR18Q6lGrMSI0jtiqDPQZiJwPck0kWlX8cscja/qUoVwWjeO22sM8g4iBwR6EGq1xollNczSPd62jO5YiK9uQoJPYA4A9AOKy7Pw1qNvqFvJJr1zKsUqsyFLzDgEEjLXBXnHcEexrRWtv+Bnr2/E7OiiiszQKKKKACiiigD//Z',
  'base64',
)
const SVG =
  '<?xml version="1.0"?>\n<!-- logo -->\n<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>'

let host: InProcessHost
beforeEach(async () => {
  host = await startInProcessHost()
})
afterEach(async () => {
  await host.close()
})

describe('settings channels', () => {
  test('get creates the company row once with the defaults', async () => {
    const before = lastMutationId(host)
    const s = unwrap(await host.invoke('settings.get', {}))
    expect(s).toMatchObject({
      defaultCurrency: 'EUR',
      defaultTaxRate: '20',
      validityDays: 30,
      numberingSeries: 'PR-{YYYY}-{SEQ:4}',
      taxRounding: 'per-document',
      pricesIncludeTax: false,
      hasLogo: false,
      logoMime: null,
    })
    unwrap(await host.invoke('settings.get', {}))
    expect(column(host, 'SELECT count(*) FROM company_settings')).toBe(1)
    const outbox = outboxSince(host, before)
    expect(outbox.map((o) => [o.entity, o.row_id, o.op])).toEqual([
      ['company_settings', 'company', 'insert'],
    ])
  })

  test('update patches the given fields and records only them', async () => {
    unwrap(await host.invoke('settings.get', {}))
    const before = lastMutationId(host)
    const s = unwrap(
      await host.invoke('settings.update', {
        patch: {
          companyName: 'Nordlicht GmbH',
          defaultCurrency: 'CHF',
          defaultTaxRate: '8.10',
          numberingSeries: 'Q{YY}-{SEQ:3}',
        },
      }),
    )
    expect(s).toMatchObject({
      companyName: 'Nordlicht GmbH',
      defaultCurrency: 'CHF',
      defaultTaxRate: '8.1',
      numberingSeries: 'Q{YY}-{SEQ:3}',
      validityDays: 30,
    })
    const outbox = outboxSince(host, before)
    expect(outbox).toHaveLength(1)
    expect(Object.keys(outbox[0]?.fields ?? {}).sort()).toEqual([
      'company_name',
      'default_currency',
      'default_tax_rate',
      'numbering_series',
      'updated_at',
      'updated_by',
    ])
  })

  test('invalid settings return a validation error naming the field and write nothing', async () => {
    unwrap(await host.invoke('settings.get', {}))
    const counts = storeCounts(host)
    expectValidation(
      await host.invoke('settings.update', { patch: { numberingSeries: 'PR-{FOO}-{SEQ}' } }),
      'numberingSeries',
    )
    expectValidation(
      await host.invoke('settings.update', { patch: { numberingSeries: 'PR-{YYYY}' } }),
      'patch.numberingSeries',
    )
    expectValidation(
      await host.invoke('settings.update', { patch: { defaultCurrency: 'ZZZ', companyName: 'x' } }),
      'defaultCurrency',
    )
    expectValidation(
      await host.invoke('settings.update', { patch: { validityDays: -1 } }),
      'patch.validityDays',
    )
    expect(storeCounts(host)).toEqual(counts)
    expect(unwrap(await host.invoke('settings.get', {})).companyName).toBe('')
  })

  test('setLogo accepts a real PNG, JPEG or SVG; getLogo returns the same bytes', async () => {
    const png = unwrap(
      await host.invoke('settings.setLogo', { mime: 'image/png', dataBase64: PNG_1X1 }),
    )
    expect(png).toMatchObject({ hasLogo: true, logoMime: 'image/png' })
    expect(unwrap(await host.invoke('settings.getLogo', {}))).toEqual({
      dataUrl: `data:image/png;base64,${PNG_1X1}`,
    })
    expect(host.app.services.settings.getLogo()?.bytes.equals(Buffer.from(PNG_1X1, 'base64'))).toBe(
      true,
    )

    const jpeg = unwrap(
      await host.invoke('settings.setLogo', {
        mime: 'image/jpeg',
        dataBase64: JPEG_SMALL.toString('base64'),
      }),
    )
    expect(jpeg.logoMime).toBe('image/jpeg')
    const svg = unwrap(
      await host.invoke('settings.setLogo', {
        mime: 'image/svg+xml',
        dataBase64: `data:image/svg+xml;base64,${Buffer.from(SVG).toString('base64')}`,
      }),
    )
    expect(svg.logoMime).toBe('image/svg+xml')
    expect(host.app.services.settings.getLogo()?.bytes.toString('utf8')).toBe(SVG)

    const before = lastMutationId(host)
    const removed = unwrap(await host.invoke('settings.removeLogo', {}))
    expect(removed).toMatchObject({ hasLogo: false, logoMime: null })
    expect(unwrap(await host.invoke('settings.getLogo', {}))).toEqual({ dataUrl: null })
    expect(outboxSince(host, before)[0]?.fields).toMatchObject({ logo: null, logo_mime: null })
  })

  test('setLogo records the logo bytes as base64 in the outbox', async () => {
    unwrap(await host.invoke('settings.get', {}))
    const before = lastMutationId(host)
    unwrap(await host.invoke('settings.setLogo', { mime: 'image/png', dataBase64: PNG_1X1 }))
    const outbox = outboxSince(host, before)
    expect(outbox).toHaveLength(1)
    expect(outbox[0]?.fields).toMatchObject({ logo: { $base64: PNG_1X1 }, logo_mime: 'image/png' })
  })

  test('setLogo rejects other types, mismatched bytes and oversize files, writing nothing', async () => {
    unwrap(await host.invoke('settings.get', {}))
    const counts = storeCounts(host)
    expectValidation(
      await host.invoke('settings.setLogo', {
        mime: 'image/gif',
        dataBase64: 'R0lGODlhAQABAAAAACw=',
      }),
      'mime',
    )
    expectValidation(
      await host.invoke('settings.setLogo', {
        mime: 'image/png',
        dataBase64: JPEG_SMALL.toString('base64'),
      }),
      'dataBase64',
    )
    expectValidation(
      await host.invoke('settings.setLogo', { mime: 'image/jpeg', dataBase64: PNG_1X1 }),
      'dataBase64',
    )
    expectValidation(
      await host.invoke('settings.setLogo', {
        mime: 'image/svg+xml',
        dataBase64: Buffer.from('<html><body>hi</body></html>').toString('base64'),
      }),
      'dataBase64',
    )
    expectValidation(
      await host.invoke('settings.setLogo', { mime: 'image/png', dataBase64: 'not base64!' }),
      'dataBase64',
    )
    // Truncated PNG: header only.
    expectValidation(
      await host.invoke('settings.setLogo', {
        mime: 'image/png',
        dataBase64: Buffer.from(PNG_1X1, 'base64').subarray(0, 40).toString('base64'),
      }),
      'dataBase64',
    )
    // An SVG that links to a local file or a URL would be dropped at export: refused at upload.
    for (const href of ['file:///etc/passwd', 'https://example.com/logo.png']) {
      expectValidation(
        await host.invoke('settings.setLogo', {
          mime: 'image/svg+xml',
          dataBase64: Buffer.from(
            `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="10" height="10"><image xlink:href="${href}" width="10" height="10"/></svg>`,
          ).toString('base64'),
        }),
        'dataBase64',
      )
    }
    const big = Buffer.alloc(2 * 1024 * 1024 + 10)
    Buffer.from(PNG_1X1, 'base64').copy(big)
    expectValidation(
      await host.invoke('settings.setLogo', {
        mime: 'image/png',
        dataBase64: big.toString('base64'),
      }),
      'dataBase64',
    )
    expect(storeCounts(host)).toEqual(counts)
    expect(unwrap(await host.invoke('settings.get', {})).hasLogo).toBe(false)
  })
})
