import * as m0001 from './2026_12_03_0001_initial.ts'
import type { RemoteStep } from './2026_12_03_0001_initial.ts'
import * as m0500 from './2026_12_03_0500_number_blocks.ts'

export type { RemoteStep }

/**
 * Static registry of server steps, in apply order. Run only by `proposaldesk server migrate`
 * (an administrator's account with DDL rights); desktops never run DDL.
 */
export const remoteSteps: readonly RemoteStep[] = [...m0001.steps, ...m0500.steps]
