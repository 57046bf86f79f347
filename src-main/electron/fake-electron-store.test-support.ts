import Conf, { type Options } from 'conf'

// electron-store is conf plus Electron's userData default; `name` is conf's `configName`.
export default class FakeElectronStore<T extends Record<string, unknown>> extends Conf<T> {
  constructor(opts: Partial<Options<T>> & { name?: string }) {
    const { name, ...rest } = opts
    super({ projectName: 'proposaldesk', ...rest, configName: name ?? 'config' })
  }
}
