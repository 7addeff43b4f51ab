/**
 * The UI's one way to the server: the same /v1 API the CLI uses, Vault's JSON envelope, the token
 * in X-Vault-Token. A non-2xx answer throws ApiError carrying the server's `errors` list verbatim,
 * so every page shows Vault's own message. Pages never call fetch themselves.
 */

export class ApiError extends Error {
  readonly status: number;
  /** The server's `errors` (may be empty: Vault answers some 404s with `{"errors":[]}`). */
  readonly errors: string[];
  constructor(status: number, errors: string[]) {
    super(errors.length > 0 ? errors.join('; ') : `server answered ${status}`);
    this.status = status;
    this.errors = errors;
  }
}

export type Method = 'GET' | 'PUT' | 'POST' | 'DELETE' | 'LIST';

export interface RequestOptions {
  body?: unknown;
  /** Send no token even when logged in (login, unauthenticated sys/ paths). */
  anonymous?: boolean;
  /** Send this token instead of the session's (checking a token before keeping it). */
  token?: string;
}

export class ApiClient {
  readonly #base: string;
  readonly #token: () => string | undefined;

  constructor(token: () => string | undefined, base = '/v1/') {
    this.#token = token;
    this.#base = base;
  }

  /** The parsed JSON answer, or undefined for a 204. LIST is sent as GET ?list=true (as Vault's client does). */
  async request<T>(method: Method, path: string, opts: RequestOptions = {}): Promise<T | undefined> {
    const headers: Record<string, string> = {};
    const token = opts.anonymous ? undefined : (opts.token ?? this.#token());
    if (token) headers['X-Vault-Token'] = token;
    let url = this.#base + path.replace(/^\/+/, '');
    let verb: string = method;
    if (method === 'LIST') {
      verb = 'GET';
      url += (url.includes('?') ? '&' : '?') + 'list=true';
    }
    const init: RequestInit = { method: verb, headers, credentials: 'omit', cache: 'no-store' };
    if (opts.body !== undefined) {
      headers['Content-Type'] = 'application/json';
      init.body = typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body);
    }
    let res: Response;
    try {
      res = await fetch(url, init);
    } catch (err) {
      throw new ApiError(0, [`could not reach the server: ${(err as Error).message}`]);
    }
    const text = await res.text();
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    if (!res.ok) {
      const errors = (json as { errors?: unknown } | undefined)?.errors;
      throw new ApiError(res.status, Array.isArray(errors) ? errors.map(String) : text ? [text.trim()] : []);
    }
    return json as T | undefined;
  }

  get<T>(path: string, opts?: RequestOptions): Promise<T | undefined> {
    return this.request<T>('GET', path, opts);
  }

  put<T>(path: string, body?: unknown, opts?: RequestOptions): Promise<T | undefined> {
    return this.request<T>('PUT', path, { ...opts, body: body ?? {} });
  }

  post<T>(path: string, body?: unknown, opts?: RequestOptions): Promise<T | undefined> {
    return this.request<T>('POST', path, { ...opts, body: body ?? {} });
  }

  delete<T>(path: string, opts?: RequestOptions): Promise<T | undefined> {
    return this.request<T>('DELETE', path, opts);
  }

  list<T>(path: string, opts?: RequestOptions): Promise<T | undefined> {
    return this.request<T>('LIST', path, opts);
  }
}

/** The messages to show for a failure: the server's list, or the error's own text. */
export function errorMessages(err: unknown): string[] {
  if (err instanceof ApiError) return err.errors.length > 0 ? err.errors : [err.message];
  return [err instanceof Error ? err.message : String(err)];
}
