import { Mark } from '@mantine/core'
import type { Highlighted } from '../../../src-shared/ipc/quoting.contract.ts'

/** Search results arrive as plain/matched runs (no markup crosses the IPC boundary). */
export function HighlightedText({ runs }: { runs: Highlighted }) {
  return (
    <>
      {runs.map((r, i) =>
        r.match ? (
          <Mark key={i} color="yellow">
            {r.text}
          </Mark>
        ) : (
          <span key={i}>{r.text}</span>
        ),
      )}
    </>
  )
}
