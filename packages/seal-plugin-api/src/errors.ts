/**
 * The one error a seal plugin throws. The server recognises it by its brand (a registered symbol)
 * or by its `code`, never by `instanceof` alone: a plugin loads its own copy of this package from
 * its own node_modules, so its SealError class is not the server's.
 */

/** The codes a seal reports; the server prints them and their messages unchanged. */
export const SEAL_ERROR_CODES = [
  'SEAL_INVALID_CONFIG', // create(): the seal block or the environment is wrong
  'SEAL_UNSUPPORTED', // the seal cannot do what was asked
  'SEAL_UNAVAILABLE', // the KMS could not be reached, or refused for a reason an operator fixes: the core retries
  'SEAL_ENCRYPT', // the KMS answered, and would not wrap the value
  'SEAL_DECRYPT', // the KMS answered, and would not unwrap the value (wrong key, wrong aad, tampering)
] as const;

export type SealErrorCode = (typeof SEAL_ERROR_CODES)[number];

/** Shared by every copy of this package (and by the server's own SealError). */
export const SEAL_ERROR_BRAND: unique symbol = Symbol.for('@tsvault/seal-plugin-api.SealError') as never;

/** What the server reads from a seal error, whichever copy of the class made it. */
export interface SealErrorLike extends Error {
  readonly code: SealErrorCode;
}

const CODES: ReadonlySet<string> = new Set(SEAL_ERROR_CODES);

/** Whether `code` is one of SEAL_ERROR_CODES. */
export function isSealErrorCode(code: unknown): code is SealErrorCode {
  return typeof code === 'string' && CODES.has(code);
}

/**
 * Whether `err` is a seal error: branded by any copy of this package or by the server, or an
 * Error whose `code` is one of SEAL_ERROR_CODES.
 */
export function isSealError(err: unknown): err is SealErrorLike {
  if (err === null || typeof err !== 'object') return false;
  const e = err as { code?: unknown; [SEAL_ERROR_BRAND]?: unknown };
  if (!isSealErrorCode(e.code)) return false;
  return e[SEAL_ERROR_BRAND] === true || err instanceof Error;
}

/** The seal error code of `err`, or undefined when it is not a seal error. */
export function sealErrorCode(err: unknown): SealErrorCode | undefined {
  return isSealError(err) ? err.code : undefined;
}

/** Marks an error object as a seal error for every copy of this package. */
export function brandSealError(err: object): void {
  Object.defineProperty(err, SEAL_ERROR_BRAND, { value: true, enumerable: false });
}

/**
 * `SEAL_UNAVAILABLE` (the KMS could not be reached or refused; the core retries), `SEAL_ENCRYPT` /
 * `SEAL_DECRYPT` (it answered, and said no), `SEAL_INVALID_CONFIG` (create()).
 * `err instanceof SealError` holds for a seal error made by any copy of this package.
 */
export class SealError extends Error implements SealErrorLike {
  readonly code: SealErrorCode;

  constructor(code: SealErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.name = 'SealError';
    brandSealError(this);
  }

  static override [Symbol.hasInstance](value: unknown): boolean {
    // Subclasses keep the ordinary prototype check; SealError itself accepts every branded error.
    if (this !== SealError) return Function.prototype[Symbol.hasInstance].call(this, value);
    return isSealError(value);
  }
}
