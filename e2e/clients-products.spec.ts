import { expect, test } from './fixtures.ts'

test('clients: create, search, edit and delete with confirmation', async ({
  page,
  app,
  clients,
}) => {
  await app.goto('clients')
  await clients.create({ name: 'Globex Corporation', email: 'buyer@globex.example' })
  await clients.create({ name: 'Initech', email: 'bill@initech.example' })

  await page.getByTestId('clients-search').fill('globex')
  await expect(clients.rows).toHaveCount(1)
  await page.getByTestId('clients-search').fill('')

  // A bad email is refused with a message naming the field.
  await clients.row('Initech').click()
  await page.getByTestId('client-email').fill('not-an-email')
  await page.getByTestId('client-save').click()
  await expect(page.getByTestId('client-form')).toContainText('Email: not an email address')
  await page.getByTestId('client-email').fill('peter@initech.example')
  await page.getByTestId('client-save').click()
  await expect(clients.row('Initech')).toContainText('peter@initech.example')

  await clients.row('Initech').getByTestId('client-delete').click()
  await app.confirmDialog()
  await expect(clients.row('Initech')).toHaveCount(0)
  await expect(clients.row('Globex Corporation')).toHaveCount(1)
})

test('products: a price with too many decimals is refused; edit and deactivate', async ({
  page,
  app,
  products,
}) => {
  await app.goto('products')
  await page.getByTestId('new-product').click()
  await page.getByTestId('product-name').fill('Licence')
  await page.getByTestId('product-price').fill('1.1234567')
  await page.getByTestId('product-save').click()
  await expect(page.getByTestId('product-form')).toContainText(
    'Unit price: at most 6 decimal places',
  )
  await page.getByTestId('product-price').fill('49.90')
  await page.getByTestId('product-save').click()
  await expect(products.row('Licence')).toContainText('49.90 EUR')

  await products.row('Licence').click()
  await page.getByTestId('product-active').click()
  await page.getByTestId('product-save').click()
  await expect(products.row('Licence')).toContainText('Inactive')
})

test('the editor creates a client inline and selects it', async ({
  page,
  app,
  clients,
  proposals,
}) => {
  await app.goto('proposals')
  await proposals.newProposal()
  await page.getByTestId('new-client-inline').click()
  await clients.fillAndSubmit({ name: 'Umbrella Ltd', email: 'ops@umbrella.example' })
  await expect(page.getByTestId('client-select')).toHaveValue('Umbrella Ltd')
  await expect(page.getByTestId('client-detail')).toContainText('ops@umbrella.example')
})
