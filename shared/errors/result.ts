/**
 * The one shape every fallible boundary returns (IPC calls, the data layer, validation):
 * callers branch on `ok` instead of catching exceptions that lose their meaning
 * when they cross a process boundary.
 */
export type Result<T, E = AppError> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: E };

export type AppErrorCode =
  | 'invalid-input'
  | 'not-found'
  | 'conflict'
  | 'forbidden'
  | 'untrusted-sender'
  | 'cancelled'
  /** This host cannot do it at all (a browser has no way to hand over a PDF's bytes); the caller takes another way. */
  | 'unsupported'
  | 'failed';

export interface AppError {
  readonly code: AppErrorCode;
  /** A sentence a reviewer can act on; never a stack trace. */
  readonly message: string;
  /** Field-level problems, keyed by a dotted path such as `marking.relTo`. */
  readonly issues?: readonly FieldIssue[];
}

export interface FieldIssue {
  readonly path: string;
  readonly message: string;
}

export function ok<T>(value: T): Result<T, never> {
  return { ok: true, value };
}

export function err(code: AppErrorCode, message: string, issues?: readonly FieldIssue[]): Result<never> {
  return { ok: false, error: issues === undefined ? { code, message } : { code, message, issues } };
}
