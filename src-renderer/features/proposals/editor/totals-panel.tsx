import { Alert, Divider, Group, Stack, Text } from '@mantine/core'
import { IconAlertTriangle } from '@tabler/icons-react'
import type { ReactNode } from 'react'
import { formatAmount } from '../../../../src-shared/domain/decimal.ts'
import { money, UI_LOCALE } from '../../../lib/format.ts'
import type { LiveTotals } from './editor-draft.ts'

function Row({
  label,
  value,
  strong,
  testId,
  rowTestId,
}: {
  label: ReactNode
  value: string
  strong?: boolean
  testId?: string
  rowTestId?: string
}) {
  return (
    <Group justify="space-between" gap="lg" wrap="nowrap" data-testid={rowTestId}>
      <Text size={strong ? 'md' : 'sm'} fw={strong ? 700 : 400} c={strong ? undefined : 'dimmed'}>
        {label}
      </Text>
      <Text
        size={strong ? 'md' : 'sm'}
        fw={strong ? 700 : 500}
        style={{ fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' }}
        data-testid={testId}
      >
        {value}
      </Text>
    </Group>
  )
}

/** Live totals from the shared calculator — the same numbers the PDF prints. */
export function TotalsPanel({ totals, currency }: { totals: LiveTotals; currency: string }) {
  const r = totals.result
  if (!r) {
    return (
      <Alert
        color="orange"
        variant="light"
        icon={<IconAlertTriangle size={18} />}
        data-testid="totals-error"
      >
        Totals unavailable: {totals.error}
      </Alert>
    )
  }
  const t = r.totals
  const amt = (minor: number) => formatAmount(minor, currency, UI_LOCALE)
  // The discount is subtracted, so it is shown negated; on a negative subtotal it adds. One sign,
  // never "−-".
  const signed = (minor: number) => (minor < 0 ? `−${amt(-minor)}` : `+${amt(minor)}`)
  return (
    <Stack gap={6} data-testid="totals">
      <Row label="Subtotal" value={amt(t.linesNet)} testId="totals-lines-net" />
      {t.documentDiscount !== 0 && (
        <Row
          label="Document discount"
          value={signed(-t.documentDiscount)}
          testId="totals-discount"
        />
      )}
      {t.documentDiscount !== 0 && <Row label="Net" value={amt(t.net)} />}
      <span hidden data-testid="totals-net">
        {amt(t.net)}
      </span>
      {t.taxes.map((tax) => (
        <Row
          key={`${tax.name}|${tax.rate}`}
          label={`${tax.name ? `${tax.name} ` : 'Tax '}${tax.rate}% on ${amt(tax.base)}`}
          value={amt(tax.tax)}
          rowTestId="tax-row"
        />
      ))}
      {t.taxes.length !== 1 && <Row label="Total tax" value={amt(t.tax)} testId="totals-tax" />}
      {t.taxes.length === 1 && (
        <span hidden data-testid="totals-tax">
          {amt(t.tax)}
        </span>
      )}
      <Divider my={4} />
      <Row
        label={`Total (${currency})`}
        value={money(t.gross, currency)}
        strong
        testId="totals-gross"
      />
      {t.optionalNet !== 0 && (
        <Text size="xs" c="dimmed" ta="right" data-testid="totals-optional">
          Optional items, not included: {amt(t.optionalNet)} net
        </Text>
      )}
      {totals.excluded > 0 && (
        <Text size="xs" c="orange.8" ta="right" data-testid="totals-excluded">
          {totals.excluded === 1 ? '1 line is' : `${totals.excluded} lines are`} left out until its
          numbers are fixed.
        </Text>
      )}
    </Stack>
  )
}
