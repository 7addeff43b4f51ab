/**
 * Response wrapping (Vault's vault/wrapping.go): a response is stored in the cubbyhole of a new
 * single-use token whose only policy is `response-wrapping`, and the caller gets that token in
 * `wrap_info` instead of the response. The cubbyhole holds two entries: `response` (the envelope
 * as JSON text, what `vault read cubbyhole/response` shows) and `wrapinfo` (creation time, TTL and
 * path, for sys/wrapping/lookup). Unwrapping spends the token's one use and revokes it, which
 * destroys the cubbyhole: a second unwrap finds nothing.
 */
import { badRequest } from '../logical/errors.js';
import { getJson, putJson } from '../logical/storage-view.js';
import type { StorageView } from '../logical/types.js';
import { RESPONSE_WRAPPING_POLICY_NAME } from './default-policies.js';
import type { TokenEntry } from './token-entry.js';
import type { TokenStore } from './token-store.js';
import { rfc3339 } from './token-ttl.js';

/** Vault's wrap_info block. */
export interface WrapInfo {
  token: string;
  accessor: string;
  ttl: number;
  creation_time: string;
  creation_path: string;
  wrapped_accessor?: string;
}

interface StoredWrapInfo {
  creation_time: string;
  creation_ttl: number;
  creation_path: string;
}

/** Vault's error for a wrapping token that is unknown, used, expired or not a wrapping token. */
const INVALID_WRAPPING_TOKEN = 'wrapping token is not valid or does not exist';

export class ResponseWrapper {
  readonly #tokens: TokenStore;
  /** The cubbyhole mount's storage (per token: `<hash>/…`). */
  readonly #cubbyhole: () => StorageView;

  constructor(tokens: TokenStore, cubbyhole: () => StorageView) {
    this.#tokens = tokens;
    this.#cubbyhole = cubbyhole;
  }

  /** Wrap an envelope (request_id, data, auth …) for `ttl` seconds. */
  async wrap(envelope: Record<string, unknown>, ttl: number, creationPath: string, wrappedAccessor?: string): Promise<WrapInfo> {
    const { token, entry } = await this.#tokens.create({
      parent: '',
      policies: [RESPONSE_WRAPPING_POLICY_NAME],
      path: creationPath,
      displayName: '',
      meta: null,
      numUses: 1,
      ttl,
      explicitMaxTtl: ttl,
      period: 0,
      renewable: false,
      entityId: '',
    });
    const creationTime = rfc3339(entry.creation_time * 1000);
    const space = this.#cubbyhole().sub(`${entry.hash}/`);
    await putJson(space, 'response', { response: JSON.stringify(envelope) });
    await putJson(space, 'wrapinfo', { creation_time: creationTime, creation_ttl: ttl, creation_path: creationPath } satisfies StoredWrapInfo);
    return {
      token,
      accessor: entry.accessor,
      ttl,
      creation_time: creationTime,
      creation_path: creationPath,
      ...(wrappedAccessor ? { wrapped_accessor: wrappedAccessor } : {}),
    };
  }

  /** The entry of a live wrapping token, or Vault's 400. */
  async #wrappingEntry(token: string): Promise<TokenEntry> {
    const entry = token ? await this.#tokens.lookup(token, { tainted: true }) : null;
    if (!entry || entry.policies.length !== 1 || entry.policies[0] !== RESPONSE_WRAPPING_POLICY_NAME) {
      throw badRequest(INVALID_WRAPPING_TOKEN);
    }
    return entry;
  }

  /** sys/wrapping/lookup: what the token wraps, without spending it. */
  async lookup(token: string): Promise<StoredWrapInfo> {
    const entry = await this.#wrappingEntry(token);
    const info = await getJson<StoredWrapInfo>(this.#cubbyhole(), `${entry.hash}/wrapinfo`);
    if (!info) throw badRequest(INVALID_WRAPPING_TOKEN);
    return info;
  }

  /** Spend the token's one use, read what it wraps, revoke it (its cubbyhole goes with it). */
  async #consume(token: string): Promise<{ envelope: Record<string, unknown>; info: StoredWrapInfo }> {
    const entry = await this.#wrappingEntry(token);
    const used = await this.#tokens.use(entry);
    if (!used) throw badRequest(INVALID_WRAPPING_TOKEN);
    try {
      const space = this.#cubbyhole().sub(`${used.hash}/`);
      const stored = await getJson<{ response?: string }>(space, 'response');
      const info = await getJson<StoredWrapInfo>(space, 'wrapinfo');
      if (!stored?.response || !info) throw badRequest(INVALID_WRAPPING_TOKEN);
      return { envelope: JSON.parse(stored.response) as Record<string, unknown>, info };
    } finally {
      await this.#tokens.revokeTree(used.hash);
    }
  }

  /** sys/wrapping/unwrap: the wrapped envelope, once. */
  async unwrap(token: string): Promise<Record<string, unknown>> {
    return (await this.#consume(token)).envelope;
  }

  /** sys/wrapping/rewrap: the same envelope under a new token with the original TTL and path. */
  async rewrap(token: string): Promise<WrapInfo> {
    const { envelope, info } = await this.#consume(token);
    return this.wrap(envelope, info.creation_ttl, info.creation_path);
  }
}
