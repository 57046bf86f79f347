import { Select } from '@mantine/core'
import { useMemo } from 'react'
import { currencyOptions } from '../../src-shared/domain/currency.ts'
import { UI_LOCALE } from '../lib/format.ts'

export function CurrencySelect({
  value,
  onChange,
  label = 'Currency',
  error,
  testId,
  w,
}: {
  value: string
  onChange: (code: string) => void
  label?: string
  error?: string | undefined
  testId?: string
  w?: number | string
}) {
  const data = useMemo(
    () =>
      currencyOptions(UI_LOCALE).map((c) => ({
        value: c.code,
        // Intl has no display name for some codes and echoes the code: "SLE", not "SLE — SLE".
        label: c.name && c.name !== c.code ? `${c.code} — ${c.name}` : c.code,
      })),
    [],
  )
  return (
    <Select
      label={label}
      data={data}
      value={value}
      onChange={(v) => v && onChange(v)}
      searchable
      allowDeselect={false}
      error={error}
      data-testid={testId}
      w={w}
      comboboxProps={{ width: 280, position: 'bottom-start' }}
      maxDropdownHeight={280}
    />
  )
}
