/**
 * Coded errors, declared once (fastify's lib/errors.js pattern). Every error tsvault throws on purpose
 * is a TsvaultError with one of these codes. A code that reaches the HTTP API carries its status here,
 * and a fixed `message` where Vault's text never varies; a throw site passes the code (and the message
 * where it varies), never a status. The README's "Error codes" table lists them and
 * test/unit/errors.test.ts keeps the two in step.
 */
import { brandSealError, isSealError, SEAL_ERROR_CODES } from '@tsvault/seal-plugin-api';

export interface ErrorSpec {
  /** The HTTP status a CoreError/HttpError with this code answers with; none: never on the wire as such. */
  readonly status?: number;
  /** Vault's fixed text, when every error with this code says the same thing. */
  readonly message?: string;
}

export const ERRORS = {
  CONFIG_READ: {}, // a config file or directory could not be read
  CONFIG_PARSE: {}, // HCL/JSON syntax error (file:line:col)
  CONFIG_INVALID: {}, // a value or block is wrong (file:line:col where known)
  STORAGE_UNKNOWN_TYPE: {}, // storage "x" names no backend
  STORAGE_INVALID_KEY: {}, // key with parent references or empty segments
  STORAGE_IO: { status: 500 }, // the backend failed to read or write
  STORAGE_UNAVAILABLE: { status: 503 }, // the storage cannot be reached now (PostgreSQL down, timed out); retried
  STORAGE_REFUSED: { status: 500 }, // the storage will not serve these settings (login refused, no such database or host)
  // A write fenced out because this node no longer holds the HA lock (Vault's text for a standby
  // that cannot find the active node, http/handler.go).
  STORAGE_NOT_ACTIVE: { status: 500, message: 'local node not active but active cluster node not found' },
  STORAGE_IN_USE: {}, // operator migrate: a server uses the storage
  STORAGE_MIGRATION_IN_PROGRESS: {}, // a storage migration holds core/migration in the storage
  CRYPTO_INVALID_SHARES: {}, // Shamir split/combine refused its input
  CRYPTO_DECRYPT: {}, // AES-GCM authentication failed
  BARRIER_SEALED: { status: 503, message: 'Vault is sealed' }, // the barrier is sealed
  BARRIER_NOT_INITIALIZED: { status: 400, message: 'Vault is not initialized' }, // no keyring in storage
  BARRIER_ALREADY_INITIALIZED: { status: 400, message: 'Vault is already initialized' },
  BARRIER_INVALID_KEY: {}, // the root key does not open the keyring
  BARRIER_CORRUPT: { status: 500 }, // a stored ciphertext is malformed
  SEAL_INVALID_CONFIG: { status: 400 }, // shares/threshold out of range
  SEAL_UNSUPPORTED: {}, // seal type not available
  SEAL_UNAVAILABLE: { status: 500 }, // the KMS or transit server could not be reached or refused
  SEAL_ENCRYPT: {}, // the seal failed to wrap a value
  SEAL_DECRYPT: {}, // the seal failed to unwrap a value
  PLUGIN_NOT_FOUND: {}, // no plugin folder/manifest/entry for the seal type
  PLUGIN_OUTSIDE_DIR: {}, // a plugin path resolves outside the plugin directory
  PLUGIN_INSECURE_PERMISSIONS: {}, // group- or world-writable plugin file or folder
  PLUGIN_CHECKSUM_MISMATCH: {}, // the entry module does not match the configured sha256
  PLUGIN_BAD_EXPORT: {}, // the module's default export is not a seal plugin
  PLUGIN_API_MISMATCH: {}, // apiVersion or type differ from what is expected
  PLUGIN_THREW: {}, // importing the module threw
  CORE_INVALID_REQUEST: { status: 400 }, // a request to the core is malformed
  CORE_INVALID_KEY: { status: 400 }, // an unseal, recovery or root-generation key is wrong
  CORE_PERMISSION_DENIED: { status: 403, message: 'permission denied' }, // token missing or not allowed
  CORE_BAD_TOKEN: { status: 403, message: 'bad token' }, // the token store does not know the token
  CORE_PREFLIGHT_DENIED: { status: 403 }, // the UI's preflight capability check refused a path
  CORE_NOT_FOUND: { status: 404 }, // no route entry for a path the router matched
  CORE_UNSUPPORTED_PATH: { status: 404, message: 'unsupported path' }, // no backend pattern matches
  CORE_UNSUPPORTED_OPERATION: { status: 405, message: 'unsupported operation' }, // no handler for the operation
  CORE_NO_ACTIVE_NODE: { status: 503 }, // an HA standby found no active node to forward to
  CORE_INTERNAL: { status: 500 }, // the server failed (Vault's plain errors)
  // No enabled audit device could write an entry: the request is refused (Vault's ErrInternalError).
  AUDIT_FAILED: { status: 500, message: 'internal error' },
  HTTP_METHOD_NOT_ALLOWED: { status: 405 }, // an HTTP method the path does not take (empty error list)
  HTTP_BODY_TOO_LARGE: { status: 413, message: 'failed to parse JSON input: http: request body too large' },
  HTTP_UNSUPPORTED_MEDIA_TYPE: { status: 415 }, // a PATCH without the merge-patch content type
  LISTENER_INVALID: {}, // listener address or TLS files unusable
  LISTENER_BIND: {}, // the address could not be bound
  // Audit devices (src/audit/devices): Vault answers a refused enable with 400 and the device's text.
  AUDIT_INVALID_OPTIONS: { status: 400 }, // an audit device option is missing or has a value the device does not take
  AUDIT_DEVICE_OPEN: { status: 400 }, // the device's output could not be opened (file, syslog socket)
  AUDIT_WRITE: {}, // an audit entry could not be written (the broker decides what the client sees)
  CLI_USAGE: {}, // bad flags or arguments
  API_REQUEST: {}, // the server answered with an error
} as const satisfies Record<string, ErrorSpec>;

export type ErrorCode = keyof typeof ERRORS;

/** Every code, in declaration order. */
export const ERROR_CODES = Object.keys(ERRORS) as readonly ErrorCode[];

/** Codes with an HTTP status: the only ones a CoreError or HttpError takes. */
export type HttpErrorCode = { [K in ErrorCode]: (typeof ERRORS)[K] extends { status: number } ? K : never }[ErrorCode];
/** HTTP codes whose message is fixed by the declaration: thrown without a message. */
export type FixedMessageCode = { [K in HttpErrorCode]: (typeof ERRORS)[K] extends { message: string } ? K : never }[HttpErrorCode];
/** HTTP codes whose message varies: thrown with one. */
export type VariableMessageCode = Exclude<HttpErrorCode, FixedMessageCode>;

/** The declared HTTP status of a code (undefined for non-HTTP codes). */
export function errorStatus(code: ErrorCode): number | undefined {
  return (ERRORS[code] as ErrorSpec).status;
}

/** The declared fixed message of a code, if any. */
export function errorMessage(code: ErrorCode): string | undefined {
  return (ERRORS[code] as ErrorSpec).message;
}

// Every code a seal plugin may throw is one of the server's (the build fails otherwise).
void (SEAL_ERROR_CODES satisfies readonly ErrorCode[]);

export class TsvaultError extends Error {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.name = new.target.name;
  }
}

/** A configuration problem, with its position when one is known. */
export class ConfigError extends TsvaultError {
  readonly file: string | undefined;
  readonly line: number | undefined;
  readonly col: number | undefined;
  constructor(
    code: 'CONFIG_READ' | 'CONFIG_PARSE' | 'CONFIG_INVALID',
    message: string,
    where: { file?: string; line?: number; col?: number } = {},
    options?: { cause?: unknown },
  ) {
    const pos = [where.file, where.line, where.col].filter((p) => p !== undefined).join(':');
    super(code, pos ? `${pos}: ${message}` : message, options);
    this.file = where.file;
    this.line = where.line;
    this.col = where.col;
  }
}

export class StorageError extends TsvaultError {}
/**
 * A storage failure whose reason a client may be told (built by src/storage/errors.ts): `reason` is
 * generic (`failed to write to storage: no space left on device`, `storage unreachable: connection
 * refused`), never a path, a key, SQL or a connection detail; the message keeps those for the log.
 */
export class StorageFailure extends StorageError {
  readonly reason: string;
  constructor(code: 'STORAGE_IO' | 'STORAGE_UNAVAILABLE' | 'STORAGE_REFUSED', message: string, reason: string, options?: { cause?: unknown }) {
    super(code, message, options);
    this.reason = reason;
  }
}
export class CryptoError extends TsvaultError {}
export class BarrierError extends TsvaultError {}
/**
 * A seal's error. A plugin throws the SealError of its own copy of @tsvault/seal-plugin-api; the
 * server's carries the same brand, and `instanceof SealError` (this class) holds for both: seal
 * errors are recognised by brand or code, never by class identity across packages.
 */
export class SealError extends TsvaultError {
  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
    brandSealError(this);
  }

  static override [Symbol.hasInstance](value: unknown): boolean {
    if (this !== SealError) return Function.prototype[Symbol.hasInstance].call(this, value);
    return Function.prototype[Symbol.hasInstance].call(SealError, value) || isSealError(value);
  }
}
export class PluginLoadError extends TsvaultError {}
export class AuditError extends TsvaultError {}
export class ListenerError extends TsvaultError {}
export class CliUsageError extends TsvaultError {
  constructor(message: string) {
    super('CLI_USAGE', message);
  }
}

/**
 * An error that maps onto Vault's HTTP error envelope: {"errors":[...]} with the status declared for
 * its code in ERRORS, so that neither handlers nor throw sites pick a status. A code with a fixed
 * message takes no message: `new CoreError('BARRIER_SEALED')`; others take one:
 * `new CoreError('CORE_INTERNAL', 'core: ...')`.
 */
export class CoreError extends TsvaultError {
  declare readonly code: HttpErrorCode;
  readonly status: number;
  constructor(code: FixedMessageCode, options?: { cause?: unknown });
  constructor(code: VariableMessageCode, message: string, options?: { cause?: unknown });
  constructor(code: HttpErrorCode, messageOrOptions?: string | { cause?: unknown }, options?: { cause?: unknown }) {
    const fixed = errorMessage(code);
    const message = typeof messageOrOptions === 'string' ? messageOrOptions : (fixed ?? '');
    super(code, message, typeof messageOrOptions === 'string' ? options : messageOrOptions);
    this.status = errorStatus(code)!;
  }
}
