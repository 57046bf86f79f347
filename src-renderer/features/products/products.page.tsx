import {
  ActionIcon,
  Badge,
  Button,
  Drawer,
  Group,
  Paper,
  Switch,
  Table,
  Text,
  TextInput,
  Tooltip,
} from '@mantine/core'
import { useDebouncedValue } from '@mantine/hooks'
import { notifications } from '@mantine/notifications'
import { IconBuildingStore, IconEdit, IconPlus, IconSearch, IconTrash } from '@tabler/icons-react'
import { useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import type { Product } from '../../../src-shared/domain/proposal.types.ts'
import { useApi } from '../../app/api-context.tsx'
import { useConfirm } from '../../components/confirm.tsx'
import { EmptyBlock } from '../../components/empty-block.tsx'
import { PageHeader } from '../../components/page-header.tsx'
import { errorMessage } from '../../lib/errors.ts'
import { rowActivation } from '../../lib/row-activation.ts'
import { formatTaxes, formatUnitPrice } from '../../lib/format.ts'
import { useProducts } from '../../lib/queries.ts'
import { ProductForm } from './product-form.tsx'

export function ProductsPage() {
  const api = useApi()
  const qc = useQueryClient()
  const confirm = useConfirm()
  const [search, setSearch] = useState('')
  const [showInactive, setShowInactive] = useState(true)
  const [debounced] = useDebouncedValue(search, 200)
  const products = useProducts(debounced, showInactive)
  const [editing, setEditing] = useState<Product | 'new' | null>(null)

  const remove = async (p: Product) => {
    const ok = await confirm({
      title: 'Delete product?',
      message: `"${p.name}" will be removed from the catalog. Existing proposals keep their lines unchanged.`,
      confirmLabel: 'Delete',
      danger: true,
    })
    if (!ok) return
    try {
      await api.call('products.delete', { id: p.id })
      notifications.show({ message: `Deleted ${p.name}`, color: 'gray' })
      await qc.invalidateQueries({ queryKey: ['products'] })
    } catch (err) {
      notifications.show({ title: 'Could not delete', message: errorMessage(err), color: 'red' })
    }
  }

  const rows = products.data ?? []
  return (
    <>
      <PageHeader
        title="Products"
        subtitle="Your catalog of priced products and services, ready to add to proposals."
        actions={
          <Button
            leftSection={<IconPlus size={16} />}
            onClick={() => setEditing('new')}
            data-testid="new-product"
          >
            New product
          </Button>
        }
      />
      <Paper withBorder radius="md" p={0}>
        <Group p="sm" style={{ borderBottom: '1px solid var(--mantine-color-gray-3)' }}>
          <TextInput
            placeholder="Search by SKU, name or description"
            aria-label="Search products"
            leftSection={<IconSearch size={16} />}
            value={search}
            onChange={(e) => setSearch(e.currentTarget.value)}
            w={360}
            data-testid="products-search"
          />
          <Switch
            label="Show inactive"
            checked={showInactive}
            onChange={(e) => setShowInactive(e.currentTarget.checked)}
            size="sm"
          />
          <Text size="sm" c="dimmed" ml="auto">
            {products.data ? `${rows.length} ${rows.length === 1 ? 'product' : 'products'}` : ''}
          </Text>
        </Group>
        {products.isError ? (
          <EmptyBlock title="Could not load products" description={errorMessage(products.error)} />
        ) : rows.length === 0 && !products.isLoading ? (
          <EmptyBlock
            icon={<IconBuildingStore size={28} stroke={1.5} />}
            title={debounced ? 'No products match your search' : 'No products yet'}
            description={
              debounced
                ? 'Try another SKU or name.'
                : 'Add what you sell, with its price and tax rate.'
            }
            action={
              debounced ? undefined : (
                <Button variant="light" onClick={() => setEditing('new')}>
                  Add your first product
                </Button>
              )
            }
          />
        ) : (
          <Table
            highlightOnHover
            verticalSpacing="sm"
            horizontalSpacing="md"
            data-testid="products-table"
          >
            <Table.Thead>
              <Table.Tr>
                <Table.Th w={120}>SKU</Table.Th>
                <Table.Th>Name</Table.Th>
                <Table.Th w={90}>Unit</Table.Th>
                <Table.Th w={140} ta="right">
                  Unit price
                </Table.Th>
                <Table.Th w={140}>Taxes</Table.Th>
                <Table.Th w={90}>Status</Table.Th>
                <Table.Th w={96} />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((p) => (
                <Table.Tr
                  key={p.id}
                  data-testid="product-row"
                  style={{ cursor: 'pointer' }}
                  {...rowActivation(() => setEditing(p))}
                >
                  <Table.Td ff="monospace" fz="sm">
                    {p.sku || (
                      <Text c="dimmed" span>
                        —
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <Text fw={500} size="sm">
                      {p.name}
                    </Text>
                    {p.description && (
                      <Text size="xs" c="dimmed" lineClamp={1}>
                        {p.description}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    {p.unit || (
                      <Text c="dimmed" span>
                        —
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td
                    ta="right"
                    style={{ fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' }}
                  >
                    {formatUnitPrice(p.unitPrice, p.currency)} {p.currency}
                  </Table.Td>
                  <Table.Td>{formatTaxes(p.taxes)}</Table.Td>
                  <Table.Td>
                    <Badge variant="light" color={p.active ? 'teal' : 'gray'} size="sm">
                      {p.active ? 'Active' : 'Inactive'}
                    </Badge>
                  </Table.Td>
                  <Table.Td onClick={(e) => e.stopPropagation()}>
                    <Group gap={4} justify="flex-end" wrap="nowrap">
                      <Tooltip label="Edit">
                        <ActionIcon
                          variant="subtle"
                          color="gray"
                          aria-label={`Edit ${p.name}`}
                          onClick={() => setEditing(p)}
                        >
                          <IconEdit size={16} />
                        </ActionIcon>
                      </Tooltip>
                      <Tooltip label="Delete">
                        <ActionIcon
                          variant="subtle"
                          color="red"
                          aria-label={`Delete ${p.name}`}
                          onClick={() => void remove(p)}
                          data-testid="product-delete"
                        >
                          <IconTrash size={16} />
                        </ActionIcon>
                      </Tooltip>
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Paper>
      <Drawer
        opened={editing !== null}
        onClose={() => setEditing(null)}
        title={<Text fw={600}>{editing === 'new' ? 'New product' : 'Edit product'}</Text>}
        position="right"
        size="md"
      >
        {editing !== null && (
          <ProductForm
            key={editing === 'new' ? 'new' : editing.id}
            product={editing === 'new' ? null : editing}
            onCancel={() => setEditing(null)}
            onSaved={(p) => {
              notifications.show({ message: `Saved ${p.name}`, color: 'teal' })
              setEditing(null)
              void qc.invalidateQueries({ queryKey: ['products'] })
            }}
          />
        )}
      </Drawer>
    </>
  )
}
