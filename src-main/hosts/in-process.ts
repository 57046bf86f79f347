import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { Channel, InputOf, OutputOf } from '../../src-shared/ipc/contract.ts'
import type { EventMap, EventName } from '../../src-shared/ipc/events.ts'
import type { Result } from '../../src-shared/ipc/result.ts'
import type { Transport } from '../../src-shared/ipc/transport.ts'
import { createApp, type App } from '../app/create-app.ts'
import {
  memorySecretStore,
  memorySettingsStore,
  noopShell,
  silentLogger,
  systemClock,
  type AppConfig,
  type Ports,
} from '../app/ports.ts'

export interface InProcessHost {
  app: App
  transport: Transport
  /** Typed call that returns the Result envelope (inputs make a JSON round trip like real IPC). */
  invoke<C extends Channel>(channel: C, input: InputOf<C>): Promise<Result<OutputOf<C>>>
  dataDir: string
  close(): Promise<void>
}

/** The real app on a temp data directory, for tests. */
export async function startInProcessHost(
  opts: { dataDir?: string; config?: Partial<AppConfig>; ports?: Partial<Ports> } = {},
): Promise<InProcessHost> {
  const dataDir = opts.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'pd-test-'))
  const app = await createApp(
    {
      dataDir,
      host: 'in-process',
      version: 'test',
      skipSample: true,
      pdfWorkers: 1,
      ...opts.config,
    },
    {
      settings: memorySettingsStore(),
      secrets: memorySecretStore(),
      shell: noopShell,
      clock: systemClock,
      logger: silentLogger,
      ...opts.ports,
    },
  )
  const transport: Transport = {
    async invoke(channel, input) {
      const wire = input === undefined ? undefined : (JSON.parse(JSON.stringify(input)) as unknown)
      return (await app.dispatch(channel, wire, { host: 'in-process' })) as never
    },
    subscribe<E extends EventName>(event: E, listener: (p: EventMap[E]) => void) {
      return app.events.listen((name, payload) => {
        if (name === event) listener(payload as EventMap[E])
      })
    },
  }
  return {
    app,
    transport,
    invoke: (c, i) => transport.invoke(c, i),
    dataDir,
    async close() {
      await app.close()
      if (!opts.dataDir) fs.rmSync(dataDir, { recursive: true, force: true })
    },
  }
}
