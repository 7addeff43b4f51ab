/**
 * A typed client for Vault's /v1 HTTP API, behaving like Vault's Go `api` package where the CLI
 * can see it: the same headers, methods, query parameters and error texts. This file holds the
 * class (address, token, TLS, wrap TTL, `send`); the methods come in groups written against
 * `Sender` (sys-seal.ts, sys-keys.ts, sys-mounts.ts, sys-auth.ts, sys-audit.ts, sys-monitor.ts,
 * leases.ts, tokens.ts, policies.ts, logical.ts, help.ts, wrapping.ts) and are mixed in below.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { TsvaultError } from '../errors.js';
import { ApiConnectionError, ApiResponseError, describeConnectionFailure } from './errors.js';
import { logical } from './logical.js';
import { policies } from './policies.js';
import type { RawResponse, Sender, SendOptions, StreamOptions, StreamResponse } from './sender.js';
import { sysKeys } from './sys-keys.js';
import { sysMounts } from './sys-mounts.js';
import { sysSeal } from './sys-seal.js';
import { tlsFetch } from './tls-fetch.js';
import { leases } from './leases.js';
import { sysAuth } from './sys-auth.js';
import { sysAudit } from './sys-audit.js';
import { sysMonitor } from './sys-monitor.js';
import { pathHelp } from './help.js';
import { tokens } from './tokens.js';
import { NO_WRAPPING, wrapping, wrapTtlFor, type WrapSettings } from './wrapping.js';

export { ApiConnectionError, ApiResponseError, goUrlErrorOp } from './errors.js';
export type { Query, WriteResult } from './logical.js';
export type { RawResponse, Sender, SendOptions, StreamOptions, StreamResponse } from './sender.js';
export type { AuthConfigInput, EnableAuthOptions, UserLockoutConfigInput } from './sys-auth.js';
export type { EnableAuditOptions } from './sys-audit.js';
export type { PathHelp } from './help.js';
export type { RevokeOptions } from './leases.js';
export type { WrapSettings } from './wrapping.js';
export type {
  InitRequest,
  InitResponse,
  KeyStatusResponse as KeyStatus,
  LeaderResponse,
  MountConfigInput,
  MountInput,
  SealStatusResponse,
  SecretResponse,
  TokenCreateRequest,
  UnsealRequest as UnsealOptions,
} from '../wire/index.js';

/** Vault's default when neither -address nor VAULT_ADDR is given. */
export const DEFAULT_ADDRESS = 'https://127.0.0.1:8200';
/** Vault's Go client gives up after 60 s. */
export const DEFAULT_TIMEOUT_MS = 60_000;

export interface VaultClientOptions {
  address: string;
  token?: string | undefined;
  fetchImpl?: typeof fetch;
  timeoutMs?: number;
  /** The X-Vault-Wrap-TTL rules (none but Vault's default for sys/wrapping/wrap when absent). */
  wrap?: WrapSettings;
}

/** The groups' methods as the client offers them (their `this: Sender` is the client). */
type Methods<T> = { [K in keyof T]: OmitThisParameter<T[K]> };

export interface VaultClient
  extends Methods<typeof sysSeal>,
    Methods<typeof sysKeys>,
    Methods<typeof sysMounts>,
    Methods<typeof sysAuth>,
    Methods<typeof sysAudit>,
    Methods<typeof sysMonitor>,
    Methods<typeof pathHelp>,
    Methods<typeof leases>,
    Methods<typeof tokens>,
    Methods<typeof policies>,
    Methods<typeof logical>,
    Methods<typeof wrapping> {}

export class VaultClient implements Sender {
  readonly address: string;
  readonly token: string | undefined;
  readonly #fetch: typeof fetch;
  readonly #timeoutMs: number;
  readonly wrap: WrapSettings;

  constructor(options: VaultClientOptions) {
    this.address = options.address.replace(/\/+$/, '');
    this.token = options.token === '' ? undefined : options.token;
    this.#fetch = options.fetchImpl ?? globalThis.fetch;
    this.#timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.wrap = options.wrap ?? NO_WRAPPING;
  }

  /** The same client authenticated with another token (SetToken: the wrap rules stay). */
  withToken(token: string | undefined): VaultClient {
    return this.#copy({ token });
  }

  /** The same client with other wrap rules (SetWrappingLookupFunc). */
  withWrap(wrap: WrapSettings): VaultClient {
    return this.#copy({ wrap });
  }

  #copy(change: Partial<VaultClientOptions>): VaultClient {
    return new VaultClient({
      address: this.address,
      token: this.token,
      fetchImpl: this.#fetch,
      timeoutMs: this.#timeoutMs,
      wrap: this.wrap,
      ...change,
    });
  }

  /**
   * Sends a request the way Vault's `api.Client.RawRequest` does and returns the answer whatever
   * its status: the path is joined like Go's path.Join (so `sys/mounts/kv/` is sent as
   * `/v1/sys/mounts/kv`), query values may repeat, and `error` holds Vault's response error for
   * a status of 400 or more. Callers that need Vault's 404 rules (Logical().Read …) use this.
   */
  async send(method: string, path: string, options: SendOptions = {}): Promise<RawResponse> {
    const { url, href, headers } = this.#request(method, path, options.query);
    const init: RequestInit = { method, headers, signal: AbortSignal.timeout(this.#timeoutMs) };
    if (options.body !== undefined) {
      headers['Content-Type'] = options.contentType ?? 'application/json';
      init.body = JSON.stringify(options.body);
    }
    let res: Response;
    let text: string;
    try {
      res = await this.#fetch(href, init);
      text = await res.text();
    } catch (err) {
      throw new ApiConnectionError(method, href, describeConnectionFailure(err, url), { cause: err });
    }
    const error = res.status >= 400 ? responseError(method, href, res.status, text) : undefined;
    return { method, url: href, status: res.status, text, error };
  }

  /**
   * Opens a request whose answer is read as it arrives (Vault's client with SetClientTimeout(0)):
   * no timeout but `options.signal`; a status of 400 or more is read whole and thrown as Vault's
   * error, a failed connection as the Go client words it.
   */
  async stream(method: string, path: string, options: StreamOptions = {}): Promise<StreamResponse> {
    const { url, href, headers } = this.#request(method, path, options.query);
    let res: Response;
    try {
      res = await this.#fetch(href, { method, headers, ...(options.signal ? { signal: options.signal } : {}) });
      if (res.status >= 400) throw responseError(method, href, res.status, await res.text());
    } catch (err) {
      if (err instanceof ApiResponseError) throw err;
      throw new ApiConnectionError(method, href, describeConnectionFailure(err, url), { cause: err });
    }
    const body = res.body ?? new ReadableStream<Uint8Array>({ start: (c) => c.close() });
    return { method, url: href, status: res.status, body };
  }

  /** The URL (path joined like Go's path.Join, query sorted) and Vault's request headers. */
  #request(
    method: string,
    path: string,
    query: SendOptions['query'],
  ): { url: URL; href: string; headers: Record<string, string> } {
    // path.Join("/v1", path): empty and "." segments dropped, ".." resolved, no trailing slash.
    const segments: string[] = [];
    for (const seg of `v1/${path}`.split('/')) {
      if (seg === '..') segments.pop();
      else if (seg !== '' && seg !== '.') segments.push(seg);
    }
    const escaped = segments.map((s) => s.replace(/%/g, '%25').replace(/\?/g, '%3F').replace(/#/g, '%23'));
    const url = new URL(`${this.address}/${escaped.join('/')}`);
    for (const key of Object.keys(query ?? {}).sort()) {
      for (const value of query?.[key] ?? []) url.searchParams.append(key, value);
    }
    const headers: Record<string, string> = { 'X-Vault-Request': 'true' };
    if (this.token !== undefined) headers['X-Vault-Token'] = this.token;
    const wrapTtl = wrapTtlFor(this.wrap, method, path);
    if (wrapTtl !== '') headers['X-Vault-Wrap-TTL'] = wrapTtl;
    return { url, href: url.toString(), headers };
  }

  /** `send`, then Vault's error for a status of 400 or more, else the decoded JSON (undefined if empty). */
  async call<T = unknown>(method: string, path: string, body?: unknown, query?: SendOptions['query']): Promise<T> {
    const res = await this.send(method, path, { body, query });
    if (res.error) throw res.error;
    return this.decode<T>(res);
  }

  /** The decoded JSON of an answer, undefined for an empty body. */
  decode<T = unknown>(res: RawResponse): T {
    if (res.text.trim() === '') return undefined as T;
    try {
      return JSON.parse(res.text) as T;
    } catch (e) {
      throw new TsvaultError('API_REQUEST', `error decoding response from ${res.method} ${res.url}: ${(e as Error).message}`, {
        cause: e,
      });
    }
  }
}

Object.assign(
  VaultClient.prototype,
  sysSeal,
  sysKeys,
  sysMounts,
  sysAuth,
  sysAudit,
  sysMonitor,
  pathHelp,
  leases,
  tokens,
  policies,
  logical,
  wrapping,
);

function responseError(method: string, url: string, status: number, text: string): ApiResponseError {
  try {
    const parsed = JSON.parse(text) as { errors?: unknown } | null;
    const errors =
      parsed && typeof parsed === 'object' && Array.isArray(parsed.errors)
        ? parsed.errors.map((e) => (typeof e === 'string' ? e : JSON.stringify(e)))
        : [];
    return new ApiResponseError({ method, url, statusCode: status, errors });
  } catch {
    return new ApiResponseError({ method, url, statusCode: status, errors: [text], rawError: true });
  }
}

/** Reads the token the CLI stored at `~/.vault-token` (trimmed), if any. */
export async function readTokenFile(home: string): Promise<string | undefined> {
  try {
    const token = (await readFile(join(home, '.vault-token'), 'utf8')).trim();
    return token === '' ? undefined : token;
  } catch {
    return undefined;
  }
}

/**
 * The client the CLI uses: address from the -address flag, else VAULT_ADDR, else Vault's
 * default; token from VAULT_TOKEN, else ~/.vault-token; wrap TTL from -wrap-ttl, else
 * VAULT_WRAP_TTL (BaseCommand.DefaultWrappingLookupFunc).
 */
export async function clientFromEnvironment(options: {
  env: NodeJS.ProcessEnv;
  home: string;
  address?: string | undefined;
  caCert?: string | undefined;
  skipVerify?: boolean | undefined;
  /** The -wrap-ttl flag as Duration.String() ('' or absent: none). */
  wrapTtl?: string | undefined;
  fetchImpl?: typeof fetch;
}): Promise<VaultClient> {
  const address = options.address || options.env['VAULT_ADDR'] || DEFAULT_ADDRESS;
  const token = options.env['VAULT_TOKEN'] || (await readTokenFile(options.home));
  const caCert = options.caCert || options.env['VAULT_CACERT'];
  const skipVerify = options.skipVerify || /^(1|t|true)$/i.test(options.env['VAULT_SKIP_VERIFY'] ?? '');
  const fetchImpl = options.fetchImpl ?? (caCert || skipVerify ? tlsFetch({ caCert, skipVerify }) : undefined);
  const wrap: WrapSettings = { flagTtl: options.wrapTtl ?? '', envTtl: options.env['VAULT_WRAP_TTL'] ?? '', off: false };
  return new VaultClient({ address, token, fetchImpl, wrap });
}
