import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { startInProcessHost, type InProcessHost } from '../hosts/in-process.ts'
import { unwrap } from '../handlers/channel-test-support.ts'
import { detectDelimiter, normaliseNumber, parseCsvText, parseTaxesCell } from './csv.service.ts'

let host: InProcessHost
beforeEach(async () => {
  host = await startInProcessHost()
})
afterEach(async () => {
  await host.close()
})

const count = (table: string): number =>
  (host.app.db.sqlite.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n

describe('CSV parsing', () => {
  test('a BOM, semicolons and a quoted field with a newline and a quote parse into one record', () => {
    const text =
      '\uFEFFName;Address;Email\r\n"Müller; Söhne";"Hauptstr. 1\n10115 ""Mitte""";a@b.de\r\n'
    const parsed = parseCsvText(text)
    expect(parsed.delimiter).toBe(';')
    expect(parsed.headers).toEqual(['Name', 'Address', 'Email'])
    expect(parsed.records).toEqual([
      { row: 2, cells: ['Müller; Söhne', 'Hauptstr. 1\n10115 "Mitte"', 'a@b.de'] },
    ])
  })

  test('the delimiter is the one that splits the header most, ignoring quoted ones', () => {
    expect(detectDelimiter('"a;b;c",d,e\n')).toBe(',')
    expect(detectDelimiter('sku;name;price\n')).toBe(';')
    expect(detectDelimiter('sku\tname\tprice\n')).toBe('\t')
  })

  test('numbers in European and English notation become canonical decimal strings', () => {
    expect(normaliseNumber('1.234,50')).toBe('1234.50')
    expect(normaliseNumber('1,234.50')).toBe('1234.50')
    expect(normaliseNumber('12,5')).toBe('12.5')
    expect(normaliseNumber('€ 99.90')).toBe('99.90')
    expect(normaliseNumber('20 %')).toBe('20')
    expect(normaliseNumber('abc')).toBe('abc')
  })

  test('a taxes cell holds named rates separated by | or ;', () => {
    expect(parseTaxesCell('GST=5 | QST=9.975')).toEqual([
      { name: 'GST', rate: '5' },
      { name: 'QST', rate: '9.975' },
    ])
    expect(parseTaxesCell('20')).toEqual([{ name: '', rate: '20' }])
    expect(parseTaxesCell('VAT 19%')).toEqual([{ name: 'VAT', rate: '19' }])
  })
})

describe('csv.preview / csv.import', () => {
  const products = [
    'SKU;Product name;Description;Unit;Price;VAT %;Active',
    'WEB-01;Website design;"Responsive,\nthree pages";pcs;1.250,00;20;yes',
    'HR-01;Consulting hour;;h;95,5;20;no',
    'BAD-1;;;h;abc;20;yes',
    'BAD-2;Broken price;;h;12.1234567;20;maybe',
  ].join('\r\n')

  test('preview guesses the mapping and lists each bad row with its row number and field', async () => {
    const preview = unwrap(await host.invoke('csv.preview', { entity: 'products', text: products }))
    expect(preview.delimiter).toBe(';')
    expect(preview.mapping).toEqual({
      '0': 'sku',
      '1': 'name',
      '2': 'description',
      '3': 'unit',
      '4': 'unitPrice',
      '5': 'taxRate',
      '6': 'active',
    })
    expect(preview.totalRows).toBe(4)
    expect(preview.validRows).toBe(2)
    expect(preview.rows[0]).toMatchObject({
      row: 2,
      action: 'create',
      values: {
        sku: 'WEB-01',
        name: 'Website design',
        description: 'Responsive,\nthree pages',
        unitPrice: '1250.00',
        currency: 'EUR',
        taxes: [{ name: '', rate: '20' }],
        active: true,
      },
    })
    expect(preview.rows[1]?.values).toMatchObject({ unitPrice: '95.5', active: false })
    expect(preview.errors.map((e) => [e.row, e.field])).toEqual([
      [4, 'name'],
      [4, 'unitPrice'],
      [5, 'active'],
      [5, 'unitPrice'],
    ])
    expect(count('products')).toBe(0)
  })

  test('import with a bad row writes nothing and names the rows', async () => {
    unwrap(await host.invoke('settings.get', {}))
    const outboxBefore = count('sync_outbox')
    const r = await host.invoke('csv.import', { entity: 'products', text: products })
    expect(r.ok).toBe(false)
    if (r.ok) return
    expect(r.error.code).toBe('validation')
    expect(r.error.message).toContain('row 4')
    expect(count('products')).toBe(0)
    expect(count('sync_outbox')).toBe(outboxBefore)
  })

  test('import with skipBadRows writes the good rows and reports the skipped ones', async () => {
    const r = unwrap(
      await host.invoke('csv.import', { entity: 'products', text: products, skipBadRows: true }),
    )
    expect(r).toMatchObject({ created: 2, updated: 0, skipped: 2 })
    expect(r.errors.map((e) => e.row)).toEqual([4, 4, 5, 5])
    const list = unwrap(await host.invoke('products.list', { includeInactive: true }))
    expect(list.map((p) => [p.sku, p.unitPrice, p.active])).toEqual([
      ['HR-01', '95.5', false],
      ['WEB-01', '1250', true],
    ])
  })

  test('a product with a known SKU is updated, only in the mapped columns', async () => {
    const existing = unwrap(
      await host.invoke('products.create', {
        sku: 'WEB-01',
        name: 'Old name',
        description: 'kept',
        unitPrice: '1000',
        currency: 'EUR',
      }),
    )
    const r = unwrap(
      await host.invoke('csv.import', {
        entity: 'products',
        text: 'sku,name,price\nWEB-01,New name,1100\nNEW-9,Fresh,5\n',
      }),
    )
    expect(r).toMatchObject({ created: 1, updated: 1, skipped: 0 })
    const after = unwrap(await host.invoke('products.get', { id: existing.id }))
    expect(after).toMatchObject({ name: 'New name', unitPrice: '1100', description: 'kept' })
  })

  test('an explicit mapping overrides the guess; the same email twice is a row error', async () => {
    const text = 'Firma,Mail,Telefon\nAcme,ops@acme.example,+49 30 1\nAcme 2,OPS@acme.example,\n'
    const mapping = { '0': 'name', '1': 'email', '2': 'phone' }
    const preview = unwrap(await host.invoke('csv.preview', { entity: 'clients', text, mapping }))
    expect(preview.errors).toEqual([{ row: 3, field: 'email', message: 'the same email as row 2' }])
    const r = unwrap(
      await host.invoke('csv.import', { entity: 'clients', text, mapping, skipBadRows: true }),
    )
    expect(r).toMatchObject({ created: 1, skipped: 1 })
    const clients = unwrap(await host.invoke('clients.list', {}))
    expect(clients.map((c) => [c.name, c.email, c.phone])).toEqual([
      ['Acme', 'ops@acme.example', '+49 30 1'],
    ])
  })

  test('a mapping without a name column is refused before reading rows', async () => {
    const r = await host.invoke('csv.preview', {
      entity: 'clients',
      text: 'a,b\n1,2\n',
      mapping: { '0': 'email', '1': '' },
    })
    expect(r.ok).toBe(false)
    if (!r.ok) expect(r.error.message).toContain('no column is mapped to "name"')
  })
})

describe('csv.export', () => {
  test('exports clients and products with a BOM and round-trips through import', async () => {
    unwrap(
      await host.invoke('clients.create', {
        name: 'Ærøskøbing "Fish" & Co',
        address: 'Line 1\nLine 2',
        email: 'fish@example.dk',
      }),
    )
    unwrap(await host.invoke('clients.create', { name: '=HYPERLINK("x")' }))
    unwrap(
      await host.invoke('products.create', {
        sku: 'QC-1',
        name: 'Québec service',
        unitPrice: '100.125',
        currency: 'CAD',
        taxes: [
          { name: 'GST', rate: '5' },
          { name: 'QST', rate: '9.975' },
        ],
      }),
    )
    const clients = unwrap(await host.invoke('csv.export', { entity: 'clients' }))
    expect(clients.rows).toBe(2)
    expect(clients.text.startsWith('\uFEFFname,contactName,email')).toBe(true)
    expect(clients.text).toContain('"Ærøskøbing ""Fish"" & Co",,fish@example.dk,,"Line 1\nLine 2"')
    // Formula-looking text is neutralised for spreadsheet apps.
    expect(clients.text).toContain(`"'=HYPERLINK(""x"")"`)
    const productsCsv = unwrap(await host.invoke('csv.export', { entity: 'products' }))
    expect(productsCsv.text).toContain('QC-1,Québec service,,,100.125,CAD,GST=5 | QST=9.975,yes')

    const other = await startInProcessHost()
    try {
      unwrap(await other.invoke('csv.import', { entity: 'clients', text: clients.text }))
      unwrap(await other.invoke('csv.import', { entity: 'products', text: productsCsv.text }))
      const c = unwrap(await other.invoke('clients.list', {}))
      expect(c.map((x) => [x.name, x.address])).toEqual([
        ['=HYPERLINK("x")', ''],
        ['Ærøskøbing "Fish" & Co', 'Line 1\nLine 2'],
      ])
      const p = unwrap(await other.invoke('products.list', {}))
      expect(p[0]).toMatchObject({
        sku: 'QC-1',
        unitPrice: '100.125',
        currency: 'CAD',
        taxes: [
          { name: 'GST', rate: '5' },
          { name: 'QST', rate: '9.975' },
        ],
      })
    } finally {
      await other.close()
    }
  })
})
