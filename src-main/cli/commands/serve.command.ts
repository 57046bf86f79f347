import { startHttpHost } from '../../hosts/http-host.ts'
import { usageError, type CliCommand } from '../cli-types.ts'

export function parsePort(value: unknown): number | undefined {
  if (value === undefined) return undefined
  const n = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : Number.NaN
  if (!Number.isInteger(n) || n < 0 || n > 65535) {
    throw usageError('--port must be a number from 0 to 65535')
  }
  return n
}

export const serveCommand: CliCommand = {
  name: 'serve',
  usage: 'serve [--port N]',
  summary: 'start the browser host on 127.0.0.1; prints its URL (token included) first',
  options: { port: { type: 'string' } },
  async run(ctx) {
    if (ctx.positionals.length > 0) throw usageError('serve takes no arguments')
    const port = parsePort(ctx.flags.port)
    const host = await startHttpHost({
      dataDir: ctx.dataDir,
      ...(port !== undefined ? { port } : {}),
      logger: ctx.logger,
    })
    ctx.io.out(`${host.url}\n`)
    if (!host.rendererBuilt) {
      ctx.io.err(
        `The web interface is not built (${host.staticDir} is missing): run "npm run build:web", or start with "npm start", which builds it.\n`,
      )
    }
    ctx.io.err(`ProposalDesk is serving ${ctx.dataDir} — press Ctrl+C to stop.\n`)
    await new Promise<void>((resolve) => {
      const stop = (): void => {
        process.off('SIGINT', stop)
        process.off('SIGTERM', stop)
        resolve()
      }
      process.on('SIGINT', stop)
      process.on('SIGTERM', stop)
    })
    await host.close()
  },
}
