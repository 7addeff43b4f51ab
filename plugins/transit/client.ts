/**
 * A narrow Vault API client for the transit seal: `PUT /v1/<path>` with a JSON body over node:http
 * or node:https (TLS options honoured), a short timeout, and Vault's error texts. The token goes in
 * the X-Vault-Token header and never into a message.
 */
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { posix } from 'node:path';
import type { TransitTls } from './options.js';

/** Per request, connect to last byte. */
export const REQUEST_TIMEOUT_MS = 10_000;
const MAX_BODY_BYTES = 1024 * 1024;

export interface ClientOptions {
  address: URL;
  token: string;
  namespace: string;
  tls: TransitTls;
  timeoutMs?: number;
}

/** The parts of Vault's response envelope the seal reads. */
export interface VaultSecret {
  data?: Record<string, unknown> | null;
  auth?: { lease_duration?: number; renewable?: boolean } | null;
}

/**
 * A failed call. `status` is undefined when no answer came (refused, reset, timed out); the
 * message is then Go's url.Error shape, else the API client's "Error making API request." text.
 */
export class VaultRequestError extends Error {
  readonly status: number | undefined;
  readonly errors: readonly string[];
  constructor(message: string, status: number | undefined, errors: readonly string[], options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'VaultRequestError';
    this.status = status;
    this.errors = errors;
  }
}

/** path.Join(mount, ...parts) as Go cleans it, without a leading slash. */
export function joinApiPath(...parts: string[]): string {
  return posix.join('/', ...parts).replace(/^\/+/, '');
}

/** api.ResponseError's text (response.go): Go writes each error as `* %s` with no separator. */
function responseError(method: string, url: string, status: number, body: string, namespace: string): VaultRequestError {
  let errors: string[] | undefined;
  try {
    const parsed = JSON.parse(body) as { errors?: unknown };
    if (Array.isArray(parsed.errors)) errors = parsed.errors.map(String);
  } catch {
    // not JSON: Vault's client prints the body as a raw message
  }
  const ns = namespace !== '' && namespace !== 'root/' ? `Namespace: ${namespace}\n` : '';
  const head = `Error making API request.\n\n${ns}URL: ${method} ${url}\nCode: ${status}. `;
  if (errors === undefined) {
    return new VaultRequestError(`${head}Raw Message:\n\n${body}`, status, body === '' ? [] : [body]);
  }
  return new VaultRequestError(`${head}Errors:\n\n${errors.map((e) => `* ${e}`).join('')}`, status, errors);
}

export class TransitHttpClient {
  readonly #opts: ClientOptions;

  constructor(opts: ClientOptions) {
    this.#opts = opts;
  }

  /** The full URL of an API path, `<address>/v1/<path>` (address path prefix kept, as Vault's client). */
  url(path: string): URL {
    const u = new URL(this.#opts.address.href);
    u.pathname = posix.join('/', u.pathname, 'v1', path);
    u.search = '';
    u.hash = '';
    return u;
  }

  /** Logical().Write: PUT with a JSON body. A 204 gives null, as Vault's client gives a nil secret. */
  async write(path: string, body: Record<string, unknown>): Promise<VaultSecret | null> {
    const url = this.url(path);
    const method = 'PUT';
    const payload = Buffer.from(JSON.stringify(body));
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      'content-length': String(payload.length),
      'x-vault-request': 'true',
    };
    if (this.#opts.token !== '') headers['x-vault-token'] = this.#opts.token;
    if (this.#opts.namespace !== '') headers['x-vault-namespace'] = this.#opts.namespace;
    const { status, text } = await this.#send(url, method, headers, payload);
    if (status < 200 || status >= 300) throw responseError(method, url.href, status, text, this.#opts.namespace);
    if (status === 204 || text.trim() === '') return null;
    try {
      return JSON.parse(text) as VaultSecret;
    } catch (err) {
      throw new VaultRequestError(`error parsing the response from ${url.href}: ${(err as Error).message}`, status, [], { cause: err });
    }
  }

  #send(url: URL, method: string, headers: Record<string, string>, payload: Buffer): Promise<{ status: number; text: string }> {
    const timeoutMs = this.#opts.timeoutMs ?? REQUEST_TIMEOUT_MS;
    const tls = this.#opts.tls;
    // Go's url.Error: `Put "https://host/v1/transit/encrypt/k": dial tcp …: connection refused`.
    const failed = (detail: string, cause?: unknown): VaultRequestError =>
      new VaultRequestError(`Put ${JSON.stringify(url.href)}: ${detail}`, undefined, [], { cause });
    return new Promise((resolvePromise, reject) => {
      const onResponse = (res: IncomingMessage): void => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > MAX_BODY_BYTES) {
            clearTimeout(timer);
            res.destroy();
            reject(failed(`response body larger than ${MAX_BODY_BYTES} bytes`));
            return;
          }
          chunks.push(chunk);
        });
        res.on('end', () => {
          clearTimeout(timer);
          resolvePromise({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') });
        });
        res.on('error', (err) => {
          clearTimeout(timer);
          reject(failed(err.message, err));
        });
      };
      const common = { method, headers, agent: false as const };
      const req =
        url.protocol === 'https:'
          ? httpsRequest(
              url,
              {
                ...common,
                rejectUnauthorized: tls.rejectUnauthorized,
                ...(tls.ca ? { ca: tls.ca } : {}),
                ...(tls.cert ? { cert: tls.cert } : {}),
                ...(tls.key ? { key: tls.key } : {}),
                ...(tls.servername ? { servername: tls.servername } : {}),
              },
              onResponse,
            )
          : httpRequest(url, common, onResponse);
      const timer = setTimeout(() => {
        req.destroy(new Error(`context deadline exceeded (Client.Timeout ${timeoutMs / 1000}s exceeded)`));
      }, timeoutMs);
      req.on('error', (err) => {
        clearTimeout(timer);
        reject(failed(err.message, err));
      });
      req.end(payload);
    });
  }
}
