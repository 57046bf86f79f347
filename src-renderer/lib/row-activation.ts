import type { KeyboardEvent } from 'react'

/** Makes a clickable table row reachable with Tab and activated with Enter or Space. */
export function rowActivation(activate: () => void) {
  return {
    tabIndex: 0,
    onClick: activate,
    onKeyDown: (e: KeyboardEvent<HTMLElement>) => {
      if (e.target !== e.currentTarget) return
      if (e.key === 'Enter' || e.key === ' ') {
        e.preventDefault()
        activate()
      }
    },
  }
}
