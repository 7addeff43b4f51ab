/**
 * Transit's error kinds, after Vault's errutil: a UserError is the caller's fault (a batch item
 * carries it; a single request answers 400), an InternalError is ours (500). Handlers decide the
 * final status the way Vault's do, so a few user errors still answer 500 where Vault returns them
 * as plain errors (e.g. sign with a bad key_version); those sites say so.
 */
import { CoreError } from '../../errors.js';

export class UserError extends CoreError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('CORE_INVALID_REQUEST', message, options);
  }
}

export class InternalError extends CoreError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('CORE_INTERNAL', message, options);
  }
}

/** logical.ErrorResponse(msg) with ErrInvalidRequest (or with a nil error): 400 and Vault's text. */
export function errorResponse(message: string): CoreError {
  return new CoreError('CORE_INVALID_REQUEST', message);
}

/** A handler returning (nil, err) with a plain error: Vault answers 500 with the error's text. */
export function plainError(message: string, options?: { cause?: unknown }): CoreError {
  return new CoreError('CORE_INTERNAL', message, options);
}

/** The text of anything thrown inside transit, for a batch item's `error`. */
export function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** Whether an error is one of ours that Vault would class as internal (errutil.InternalError or a plain error). */
export function isInternal(err: unknown): boolean {
  return !(err instanceof UserError);
}

/** Our own text (Vault has none) for the parts of the API and the key types not built here. */
export function notSupported(what: string): CoreError {
  return new CoreError('CORE_INVALID_REQUEST', `${what} is not supported by this server`);
}
