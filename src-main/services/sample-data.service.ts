import type { Proposal } from '../../src-shared/domain/proposal.types.ts'
import type { LocalDb } from '../db/local-database.ts'
import { getLocalState, setLocalState } from '../repositories/local-state.repository.ts'
import { anyProposalRowExists } from '../repositories/proposal.repository.ts'
import type { ClientsService, SettingsService } from './index.ts'
import type { ProposalsServiceImpl } from './proposal.service.ts'

/** local_state key recording that the first-start sample was offered (never offered again). */
export const SAMPLE_SEEDED_KEY = 'sample_seeded_at'
export const SAMPLE_TITLE = 'Sample proposal — delete me'

/**
 * First start: one clearly marked sample proposal so the welcome screen shows what the app does.
 * Recorded in local_state, so deleting the sample does not bring it back; a store that already
 * holds proposals (an older store, an import) gets none.
 */
export function seedSampleIfFirstStart(
  db: LocalDb,
  services: { clients: ClientsService; proposals: ProposalsServiceImpl; settings: SettingsService },
  now: Date,
): Proposal | null {
  if (getLocalState(db, SAMPLE_SEEDED_KEY) !== undefined) return null
  let sample: Proposal | null = null
  if (!anyProposalRowExists(db)) {
    const { defaultTaxRate } = services.settings.get()
    // The same unnamed default tax a new line or product gets, so the sample's lines and a line
    // added to it read alike ("20%").
    const taxes = [{ name: '', rate: defaultTaxRate }]
    const client = services.clients.create({
      name: 'Example Client Ltd (sample)',
      contactName: 'Alex Example',
      email: 'alex@example.com',
      phone: '+44 20 7946 0000',
      address: '1 Sample Street\nLondon EC1A 1AA\nUnited Kingdom',
      taxId: '',
      notes: 'Sample client created on first start. Delete it whenever you like.',
    })
    sample = services.proposals.create(
      {
        title: `${SAMPLE_TITLE}: website redesign`,
        clientId: client.id,
        notes: 'This sample shows sections, priced lines, an optional line and totals.',
        sections: [
          {
            title: 'Introduction',
            body: 'Thank you for the opportunity to quote. This proposal covers the redesign of your website.',
          },
          {
            title: 'Scope of work',
            body: 'Discovery workshop, visual design, build and launch. Hosting is not included.',
          },
          {
            title: 'Next steps',
            body: 'Accept this proposal before the validity date and we will schedule the kickoff.',
          },
        ],
        lines: [
          {
            productId: null,
            sku: 'WS-01',
            description: 'Discovery workshop (one day, on site)',
            quantity: '1',
            unit: 'day',
            unitPrice: '1200',
            discountPercent: '0',
            taxes,
            optional: false,
          },
          {
            productId: null,
            sku: 'DS-01',
            description: 'Visual design',
            quantity: '24',
            unit: 'h',
            unitPrice: '95',
            discountPercent: '0',
            taxes,
            optional: false,
          },
          {
            productId: null,
            sku: 'DV-01',
            description: 'Build and launch',
            quantity: '40',
            unit: 'h',
            unitPrice: '95',
            discountPercent: '10',
            taxes,
            optional: false,
          },
          {
            productId: null,
            sku: 'SP-12',
            description: 'Support retainer, first month (optional)',
            quantity: '1',
            unit: 'month',
            unitPrice: '450',
            discountPercent: '0',
            taxes,
            optional: true,
          },
        ],
      },
      { isSample: true },
    )
  }
  setLocalState(db, SAMPLE_SEEDED_KEY, now.toISOString())
  return sample
}
