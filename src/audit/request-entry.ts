/**
 * What the pipeline hands the broker for one request: the request entry (before the backend runs,
 * or with the error when the token or the ACL refused it) and the response entry (with the response,
 * or the error the client sees). Built from the routed request as plain data (src/audit/types.ts);
 * the devices hash it. A failure to write an entry anywhere is AUDIT_FAILED (500), thrown from here.
 */
import type { LogicalRequest, LogicalResponse, RequestAuth, ResponseAuth } from '../logical/types.js';
import type { AuditSink } from './broker.js';
import type { AuditAuth, AuditInput, AuditRequest, AuditResponse } from './types.js';

/** The routed request as the pipeline knows it. */
export interface AuditedRequest {
  req: LogicalRequest;
  mountType: string;
  /** The caller's identity, when a token was given and valid. */
  auth: RequestAuth | undefined;
}

function authOf(auth: RequestAuth | undefined): AuditAuth | undefined {
  if (!auth) return undefined;
  return {
    clientToken: auth.clientToken,
    accessor: auth.accessor,
    displayName: auth.displayName,
    policies: auth.policies,
    tokenPolicies: auth.policies,
    ...(auth.entityId ? { entityId: auth.entityId } : {}),
    ...(auth.metadata ? { metadata: auth.metadata } : {}),
    // tsvault issues service tokens only (src/auth/token-entry.ts); without it the entry would say `default`.
    tokenType: 'service',
    ...(auth.ttl ? { tokenTtl: auth.ttl } : {}),
    ...(auth.creationTime ? { tokenIssueTime: new Date(auth.creationTime * 1000).toISOString().replace(/\.\d+Z$/, 'Z') } : {}),
  };
}

/** A login's or token creation's auth block as the devices take it. */
function responseAuthOf(auth: ResponseAuth): AuditAuth {
  return {
    clientToken: auth.client_token,
    accessor: auth.accessor,
    policies: auth.policies,
    tokenPolicies: auth.token_policies,
    ...(auth.identity_policies ? { identityPolicies: auth.identity_policies } : {}),
    metadata: auth.metadata,
    ...(auth.entity_id ? { entityId: auth.entity_id } : {}),
    tokenType: auth.token_type,
    tokenTtl: auth.lease_duration,
  };
}

function requestOf({ req, mountType, auth }: AuditedRequest): AuditRequest {
  return {
    id: req.id,
    operation: req.operation,
    path: req.mountPoint + req.path,
    mountType,
    ...(req.mountAccessor ? { mountAccessor: req.mountAccessor } : {}),
    mountPoint: req.mountPoint,
    ...(auth ? { clientToken: auth.clientToken, clientTokenAccessor: auth.accessor } : {}),
    data: req.data,
    ...(req.remoteAddr ? { remoteAddress: req.remoteAddr } : {}),
    ...(req.wrapTtl ? { wrapTtl: req.wrapTtl } : {}),
  };
}

/** The error text the client sees, as the entry's `error`. */
function errorText(err: unknown): string {
  return err instanceof Error && err.message ? err.message : 'internal error';
}

/** One request's trail: its request entry, then its response entry. */
export class AuditTrail {
  readonly #sink: AuditSink;
  readonly #routed: AuditedRequest;
  #responded = false;

  constructor(sink: AuditSink, routed: AuditedRequest) {
    this.#sink = sink;
    this.#routed = routed;
  }

  /** The request entry; with `error` for a request refused before the backend (bad token, ACL). */
  async request(error?: unknown): Promise<void> {
    const auth = authOf(this.#routed.auth);
    const input: AuditInput = {
      ...(auth ? { auth } : {}),
      request: requestOf(this.#routed),
      ...(error !== undefined ? { error: errorText(error) } : {}),
    };
    await this.#sink.logRequest(input);
  }

  /**
   * The response entry. A wrapped response is logged as what was wrapped plus its `wrap_info`
   * (the devices hash the wrapping token as any other token).
   */
  async response(response: LogicalResponse | null, wrapInfo?: Record<string, unknown>): Promise<void> {
    this.#responded = true;
    const auditResponse: AuditResponse = {
      mountType: this.#routed.mountType,
      ...(this.#routed.req.mountAccessor ? { mountAccessor: this.#routed.req.mountAccessor } : {}),
      ...(response?.auth ? { auth: responseAuthOf(response.auth) } : {}),
      data: response?.data ?? null,
      wrapInfo: wrapInfo ?? response?.wrapInfo ?? null,
      warnings: response?.warnings ?? null,
      ...(response?.leaseId ? { secret: { leaseId: response.leaseId } } : {}),
    };
    await this.#log({ response: auditResponse });
  }

  /** The response entry of a request that failed after its request entry was written. */
  async failed(error: unknown): Promise<void> {
    if (this.#responded) return;
    this.#responded = true;
    await this.#log({ error: errorText(error) });
  }

  #log(extra: Pick<AuditInput, 'response' | 'error'>): Promise<void> {
    const auth = authOf(this.#routed.auth);
    return this.#sink.logResponse({ ...(auth ? { auth } : {}), request: requestOf(this.#routed), ...extra });
  }
}
