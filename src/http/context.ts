import type { IncomingHttpHeaders } from 'node:http';
import type { Core } from '../core/core.js';
import type { Logger } from '../log/types.js';

/** What every handler sees: the request, the core, and facts about this server. */
export interface RequestContext {
  method: string;
  /** The path after /v1/ without trailing slashes, e.g. `sys/seal-status`. */
  path: string;
  /** The path after /v1/ as sent (a trailing slash matters for LIST). */
  rawPath: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  token: string | undefined;
  /** The JSON body as an object (read and parsed on first call). */
  body(): Promise<Record<string, unknown>>;
  core: Core;
  log: Logger;
}

export interface Reply {
  status: number;
  /** Omitted for 204 and HEAD. */
  body?: unknown;
}

export type Handler = (ctx: RequestContext) => Promise<Reply>;

export interface Route {
  /** Handlers by HTTP method; POST and PUT are the same verb to Vault. */
  methods: Partial<Record<'GET' | 'HEAD' | 'PUT' | 'POST' | 'DELETE', Handler>>;
  /** Served without a token (Vault's unauthenticated sys paths). */
  unauthenticated?: boolean;
  /** Needs `sudo` on the path in the ACL (Vault's root paths, and sys/seal's RootPrivsRequired). */
  sudo?: boolean;
  /** Answers even while sealed (the HTTP-layer sys paths). */
  whileSealed?: boolean;
}
