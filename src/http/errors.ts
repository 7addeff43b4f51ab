import type { ServerResponse } from 'node:http';
import { AuditError, CoreError, errorMessage, errorStatus, StorageFailure, TsvaultError } from '../errors.js';
import type { FixedMessageCode, VariableMessageCode } from '../errors.js';
import { stringifyExact } from '../json/stringify.js';

/**
 * An error that a handler raises to answer with Vault's error list (possibly empty) and the status
 * declared for its code: `new HttpError('HTTP_BODY_TOO_LARGE')`, `new HttpError('CORE_INVALID_REQUEST', [msg])`.
 */
export class HttpError extends CoreError {
  readonly errors: string[];
  constructor(code: FixedMessageCode);
  constructor(code: VariableMessageCode, errors: string[]);
  constructor(code: FixedMessageCode | VariableMessageCode, errors?: string[]) {
    const list = errors ?? [errorMessage(code)!];
    super(code as VariableMessageCode, list.join('; '));
    this.errors = list;
  }
}

/** A JSON reply; numbers kept from the request or storage are written as their text, at any depth. */
export function respondJson(res: ServerResponse, status: number, body: unknown): void {
  const text = stringifyExact(body);
  res.writeHead(status, {
    'Content-Type': 'application/json',
    'Cache-Control': 'no-store',
    'Content-Length': Buffer.byteLength(text),
  });
  res.end(text);
}

/** A raw, non-JSON body (the Prometheus text format, sys/metrics' plain-text errors). */
export function respondText(res: ServerResponse, status: number, contentType: string, text: string): void {
  res.writeHead(status, { 'Content-Type': contentType, 'Cache-Control': 'no-store', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

export function respondNoContent(res: ServerResponse): void {
  res.writeHead(204, { 'Cache-Control': 'no-store' });
  res.end();
}

/** Storage failures answered with their declared status and a message for clients (storageMessage). */
const STORAGE_ON_THE_WIRE: ReadonlySet<string> = new Set(['STORAGE_IO', 'STORAGE_UNAVAILABLE', 'STORAGE_REFUSED', 'STORAGE_NOT_ACTIVE']);

/**
 * What a client is told about a failed storage: the generic reason src/storage/errors.ts found (`failed
 * to write to storage: no space left on device`, `storage unreachable: connection refused`), a fixed
 * message, or `storage unreachable`; anything else is Vault's `internal error`. Never the backend's
 * own message: it names the key (secret names live in keys) or the database server; the log has it.
 */
function storageMessage(err: TsvaultError): string {
  if (err instanceof StorageFailure) return err.reason;
  const fixed = errorMessage(err.code);
  if (fixed !== undefined) return fixed;
  return err.code === 'STORAGE_UNAVAILABLE' ? 'storage unreachable' : 'internal error';
}

/** Vault's AdjustErrorStatusCode: a sealed message is a 503 whatever the caller said. */
function adjustStatus(status: number, messages: string[]): number {
  if (messages.some((m) => m.includes('Vault is sealed'))) return 503;
  if (messages.some((m) => m.includes('http: request body too large'))) return 413;
  return status;
}

/** `{"errors":[...]}` with the status declared for the error's code; unexpected errors become a 500 `internal error`. */
export function respondError(res: ServerResponse, err: unknown): { status: number; messages: string[] } {
  let status = 500;
  let messages = ['internal error'];
  if (err instanceof HttpError) {
    status = err.status;
    messages = err.errors;
  } else if (err instanceof CoreError) {
    status = err.status;
    messages = [err.message];
  } else if (err instanceof AuditError && (errorStatus(err.code) ?? 500) < 500) {
    // An audit device refused at enable time (bad option, output it cannot open): Vault's text.
    status = errorStatus(err.code)!;
    messages = [err.message];
  } else if (err instanceof TsvaultError && err.code === 'BARRIER_SEALED') {
    status = errorStatus('BARRIER_SEALED')!;
    messages = [errorMessage('BARRIER_SEALED')!];
  } else if (err instanceof TsvaultError && STORAGE_ON_THE_WIRE.has(err.code)) {
    // The storage failed (PostgreSQL down, a full disk): say why, as Vault passes the backend's error on.
    status = errorStatus(err.code)!;
    messages = [storageMessage(err)];
  }
  status = adjustStatus(status, messages);
  respondJson(res, status, { errors: messages });
  return { status, messages };
}
