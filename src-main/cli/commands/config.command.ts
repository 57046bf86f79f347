import type { App } from '../../app/create-app.ts'
import { smtpSettingsInput } from '../../../src-shared/ipc/email.contract.ts'
import { parseServerUrl, serverUrlOf } from '../../sync/remote-connection.ts'
import { CONFIG_KEYS, findConfigKey, parseConfigValue, type ConfigKey } from '../config-keys.ts'
import { CliError, EXIT_USAGE, usageError, type CliCommand } from '../cli-types.ts'

function keyOrFail(name: string | undefined): ConfigKey {
  if (name === undefined)
    throw usageError('config get|set needs a KEY (see proposaldesk config list)')
  const key = findConfigKey(name)
  if (!key) {
    throw usageError(
      `unknown key "${name}"; known keys: ${CONFIG_KEYS.map((k) => k.key).join(', ')}`,
    )
  }
  return key
}

async function readValue(app: App, key: ConfigKey): Promise<unknown> {
  if (key.kind === 'company') return app.services.settings.get()[key.field]
  if (key.kind === 'setting') return app.ports.settings.get(key.key) ?? null
  if (key.kind === 'server-url') {
    const s = await app.sync.getSettings()
    return s.host ? serverUrlOf({ ...s, password: undefined, tlsCa: undefined }) : null
  }
  return (await app.ports.secrets.get(key.secretName ?? key.key)) !== null
}

async function writeServerUrl(app: App, value: string): Promise<void> {
  if (value === '') {
    await app.sync.saveSettings({ host: '', port: 3306, database: '', user: '', password: null })
    return
  }
  let cfg
  try {
    cfg = parseServerUrl(value)
  } catch (e) {
    throw new CliError('validation', `server.url: ${(e as Error).message}`, EXIT_USAGE)
  }
  // A URL without a password keeps the stored one (set it with `config set server.password`).
  await app.sync.saveSettings({
    host: cfg.host,
    port: cfg.port,
    database: cfg.database,
    user: cfg.user,
    password: cfg.password,
    tlsCa: cfg.tlsCa,
  })
}

export const configCommand: CliCommand = {
  name: 'config',
  usage: 'config get|set|list [KEY] [VALUE]',
  summary: 'read and write settings; secrets are write-only and never printed',
  async run(ctx) {
    const [action, name, value, ...extra] = ctx.positionals
    if (extra.length > 0) throw usageError('too many arguments')
    if (action === 'list') {
      if (name !== undefined) throw usageError('config list takes no KEY')
      const app = await ctx.openApp()
      for (const key of CONFIG_KEYS) {
        const v = await readValue(app, key)
        ctx.printJson(
          key.kind === 'secret'
            ? { key: key.key, secret: true, set: v }
            : { key: key.key, value: v },
        )
      }
      return
    }
    if (action === 'get') {
      const key = keyOrFail(name)
      if (value !== undefined) throw usageError('config get takes one KEY')
      if (key.kind === 'secret') {
        throw new CliError(
          'forbidden',
          `${key.key} is a secret: it can be set but never printed (config list shows whether it is set)`,
          EXIT_USAGE,
        )
      }
      const app = await ctx.openApp()
      ctx.printJson(await readValue(app, key))
      return
    }
    if (action === 'set') {
      const key = keyOrFail(name)
      if (value === undefined) throw usageError(`config set ${key.key} needs a VALUE`)
      const app = await ctx.openApp()
      if (key.kind === 'secret') {
        await app.ports.secrets.set(key.secretName ?? key.key, value === '' ? null : value)
        return
      }
      if (key.kind === 'server-url') {
        await writeServerUrl(app, value)
        return
      }
      const parsed = parseConfigValue(key.type, value)
      if (parsed === null)
        throw usageError(
          `${key.key} must be ${key.type === 'boolean' ? 'true or false' : 'a whole number'}`,
        )
      if (key.kind === 'company') {
        try {
          app.services.settings.update({ [key.field]: parsed })
        } catch (e) {
          // The service names the field (`validityDays: …`); say it with the key the user typed.
          if (e instanceof Error && 'code' in e && e.code === 'validation') {
            throw new CliError(
              'validation',
              `${key.key}: ${e.message.replace(/^[^:]*:\s*/, '')}`,
              EXIT_USAGE,
            )
          }
          throw e
        }
      } else {
        // SMTP keys obey the same rules as the app's email settings form.
        const field = key.key.startsWith('smtp.') ? key.key.slice('smtp.'.length) : null
        const rule =
          field && field in smtpSettingsInput.shape
            ? smtpSettingsInput.shape[field as keyof typeof smtpSettingsInput.shape]
            : null
        const checked = rule?.safeParse(parsed)
        if (checked && !checked.success) {
          throw new CliError(
            'validation',
            `${key.key}: ${checked.error.issues[0]?.message ?? 'invalid value'}`,
            EXIT_USAGE,
          )
        }
        app.ports.settings.set(key.key, parsed)
      }
      return
    }
    throw usageError('usage: proposaldesk config get|set|list [KEY] [VALUE]')
  },
}
