/** Closed set of error codes that cross the IPC/HTTP boundary (errors are data, never thrown across). */
export const ERROR_CODES = [
  'validation',
  'not_found',
  'conflict',
  'invalid_state',
  'forbidden',
  'unavailable',
  'cancelled',
  'internal',
] as const
export type ErrorCode = (typeof ERROR_CODES)[number]

export interface FieldIssue {
  /** e.g. "lines[2].quantity" */
  path: string
  message: string
}

export interface AppErrorData {
  code: ErrorCode
  /** One line a user can read; for validation it names the field(s). */
  message: string
  details?: { issues?: FieldIssue[]; [key: string]: unknown }
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: AppErrorData }

/** Thrown by services; the dispatcher turns it into `{ok:false, error}`. */
export class AppError extends Error {
  readonly code: ErrorCode
  readonly details: AppErrorData['details']
  constructor(code: ErrorCode, message: string, details?: AppErrorData['details']) {
    super(message)
    this.name = 'AppError'
    this.code = code
    this.details = details
  }
  toData(): AppErrorData {
    return this.details === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, details: this.details }
  }
}

export function validationError(issues: FieldIssue[]): AppError {
  const message = issues
    .slice(0, 5)
    .map((i) => (i.path ? `${i.path}: ${i.message}` : i.message))
    .join('; ')
  return new AppError('validation', message || 'invalid input', { issues })
}

/** Formats a path array the way the interchange spec does: `proposals[3].lines[0].quantity`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = ''
  for (const p of path) {
    if (typeof p === 'number') out += `[${p}]`
    else out += out ? `.${String(p)}` : String(p)
  }
  return out
}
