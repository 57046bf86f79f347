import { Button, Group, Stack, Switch, Textarea, TextInput } from '@mantine/core'
import { useState } from 'react'
import type { TaxInput } from '../../../src-shared/domain/money.types.ts'
import type { Product } from '../../../src-shared/domain/proposal.types.ts'
import { productInputSchema } from '../../../src-shared/ipc/schemas.ts'
import { useApi } from '../../app/api-context.tsx'
import { CurrencySelect } from '../../components/currency-select.tsx'
import { TaxesInput } from '../../components/taxes-input.tsx'
import { apiFieldErrors, errorMessage, zodFieldErrors, type FieldErrors } from '../../lib/errors.ts'
import { useSettings } from '../../lib/queries.ts'

interface ProductDraft {
  sku: string
  name: string
  description: string
  unit: string
  unitPrice: string
  currency: string
  taxes: TaxInput[]
  active: boolean
}

export function ProductForm({
  product,
  onSaved,
  onCancel,
}: {
  product: Product | null
  onSaved: (p: Product) => void
  onCancel: () => void
}) {
  const api = useApi()
  const settings = useSettings()
  const defaults = settings.data
  const [draft, setDraft] = useState<ProductDraft>(() => ({
    sku: product?.sku ?? '',
    name: product?.name ?? '',
    description: product?.description ?? '',
    unit: product?.unit ?? '',
    unitPrice: product?.unitPrice ?? '',
    currency: product?.currency ?? defaults?.defaultCurrency ?? 'EUR',
    taxes:
      product?.taxes ??
      (defaults && defaults.defaultTaxRate !== '0'
        ? [{ name: '', rate: defaults.defaultTaxRate }]
        : []),
    active: product?.active ?? true,
  }))
  const [errors, setErrors] = useState<FieldErrors>({})
  const [formError, setFormError] = useState<string | null>(null)
  const [saving, setSaving] = useState(false)

  const update = <K extends keyof ProductDraft>(k: K, v: ProductDraft[K]) => {
    setDraft((d) => ({ ...d, [k]: v }))
    setErrors((er) => {
      const { [k]: _omit, ...rest } = er
      return rest
    })
  }
  const text =
    (k: 'sku' | 'name' | 'description' | 'unit' | 'unitPrice') =>
    (e: { currentTarget: { value: string } }) =>
      update(k, e.currentTarget.value)

  const submit = async () => {
    const input = { ...draft, unitPrice: draft.unitPrice.trim() }
    const parsed = productInputSchema.safeParse(input)
    if (!parsed.success) {
      setErrors(zodFieldErrors(parsed.error))
      return
    }
    setSaving(true)
    setFormError(null)
    try {
      const saved = product
        ? await api.call('products.update', { id: product.id, patch: input })
        : await api.call('products.create', input)
      onSaved(saved)
    } catch (err) {
      const fe = apiFieldErrors(err)
      setErrors(fe)
      if (Object.keys(fe).length === 0) setFormError(errorMessage(err))
    } finally {
      setSaving(false)
    }
  }

  const taxSuggestions = ['0%', ...(defaults ? [`${defaults.defaultTaxRate}%`] : [])]
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault()
        void submit()
      }}
      noValidate
      data-testid="product-form"
    >
      <Stack gap="sm">
        <Group grow align="flex-start">
          <TextInput
            label="SKU"
            value={draft.sku}
            onChange={text('sku')}
            error={errors.sku}
            data-testid="product-sku"
          />
          <TextInput
            label="Unit"
            placeholder="hour, pc, month…"
            value={draft.unit}
            onChange={text('unit')}
            error={errors.unit}
            data-testid="product-unit"
          />
        </Group>
        <TextInput
          label="Name"
          required
          value={draft.name}
          onChange={text('name')}
          error={errors.name}
          data-autofocus
          data-testid="product-name"
        />
        <Textarea
          label="Description"
          autosize
          minRows={3}
          value={draft.description}
          onChange={text('description')}
          error={errors.description}
          data-testid="product-description"
        />
        <Group grow align="flex-start">
          <TextInput
            label="Unit price"
            required
            inputMode="decimal"
            placeholder="0.00"
            value={draft.unitPrice}
            onChange={text('unitPrice')}
            error={errors.unitPrice}
            data-testid="product-price"
            styles={{ input: { textAlign: 'right', fontVariantNumeric: 'tabular-nums' } }}
          />
          <CurrencySelect
            value={draft.currency}
            onChange={(v) => update('currency', v)}
            error={errors.currency}
            testId="product-currency"
          />
        </Group>
        <TaxesInput
          label="Tax rates"
          value={draft.taxes}
          onChange={(t) => update('taxes', t)}
          suggestions={taxSuggestions}
          error={errors.taxes}
          testId="product-taxes"
        />
        <Switch
          label="Active (offered when adding lines to proposals)"
          checked={draft.active}
          onChange={(e) => update('active', e.currentTarget.checked)}
          data-testid="product-active"
        />
        {formError && (
          <div role="alert" style={{ color: 'var(--mantine-color-red-7)', fontSize: 14 }}>
            {formError}
          </div>
        )}
        <Group justify="flex-end" gap="xs" mt="xs">
          <Button variant="default" onClick={onCancel}>
            Cancel
          </Button>
          <Button type="submit" loading={saving} data-testid="product-save">
            {product ? 'Save product' : 'Create product'}
          </Button>
        </Group>
      </Stack>
    </form>
  )
}
