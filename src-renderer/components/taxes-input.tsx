import { TagsInput } from '@mantine/core'
import type { TaxInput } from '../../src-shared/domain/money.types.ts'

/** "VAT 20%" → {name: 'VAT', rate: '20'}; "20" → {name: '', rate: '20'}. Unparseable text keeps
 * its words as the rate so validation names it instead of the input silently dropping it. */
export function parseTaxTag(tag: string): TaxInput {
  const t = tag.trim()
  const m = /^(.*?)\s*([+-]?\d+(?:[.,]\d+)?)\s*%?$/.exec(t)
  if (!m) return { name: '', rate: t.replace(/%$/, '') }
  return { name: (m[1] ?? '').trim(), rate: (m[2] ?? '').replace(',', '.') }
}

export function taxTag(t: TaxInput): string {
  return t.name ? `${t.name} ${t.rate}%` : `${t.rate}%`
}

export function TaxesInput({
  value,
  onChange,
  suggestions = [],
  label,
  error,
  placeholder,
  testId,
  ariaLabel,
  hideErrorText,
}: {
  value: readonly TaxInput[]
  onChange: (taxes: TaxInput[]) => void
  suggestions?: string[]
  label?: string
  /** A message, or true for a red outline when the message is shown elsewhere. */
  error?: string | boolean | undefined
  /** Keep the message for assistive tech but do not draw it (shown elsewhere). */
  hideErrorText?: boolean
  placeholder?: string
  testId?: string
  ariaLabel?: string
}) {
  const tags = value.map(taxTag)
  return (
    <TagsInput
      label={label}
      aria-label={ariaLabel ?? label}
      value={tags}
      onChange={(next) => onChange(next.map(parseTaxTag))}
      data={suggestions.filter((s) => !tags.includes(s))}
      placeholder={tags.length === 0 ? (placeholder ?? 'e.g. 20%') : undefined}
      error={error}
      splitChars={[',', ';']}
      acceptValueOnBlur
      clearable={false}
      data-testid={testId}
      size="sm"
      styles={{
        inputField: { minWidth: 24, flexBasis: 24 },
        ...(hideErrorText ? { error: { display: 'none' } } : {}),
      }}
    />
  )
}
