import os from 'node:os'
import path from 'node:path'

export const APP_DIR_NAME = 'ProposalDesk'

export interface DataDirSources {
  /** `--data-dir` on the command line (wins). */
  flag?: string | undefined
  env?: NodeJS.ProcessEnv
  platform?: NodeJS.Platform
  home?: string
}

/**
 * The per-user data directory shared by the desktop app, the browser host and the CLI:
 * `--data-dir` > `PROPOSALDESK_DATA_DIR` > the platform's per-user application data folder.
 * Electron is pointed at the same folder (`app.setPath('userData', …)`), so a data directory is one
 * device whichever host opens it.
 */
export function resolveDataDir(src: DataDirSources = {}): string {
  const env = src.env ?? process.env
  if (src.flag) return path.resolve(src.flag)
  const fromEnv = env.PROPOSALDESK_DATA_DIR
  if (fromEnv) return path.resolve(fromEnv)
  return defaultDataDir(src.platform ?? process.platform, env, src.home ?? os.homedir())
}

export function defaultDataDir(
  platform: NodeJS.Platform,
  env: NodeJS.ProcessEnv,
  home: string,
): string {
  if (platform === 'win32') {
    const base = env.APPDATA ?? path.win32.join(home, 'AppData', 'Roaming')
    return path.win32.join(base, APP_DIR_NAME)
  }
  if (platform === 'darwin') {
    return path.posix.join(home, 'Library', 'Application Support', APP_DIR_NAME)
  }
  // XDG says a relative XDG_DATA_HOME is invalid and must be ignored.
  const xdg = env.XDG_DATA_HOME
  const base = xdg && path.posix.isAbsolute(xdg) ? xdg : path.posix.join(home, '.local', 'share')
  return path.posix.join(base, APP_DIR_NAME)
}
