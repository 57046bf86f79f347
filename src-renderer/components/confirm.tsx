import { Button, Group, Modal, Text } from '@mantine/core'
import { createContext, useCallback, useContext, useRef, useState, type ReactNode } from 'react'

export interface ConfirmOptions {
  title: string
  message: ReactNode
  confirmLabel?: string
  cancelLabel?: string
  danger?: boolean
}

type ConfirmFn = (opts: ConfirmOptions) => Promise<boolean>

const ConfirmContext = createContext<ConfirmFn | null>(null)

/** One app-wide confirmation dialog, awaited like `window.confirm` but styled and accessible. */
export function ConfirmProvider({ children }: { children: ReactNode }) {
  const [opts, setOpts] = useState<ConfirmOptions | null>(null)
  const resolver = useRef<((v: boolean) => void) | null>(null)

  const confirm = useCallback<ConfirmFn>((o) => {
    resolver.current?.(false)
    setOpts(o)
    return new Promise<boolean>((resolve) => {
      resolver.current = resolve
    })
  }, [])

  const close = (value: boolean) => {
    resolver.current?.(value)
    resolver.current = null
    setOpts(null)
  }

  return (
    <ConfirmContext.Provider value={confirm}>
      {children}
      <Modal
        opened={opts !== null}
        onClose={() => close(false)}
        title={<Text fw={600}>{opts?.title}</Text>}
        centered
        size="md"
        data-testid="confirm-dialog"
      >
        <Text size="sm">{opts?.message}</Text>
        <Group justify="flex-end" mt="lg" gap="xs">
          <Button variant="default" onClick={() => close(false)} data-testid="confirm-cancel">
            {opts?.cancelLabel ?? 'Cancel'}
          </Button>
          <Button
            color={opts?.danger ? 'red' : undefined}
            onClick={() => close(true)}
            data-testid="confirm-ok"
            data-autofocus
          >
            {opts?.confirmLabel ?? 'Confirm'}
          </Button>
        </Group>
      </Modal>
    </ConfirmContext.Provider>
  )
}

export function useConfirm(): ConfirmFn {
  const c = useContext(ConfirmContext)
  if (!c) throw new Error('useConfirm outside <ConfirmProvider>')
  return c
}
