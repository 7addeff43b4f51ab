/**
 * A typed client for Vault's /v1 HTTP API, behaving like Vault's Go `api` package where the CLI
 * can see it: the same headers, methods, query parameters and error texts.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { TsvaultError } from '../errors.js';
import { ApiConnectionError, ApiResponseError, describeConnectionFailure } from './errors.js';
import { tlsFetch } from './tls-fetch.js';
import type {
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

export { ApiConnectionError, ApiResponseError, goUrlErrorOp } from './errors.js';

/** Vault's default when neither -address nor VAULT_ADDR is given. */
export const DEFAULT_ADDRESS = 'https://127.0.0.1:8200';
/** Vault's Go client gives up after 60 s. */
export const DEFAULT_TIMEOUT_MS = 60_000;

export interface VaultClientOptions {
  address: string;
  token?: string | undefined;
  fetchImpl?: typeof fetch;
  timeoutMs?: number;
}

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

/** What `send` returns: the answer of any status, with Vault's error for 400 and above. */
export interface RawResponse {
  method: string;
  url: string;
  status: number;
  text: string;
  error: ApiResponseError | undefined;
}

/** The sys/health codes Vault's client overrides so that every state decodes as a body. */
const HEALTH_DEFAULTS: Readonly<Record<string, string>> = {
  drsecondarycode: '299',
  performancestandbycode: '299',
  sealedcode: '299',
  standbycode: '299',
  uninitcode: '299',
};

export class VaultClient {
  readonly address: string;
  readonly token: string | undefined;
  readonly #fetch: typeof fetch;
  readonly #timeoutMs: number;

  constructor(options: VaultClientOptions) {
    this.address = options.address.replace(/\/+$/, '');
    this.token = options.token === '' ? undefined : options.token;
    this.#fetch = options.fetchImpl ?? globalThis.fetch;
    this.#timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  }

  /** The same client authenticated with another token (login uses this). */
  withToken(token: string | undefined): VaultClient {
    return new VaultClient({
      address: this.address,
      token,
      fetchImpl: this.#fetch,
      timeoutMs: this.#timeoutMs,
    });
  }

  /** Full URL of an API path, e.g. `sys/init` → `http://127.0.0.1:8200/v1/sys/init`. */
  url(path: string, query?: Readonly<Record<string, string>>): string {
    const url = new URL(`${this.address}/v1/${path.replace(/^\/+/, '').replace(/^v1\//, '')}`);
    if (query) {
      // Go's url.Values.Encode sorts by key.
      for (const key of Object.keys(query).sort()) url.searchParams.append(key, query[key] ?? '');
    }
    return url.toString();
  }

  /**
   * Sends a request and decodes the JSON answer (undefined for an empty body, e.g. 204).
   * Statuses of 400 and above throw ApiResponseError, except 429 from sys/health.
   */
  async request<T = unknown>(
    method: string,
    path: string,
    body?: unknown,
    query?: Readonly<Record<string, string>>,
  ): Promise<T> {
    const url = this.url(path, query);
    const headers: Record<string, string> = { 'X-Vault-Request': 'true' };
    if (this.token !== undefined) headers['X-Vault-Token'] = this.token;
    const init: RequestInit = { method, headers, signal: AbortSignal.timeout(this.#timeoutMs) };
    if (body !== undefined) {
      headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(body);
    }
    let res: Response;
    let text: string;
    try {
      res = await this.#fetch(url, init);
      text = await res.text();
    } catch (err) {
      throw new ApiConnectionError(method, url, describeConnectionFailure(err, new URL(url)), {
        cause: err,
      });
    }
    const okHealth = res.status === 429 && new URL(url).pathname === '/v1/sys/health';
    if (res.status >= 400 && !okHealth) throw responseError(method, url, res.status, text);
    if (text.trim() === '') return undefined as T;
    try {
      return JSON.parse(text) as T;
    } catch (e) {
      throw new TsvaultError('API_REQUEST', `error decoding response from ${method} ${url}: ${(e as Error).message}`, {
        cause: e,
      });
    }
  }

  initStatus(): Promise<{ initialized: boolean }> {
    return this.request('GET', 'sys/init');
  }

  init(body: InitRequest): Promise<InitResponse> {
    return this.request('PUT', 'sys/init', body);
  }

  sealStatus(): Promise<SealStatusResponse> {
    return this.request('GET', 'sys/seal-status');
  }

  /**
   * PUT sys/unseal. `{reset: true}` sends `{"reset":true}` (ResetUnsealProcess); otherwise the
   * body is Vault's UnsealOpts: `{"key":…,"reset":false,"migrate":…}`.
   */
  unseal(options: UnsealOptions): Promise<SealStatusResponse> {
    const body = options.reset
      ? { reset: true }
      : { key: options.key ?? '', reset: false, migrate: options.migrate ?? false };
    return this.request('PUT', 'sys/unseal', body);
  }

  async seal(): Promise<void> {
    await this.request('PUT', 'sys/seal');
  }

  health(query?: Readonly<Record<string, string>>): Promise<Record<string, unknown>> {
    return this.request('GET', 'sys/health', undefined, { ...HEALTH_DEFAULTS, ...query });
  }

  leader(): Promise<LeaderResponse> {
    return this.request('GET', 'sys/leader');
  }

  /** GET sys/key-status; reads the `data` envelope, falling back to the legacy top level. */
  async keyStatus(): Promise<KeyStatus> {
    const res = await this.request<SecretResponse<KeyStatus> & Partial<KeyStatus>>(
      'GET',
      'sys/key-status',
    );
    const data = res?.data ?? (res as unknown as KeyStatus | undefined);
    if (!data) throw new TsvaultError('API_REQUEST', 'data from server response is empty');
    if (typeof data.install_time !== 'string' || Number.isNaN(Date.parse(data.install_time))) {
      throw new TsvaultError('API_REQUEST', `parsing time ${JSON.stringify(data.install_time)}: not RFC 3339`);
    }
    return { term: data.term, install_time: data.install_time, encryptions: data.encryptions ?? 0 };
  }

  async rotate(): Promise<void> {
    await this.request('POST', 'sys/rotate');
  }

  lookupSelf(): Promise<SecretResponse> {
    return this.request('GET', 'auth/token/lookup-self');
  }

  /**
   * Sends a request the way Vault's `api.Client.RawRequest` does and returns the answer whatever
   * its status: the path is joined like Go's path.Join (so `sys/mounts/kv/` is sent as
   * `/v1/sys/mounts/kv`), query values may repeat, and `error` holds Vault's response error for
   * a status of 400 or more. Callers that need Vault's 404 rules (Logical().Read …) use this.
   */
  async send(
    method: string,
    path: string,
    options: {
      body?: unknown;
      query?: Readonly<Record<string, readonly string[]>>;
      contentType?: string;
    } = {},
  ): Promise<RawResponse> {
    // path.Join("/v1", path): empty and "." segments dropped, ".." resolved, no trailing slash.
    const segments: string[] = [];
    for (const seg of `v1/${path}`.split('/')) {
      if (seg === '..') segments.pop();
      else if (seg !== '' && seg !== '.') segments.push(seg);
    }
    const escaped = segments.map((s) => s.replace(/%/g, '%25').replace(/\?/g, '%3F').replace(/#/g, '%23'));
    const url = new URL(`${this.address}/${escaped.join('/')}`);
    for (const key of Object.keys(options.query ?? {}).sort()) {
      for (const value of options.query?.[key] ?? []) url.searchParams.append(key, value);
    }
    const href = url.toString();
    const headers: Record<string, string> = { 'X-Vault-Request': 'true' };
    if (this.token !== undefined) headers['X-Vault-Token'] = this.token;
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

  /** `send`, then Vault's error for a status of 400 or more, else the decoded JSON (undefined if empty). */
  async #call(
    method: string,
    path: string,
    body?: unknown,
    query?: Readonly<Record<string, readonly string[]>>,
  ): Promise<unknown> {
    const res = await this.send(method, path, { body, query });
    if (res.error) throw res.error;
    if (res.text.trim() === '') return undefined;
    try {
      return JSON.parse(res.text) as unknown;
    } catch (e) {
      throw new TsvaultError('API_REQUEST', `error decoding response from ${method} ${res.url}: ${(e as Error).message}`, {
        cause: e,
      });
    }
  }

  /** POST sys/mounts/<path> with Vault's MountInput. */
  async mount(path: string, input: MountInput): Promise<void> {
    await this.#call('POST', `sys/mounts/${path}`, input);
  }

  /** DELETE sys/mounts/<path>. */
  async unmount(path: string): Promise<void> {
    await this.#call('DELETE', `sys/mounts/${path}`);
  }

  /** GET sys/mounts: the decoded answer (the CLI reads its `data` like ParseSecret). */
  listMounts(): Promise<unknown> {
    return this.#call('GET', 'sys/mounts');
  }

  /** POST sys/mounts/<path>/tune with Vault's MountConfigInput. */
  async tuneMount(path: string, config: MountConfigInput): Promise<void> {
    await this.#call('POST', `sys/mounts/${path}/tune`, config);
  }

  /** POST auth/token/create (or create/<role>) with Vault's TokenCreateRequest. */
  tokenCreate(request: TokenCreateRequest, role?: string): Promise<unknown> {
    return this.#call('POST', role ? `auth/token/create/${role}` : 'auth/token/create', request);
  }

  /** POST auth/token/lookup. */
  tokenLookup(token: string): Promise<unknown> {
    return this.#call('POST', 'auth/token/lookup', { token });
  }

  /** POST auth/token/lookup-accessor. */
  tokenLookupAccessor(accessor: string): Promise<unknown> {
    return this.#call('POST', 'auth/token/lookup-accessor', { accessor });
  }

  /** PUT auth/token/renew. */
  tokenRenew(token: string, increment: number): Promise<unknown> {
    return this.#call('PUT', 'auth/token/renew', { token, increment });
  }

  /** PUT auth/token/renew-self. */
  tokenRenewSelf(increment: number): Promise<unknown> {
    return this.#call('PUT', 'auth/token/renew-self', { increment });
  }

  /** POST auth/token/renew-accessor. */
  tokenRenewAccessor(accessor: string, increment: number): Promise<unknown> {
    return this.#call('POST', 'auth/token/renew-accessor', { accessor, increment });
  }

  /** PUT auth/token/revoke: the token and its children. */
  async tokenRevoke(token: string): Promise<void> {
    await this.#call('PUT', 'auth/token/revoke', { token });
  }

  /** PUT auth/token/revoke-orphan: only the token. */
  async tokenRevokeOrphan(token: string): Promise<void> {
    await this.#call('PUT', 'auth/token/revoke-orphan', { token });
  }

  /** PUT auth/token/revoke-self. */
  async tokenRevokeSelf(): Promise<void> {
    await this.#call('PUT', 'auth/token/revoke-self');
  }

  /** POST auth/token/revoke-accessor. */
  async tokenRevokeAccessor(accessor: string): Promise<void> {
    await this.#call('POST', 'auth/token/revoke-accessor', { accessor });
  }

  /** PUT sys/leases/revoke-prefix/<prefix>. */
  async revokePrefix(prefix: string): Promise<void> {
    await this.#call('PUT', `sys/leases/revoke-prefix/${prefix}`);
  }

  /** LIST sys/policies/acl, sent as GET ?list=true like Vault's client. */
  listPolicies(): Promise<unknown> {
    return this.#call('GET', 'sys/policies/acl', undefined, { list: ['true'] });
  }

  /** GET sys/policies/acl/<name>: the rules, or "" when the server answers 404 (as Vault's client). */
  async getPolicy(name: string): Promise<unknown> {
    try {
      return await this.#call('GET', `sys/policies/acl/${name}`);
    } catch (e) {
      if (e instanceof ApiResponseError && e.statusCode === 404) return undefined;
      throw e;
    }
  }

  /** PUT sys/policies/acl/<name> `{"policy": rules}`. */
  async putPolicy(name: string, rules: string): Promise<void> {
    await this.#call('PUT', `sys/policies/acl/${name}`, { policy: rules });
  }

  /** DELETE sys/policies/acl/<name>. */
  async deletePolicy(name: string): Promise<void> {
    await this.#call('DELETE', `sys/policies/acl/${name}`);
  }
}

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
 * default; token from VAULT_TOKEN, else ~/.vault-token.
 */
export async function clientFromEnvironment(options: {
  env: NodeJS.ProcessEnv;
  home: string;
  address?: string | undefined;
  caCert?: string | undefined;
  skipVerify?: boolean | undefined;
  fetchImpl?: typeof fetch;
}): Promise<VaultClient> {
  const address = options.address || options.env['VAULT_ADDR'] || DEFAULT_ADDRESS;
  const token = options.env['VAULT_TOKEN'] || (await readTokenFile(options.home));
  const caCert = options.caCert || options.env['VAULT_CACERT'];
  const skipVerify = options.skipVerify || /^(1|t|true)$/i.test(options.env['VAULT_SKIP_VERIFY'] ?? '');
  const fetchImpl = options.fetchImpl ?? (caCert || skipVerify ? tlsFetch({ caCert, skipVerify }) : undefined);
  return new VaultClient({ address, token, fetchImpl });
}
