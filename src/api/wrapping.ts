/**
 * Response wrapping as Vault's Go client does it ([V] api/client.go NewRequest, api/logical.go
 * DefaultWrappingLookupFunc and Unwrap): the X-Vault-Wrap-TTL a request carries (the CLI's
 * -wrap-ttl, else VAULT_WRAP_TTL, else 5m for a write to sys/wrapping/wrap), and PUT
 * sys/wrapping/unwrap with the old cubbyhole/response fallback for a 404 without content.
 */
import { TsvaultError } from '../errors.js';
import type { Secret as VaultSecret } from '../wire/envelope.js';
import { secretFromJson, secretFromText } from './secret.js';
import type { Sender } from './sender.js';

/** Which wrap TTL a client asks for. */
export interface WrapSettings {
  /** The CLI's -wrap-ttl (Duration.String(), e.g. "5m0s"); '' when unset or zero. */
  readonly flagTtl: string;
  /** VAULT_WRAP_TTL as the environment holds it; '' when unset. */
  readonly envTtl: string;
  /** A lookup that always answers "" (Vault's SetWrappingLookupFunc(func(...) string { return "" })). */
  readonly off: boolean;
}

export const NO_WRAPPING: WrapSettings = { flagTtl: '', envTtl: '', off: false };

/** api.DefaultWrappingTTL: what a write to sys/wrapping/wrap asks for by default. */
export const DEFAULT_WRAPPING_TTL = '5m';

/** The wrap TTL of one request ('' for none): the CLI's lookup, then api.DefaultWrappingLookupFunc. */
export function wrapTtlFor(settings: WrapSettings, method: string, path: string): string {
  if (settings.off) return '';
  if (settings.flagTtl !== '') return settings.flagTtl;
  if (settings.envTtl !== '') return settings.envTtl;
  if ((method === 'PUT' || method === 'POST') && path === 'sys/wrapping/wrap') return DEFAULT_WRAPPING_TTL;
  return '';
}

/** A sender that knows its token and can switch it (Unwrap uses the wrapping token). */
export interface TokenSender extends Sender {
  readonly token: string | undefined;
  withToken(token: string | undefined): TokenSender;
}

function hasContent(secret: VaultSecret | null): secret is VaultSecret {
  return secret !== null && ((secret.warnings?.length ?? 0) > 0 || Object.keys(secret.data ?? {}).length > 0);
}

const WRAPPED_RESPONSE_LOCATION = 'cubbyhole/response';

/** An old-style wrapping token: the wrapped response is a JSON string in cubbyhole/response. */
async function unwrapFromCubbyhole(sender: TokenSender, wrappingToken: string): Promise<VaultSecret | null> {
  const reader = wrappingToken !== '' ? sender.withToken(wrappingToken) : sender;
  const res = await reader.send('GET', WRAPPED_RESPONSE_LOCATION);
  let secret: VaultSecret | null;
  try {
    if (res.status === 404) {
      secret = secretFromText(res.text);
      if (!hasContent(secret)) secret = null;
    } else {
      if (res.error) throw res.error;
      secret = secretFromText(res.text);
    }
  } catch (e) {
    throw new TsvaultError('API_REQUEST', `error reading "${WRAPPED_RESPONSE_LOCATION}": ${(e as Error).message}`, { cause: e });
  }
  if (secret === null) throw new TsvaultError('API_REQUEST', `no value found at "${WRAPPED_RESPONSE_LOCATION}"`);
  if (secret.data === null) throw new TsvaultError('API_REQUEST', '"data" not found in wrapping response');
  const response = secret.data['response'];
  if (response === undefined) {
    throw new TsvaultError('API_REQUEST', '"response" not found in wrapping response "data" map');
  }
  try {
    return secretFromJson(JSON.parse(String(response)) as unknown) ?? null;
  } catch (e) {
    throw new TsvaultError('API_REQUEST', `error unmarshalling wrapped secret: ${(e as Error).message}`, { cause: e });
  }
}

export const wrapping = {
  /**
   * Logical().Unwrap: with a token and no client token, the wrapping token authenticates the
   * request; with a different client token it goes in the body as {"token": ...}; without one
   * the client's own token is unwrapped (body `null`, as Go sends a nil map).
   */
  async unwrap(this: TokenSender, wrappingToken: string): Promise<VaultSecret | null> {
    const wt = wrappingToken.trim();
    let sender: TokenSender = this;
    let body: Record<string, unknown> | null = null;
    if (wrappingToken !== '') {
      if (this.token === undefined) sender = this.withToken(wt);
      else if (wrappingToken !== this.token) body = { token: wt };
    }
    const res = await sender.send('PUT', 'sys/wrapping/unwrap', { body });
    if (res.status !== 404) {
      if (res.error) throw res.error;
      return secretFromText(res.text);
    }
    // A 404 may be a wrapped 404 error: its data or warnings are the answer.
    if (res.text === '') return null;
    const secret = secretFromText(res.text);
    if (hasContent(secret)) return secret;
    return unwrapFromCubbyhole(this, wrappingToken);
  },
};
