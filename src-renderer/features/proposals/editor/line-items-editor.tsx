import {
  ActionIcon,
  Button,
  Checkbox,
  Group,
  Select,
  Table,
  Text,
  Textarea,
  TextInput,
  Tooltip,
} from '@mantine/core'
import { notifications } from '@mantine/notifications'
import { IconArrowDown, IconArrowUp, IconPlus, IconTrash } from '@tabler/icons-react'
import { Fragment, useMemo, useState } from 'react'
import { formatAmount } from '../../../../src-shared/domain/decimal.ts'
import type { CompanySettings } from '../../../../src-shared/domain/proposal.types.ts'
import { TaxesInput } from '../../../components/taxes-input.tsx'
import { formatUnitPrice, UI_LOCALE } from '../../../lib/format.ts'
import { useProducts } from '../../../lib/queries.ts'
import {
  blankLine,
  lineFromProduct,
  moveItem,
  type LineDraft,
  type LiveTotals,
} from './editor-draft.ts'

type LineField = 'description' | 'quantity' | 'unit' | 'unitPrice' | 'discountPercent' | 'taxes'

// The message is also listed under the row (the cells are too narrow for it); Mantine's own
// error element stays in the DOM, hidden, so the input keeps its aria-describedby link.
const cellStyles = { error: { display: 'none' } }
const numberCellStyles = {
  ...cellStyles,
  input: { textAlign: 'right' as const, fontVariantNumeric: 'tabular-nums' },
}

export function LineItemsEditor({
  lines,
  currency,
  settings,
  totals,
  errorFor,
  onChange,
  onTouch,
  readOnly,
}: {
  lines: LineDraft[]
  currency: string
  settings: CompanySettings | undefined
  totals: LiveTotals
  errorFor: (index: number, field: LineField) => string | undefined
  onChange: (lines: LineDraft[]) => void
  onTouch: (key: string, field: LineField) => void
  readOnly: boolean
}) {
  const products = useProducts('', false)
  const [pick, setPick] = useState<string | null>(null)
  const productOptions = useMemo(
    () =>
      (products.data ?? []).map((p) => ({
        value: p.id,
        label: `${p.sku ? `${p.sku} · ` : ''}${p.name} — ${formatUnitPrice(p.unitPrice, p.currency)} ${p.currency}`,
      })),
    [products.data],
  )

  const update = (i: number, patch: Partial<LineDraft>) => {
    onChange(lines.map((l, j) => (j === i ? { ...l, ...patch } : l)))
  }
  const setField = (i: number, field: Exclude<LineField, 'taxes'>, value: string) => {
    const line = lines[i]
    if (!line) return
    onTouch(line.key, field)
    update(i, { [field]: value })
  }

  const addProduct = (id: string | null) => {
    setPick(null)
    const p = products.data?.find((x) => x.id === id)
    if (!p) return
    if (p.currency !== currency) {
      notifications.show({
        color: 'orange',
        title: 'Different currency',
        message: `${p.name} is priced in ${p.currency}; the proposal is in ${currency}. The price was copied as is — check it.`,
      })
    }
    onChange([...lines, lineFromProduct(p)])
  }

  return (
    <>
      {lines.length === 0 ? (
        <Text size="sm" c="dimmed" py="md" ta="center" data-testid="no-lines">
          No line items yet. Add one from the catalog or as free text.
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={980}>
          <Table
            verticalSpacing={6}
            horizontalSpacing={6}
            data-testid="lines-table"
            style={{ tableLayout: 'fixed' }}
          >
            <Table.Thead>
              <Table.Tr>
                <Table.Th w={28}>#</Table.Th>
                <Table.Th>Description</Table.Th>
                <Table.Th w={84} ta="right">
                  Qty
                </Table.Th>
                <Table.Th w={84}>Unit</Table.Th>
                <Table.Th w={112} ta="right">
                  Unit price
                </Table.Th>
                <Table.Th w={76} ta="right">
                  Disc. %
                </Table.Th>
                <Table.Th w={160}>Taxes</Table.Th>
                <Table.Th w={108} ta="right">
                  Net
                </Table.Th>
                <Table.Th w={118} />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {lines.map((l, i) => {
                const idx = totals.lineIndex[i]
                const calc =
                  idx === null || idx === undefined ? undefined : totals.result?.lines[idx]
                const n = i + 1
                const errs = {
                  description: errorFor(i, 'description'),
                  quantity: errorFor(i, 'quantity'),
                  unit: errorFor(i, 'unit'),
                  unitPrice: errorFor(i, 'unitPrice'),
                  discountPercent: errorFor(i, 'discountPercent'),
                  taxes: errorFor(i, 'taxes'),
                }
                const messages = Object.values(errs).filter((m): m is string => Boolean(m))
                return (
                  <Fragment key={l.key}>
                    <Table.Tr
                      data-testid="line-row"
                      style={{
                        verticalAlign: 'top',
                        borderBottom: messages.length > 0 ? 'none' : undefined,
                      }}
                    >
                      <Table.Td pt={13}>
                        <Text size="sm" c="dimmed">
                          {n}
                        </Text>
                      </Table.Td>
                      <Table.Td>
                        <Textarea
                          aria-label={`Line ${n} description`}
                          placeholder="Description"
                          autosize
                          minRows={1}
                          maxRows={8}
                          value={l.description}
                          onChange={(e) => setField(i, 'description', e.currentTarget.value)}
                          error={errs.description}
                          styles={cellStyles}
                          readOnly={readOnly}
                          data-testid="line-description"
                        />
                        {l.optional && (
                          <Text size="xs" c="indigo" mt={4} fw={500}>
                            Optional — shown on the proposal, not included in the total
                          </Text>
                        )}
                      </Table.Td>
                      <Table.Td>
                        <TextInput
                          aria-label={`Line ${n} quantity`}
                          inputMode="decimal"
                          value={l.quantity}
                          onChange={(e) => setField(i, 'quantity', e.currentTarget.value)}
                          error={errs.quantity}
                          styles={numberCellStyles}
                          readOnly={readOnly}
                          data-testid="line-quantity"
                        />
                      </Table.Td>
                      <Table.Td>
                        <TextInput
                          aria-label={`Line ${n} unit`}
                          value={l.unit}
                          onChange={(e) => setField(i, 'unit', e.currentTarget.value)}
                          error={errs.unit}
                          styles={cellStyles}
                          readOnly={readOnly}
                          data-testid="line-unit"
                        />
                      </Table.Td>
                      <Table.Td>
                        <TextInput
                          aria-label={`Line ${n} unit price`}
                          inputMode="decimal"
                          placeholder="0.00"
                          value={l.unitPrice}
                          onChange={(e) => setField(i, 'unitPrice', e.currentTarget.value)}
                          error={errs.unitPrice}
                          styles={numberCellStyles}
                          readOnly={readOnly}
                          data-testid="line-price"
                        />
                      </Table.Td>
                      <Table.Td>
                        <TextInput
                          aria-label={`Line ${n} discount percent`}
                          inputMode="decimal"
                          value={l.discountPercent}
                          onChange={(e) => setField(i, 'discountPercent', e.currentTarget.value)}
                          error={errs.discountPercent}
                          styles={numberCellStyles}
                          readOnly={readOnly}
                          data-testid="line-discount"
                        />
                      </Table.Td>
                      <Table.Td>
                        <TaxesInput
                          ariaLabel={`Line ${n} taxes`}
                          value={l.taxes}
                          onChange={(taxes) => {
                            onTouch(l.key, 'taxes')
                            update(i, { taxes })
                          }}
                          suggestions={settings ? [`${settings.defaultTaxRate}%`, '0%'] : []}
                          error={errs.taxes}
                          hideErrorText
                          placeholder="No tax"
                          testId="line-taxes"
                        />
                      </Table.Td>
                      <Table.Td pt={13} ta="right">
                        <Text
                          size="sm"
                          fw={500}
                          style={{ fontVariantNumeric: 'tabular-nums' }}
                          data-testid="line-net"
                        >
                          {calc ? formatAmount(calc.net, currency, UI_LOCALE) : '—'}
                        </Text>
                      </Table.Td>
                      <Table.Td>
                        <Group gap={2} wrap="nowrap" justify="flex-end" pt={4}>
                          <Tooltip label="Optional line (not in the total)">
                            <Checkbox
                              aria-label={`Line ${n} optional`}
                              checked={l.optional}
                              onChange={(e) => update(i, { optional: e.currentTarget.checked })}
                              disabled={readOnly}
                              size="xs"
                              mr={4}
                              data-testid="line-optional"
                            />
                          </Tooltip>
                          <ActionIcon
                            variant="subtle"
                            color="gray"
                            aria-label={`Move line ${n} up`}
                            disabled={readOnly || i === 0}
                            onClick={() => onChange(moveItem(lines, i, i - 1))}
                          >
                            <IconArrowUp size={15} />
                          </ActionIcon>
                          <ActionIcon
                            variant="subtle"
                            color="gray"
                            aria-label={`Move line ${n} down`}
                            disabled={readOnly || i === lines.length - 1}
                            onClick={() => onChange(moveItem(lines, i, i + 1))}
                          >
                            <IconArrowDown size={15} />
                          </ActionIcon>
                          <ActionIcon
                            variant="subtle"
                            color="red"
                            aria-label={`Remove line ${n}`}
                            disabled={readOnly}
                            onClick={() => onChange(lines.filter((_, j) => j !== i))}
                            data-testid="line-remove"
                          >
                            <IconTrash size={15} />
                          </ActionIcon>
                        </Group>
                      </Table.Td>
                    </Table.Tr>
                    {messages.length > 0 && (
                      <Table.Tr style={{ borderTop: 0 }}>
                        <Table.Td />
                        <Table.Td colSpan={8} pt={0}>
                          <Text size="xs" c="red.7" role="alert" data-testid="line-errors">
                            {messages.join(' · ')}
                          </Text>
                        </Table.Td>
                      </Table.Tr>
                    )}
                  </Fragment>
                )
              })}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {!readOnly && (
        <Group gap="sm" mt="sm">
          <Select
            aria-label="Add a product from the catalog"
            placeholder="Add from catalog…"
            data={productOptions}
            value={pick}
            onChange={addProduct}
            searchable
            clearable={false}
            nothingFoundMessage={
              products.data?.length ? 'No product matches' : 'The catalog is empty'
            }
            w={380}
            maxDropdownHeight={300}
            data-testid="add-product"
          />
          <Button
            variant="default"
            leftSection={<IconPlus size={16} />}
            onClick={() => onChange([...lines, blankLine(settings)])}
            data-testid="add-line"
          >
            Add free-text line
          </Button>
        </Group>
      )}
    </>
  )
}
