import { generateNKeysBetween } from 'fractional-indexing'

/**
 * Order keys for a reordered list. Rows keep their stored `position` when they are part of the
 * longest run that is already in order (longest increasing subsequence); only moved and new rows
 * get fresh keys between their fixed neighbours. So moving one line rewrites one row (and syncs
 * as one field), as sync.md §2.5 needs.
 *
 * `current[i]` is the stored position of the i-th row in the new order, or null for a new row.
 * Returns the position for every row, strictly increasing.
 */
export function planPositions(current: readonly (string | null)[]): string[] {
  const keep = longestIncreasingRun(current)
  const out: (string | null)[] = current.map((p, i) => (keep.has(i) ? p : null))
  try {
    fillGaps(out)
  } catch {
    // Stored keys that are not valid fractional indexes (foreign data): renumber everything.
    return generateNKeysBetween(null, null, current.length)
  }
  return out as string[]
}

function fillGaps(out: (string | null)[]): void {
  let i = 0
  while (i < out.length) {
    if (out[i] !== null) {
      i++
      continue
    }
    let j = i
    while (j < out.length && out[j] === null) j++
    const before = i > 0 ? (out[i - 1] ?? null) : null
    const after = j < out.length ? (out[j] ?? null) : null
    const keys = generateNKeysBetween(before, after, j - i)
    for (let k = i; k < j; k++) out[k] = keys[k - i] ?? null
    i = j
  }
}

/** Indices of one longest strictly increasing subsequence of the non-null keys (O(n log n)). */
function longestIncreasingRun(keys: readonly (string | null)[]): Set<number> {
  const tails: number[] = [] // tails[len-1] = index of the smallest tail of a run of length len
  const prev = new Array<number>(keys.length).fill(-1)
  keys.forEach((key, i) => {
    if (key === null) return
    let lo = 0
    let hi = tails.length
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      const tailKey = keys[tails[mid] ?? 0] ?? ''
      if (tailKey < key) lo = mid + 1
      else hi = mid
    }
    prev[i] = lo > 0 ? (tails[lo - 1] ?? -1) : -1
    tails[lo] = i
  })
  const result = new Set<number>()
  let k = tails.length > 0 ? (tails[tails.length - 1] ?? -1) : -1
  while (k >= 0) {
    result.add(k)
    k = prev[k] ?? -1
  }
  return result
}
