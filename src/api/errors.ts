/**
 * Errors of the /v1 HTTP client, worded exactly as Vault's Go API client words them, because the
 * CLI prints them verbatim (`Error initializing: Error making API request. ...`).
 */
import { TsvaultError } from '../errors.js';

/** The server answered with a status of 400 or more ([V] api/response.go ResponseError). */
export class ApiResponseError extends TsvaultError {
  readonly method: string;
  readonly url: string;
  readonly statusCode: number;
  /** The server's `errors` array, or the raw body as the only element when it was not JSON. */
  readonly errors: readonly string[];
  /** True when the body could not be decoded as JSON. */
  readonly rawError: boolean;

  constructor(init: {
    method: string;
    url: string;
    statusCode: number;
    errors: readonly string[];
    rawError?: boolean;
  }) {
    const rawError = init.rawError ?? false;
    super('API_REQUEST', formatResponseError({ ...init, rawError }));
    this.method = init.method;
    this.url = init.url;
    this.statusCode = init.statusCode;
    this.errors = init.errors;
    this.rawError = rawError;
  }

  /** Vault's text: `Error making API request.\n\nURL: PUT <url>\nCode: 400. Errors:\n\n* <msg>`. */
  format(): string {
    return this.message;
  }
}

function formatResponseError(e: {
  method: string;
  url: string;
  statusCode: number;
  errors: readonly string[];
  rawError: boolean;
}): string {
  const head =
    'Error making API request.\n\n' +
    `URL: ${e.method} ${e.url}\n` +
    `Code: ${e.statusCode}. ${e.rawError ? 'Raw Message' : 'Errors'}:\n\n`;
  if (e.rawError && e.errors.length === 1) return head + e.errors[0];
  // Go writes each as "* %s" with no separator between them; so do we.
  return head + e.errors.map((m) => `* ${m}`).join('');
}

/** The request never got an answer: refused, unresolvable, reset, timed out. */
export class ApiConnectionError extends TsvaultError {
  readonly method: string;
  readonly url: string;
  constructor(method: string, url: string, detail: string, options?: { cause?: unknown }) {
    // Go's *url.Error: `Get "http://127.0.0.1:8200/v1/sys/seal-status": dial tcp ...`
    super('API_REQUEST', `${goUrlErrorOp(method)} ${JSON.stringify(url)}: ${detail}`, options);
    this.method = method;
    this.url = url;
  }

  format(): string {
    return this.message;
  }
}

/** Go's url.Error Op: the method with only its first letter capitalised ("Get", "Put"). */
export function goUrlErrorOp(method: string): string {
  return method.slice(0, 1).toUpperCase() + method.slice(1).toLowerCase();
}

interface SystemErrorLike {
  code?: unknown;
  message?: unknown;
  errors?: unknown;
  cause?: unknown;
  name?: unknown;
}

/** Digs the first system error (ECONNREFUSED, ...) out of undici's `fetch failed` chain. */
function findSystemError(err: unknown, depth = 0): SystemErrorLike | undefined {
  if (err === null || typeof err !== 'object' || depth > 5) return undefined;
  const e = err as SystemErrorLike;
  if (typeof e.code === 'string' && !e.code.startsWith('UND_ERR_FETCH')) return e;
  if (Array.isArray(e.errors)) {
    for (const inner of e.errors) {
      const found = findSystemError(inner, depth + 1);
      if (found) return found;
    }
  }
  return findSystemError(e.cause, depth + 1);
}

/** Renders a fetch failure the way Go's net/http would describe it. */
export function describeConnectionFailure(err: unknown, target: URL): string {
  // URL.hostname keeps IPv6 brackets, so this is already Go's "[::1]:8200" shape.
  let joined = `${target.hostname}:${target.port || (target.protocol === 'https:' ? '443' : '80')}`;
  const abort = err as SystemErrorLike | undefined;
  if (abort && (abort.name === 'TimeoutError' || abort.name === 'AbortError')) {
    return 'context deadline exceeded (Client.Timeout exceeded while awaiting headers)';
  }
  const sys = findSystemError(err);
  const code = typeof sys?.code === 'string' ? sys.code : '';
  // Go names the address it dialled, after resolution (127.0.0.1, [::1]), when Node knows it.
  const addr = (sys as { address?: unknown; port?: unknown } | undefined)?.address;
  const port = (sys as { address?: unknown; port?: unknown } | undefined)?.port;
  if (typeof addr === 'string' && typeof port === 'number') {
    joined = addr.includes(':') ? `[${addr}]:${port}` : `${addr}:${port}`;
  }
  switch (code) {
    case 'ECONNREFUSED':
      return `dial tcp ${joined}: connect: connection refused`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `dial tcp: lookup ${target.hostname}: no such host`;
    case 'ECONNRESET':
      return `read tcp ${joined}: read: connection reset by peer`;
    case 'ETIMEDOUT':
      return `dial tcp ${joined}: i/o timeout`;
    case 'EHOSTUNREACH':
      return `dial tcp ${joined}: connect: no route to host`;
    case 'ENETUNREACH':
      return `dial tcp ${joined}: connect: network is unreachable`;
    case 'EPROTO':
    case 'ERR_SSL_WRONG_VERSION_NUMBER':
      return 'http: server gave HTTP response to HTTPS client';
    default: {
      const msg = typeof sys?.message === 'string' ? sys.message : String((err as Error)?.message ?? err);
      return msg;
    }
  }
}
