/**
 * sys/init, sys/seal-status, sys/unseal and sys/seal ([V] http/sys_init.go, sys_seal.go): the
 * state machine's HTTP-layer paths. All but sys/seal are unauthenticated and answer while sealed.
 */
import type { Core } from '../../core/core.js';
import type { InitRequest } from '../../core/init.js';
import { HttpError } from '../../http/errors.js';
import type { Logger } from '../../log/types.js';
import { raw, type HttpHandler, type HttpPath } from './http-paths.js';
import { fieldAnyCase, intField, listField } from './json-fields.js';

/** Hex first when it decodes to 16–33 bytes, else standard base64 (Vault's handleSysUnseal). */
export function decodeUnsealKey(key: string): Buffer {
  if (/^[0-9a-fA-F]+$/.test(key) && key.length % 2 === 0) {
    const hex = Buffer.from(key, 'hex');
    if (hex.length >= 16 && hex.length <= 33) return hex;
  }
  if (/^[A-Za-z0-9+/]*={0,2}$/.test(key) && key.length % 4 === 0 && key.length > 0) {
    return Buffer.from(key, 'base64');
  }
  throw new HttpError('CORE_INVALID_REQUEST', ["'key' must be a valid hex or base64 string"]);
}

function truthy(v: unknown): boolean {
  return v === true || v === 'true' || v === 1;
}

export function sealPaths(core: Core, log: Logger): HttpPath[] {
  const sealStatus: HttpHandler = async () => raw(200, await core.sealStatus());

  const getInit: HttpHandler = async () => raw(200, { initialized: await core.initialized() });

  const putInit: HttpHandler = async (req) => {
    const body = await req.http.body();
    const init: InitRequest = {
      secret_shares: intField(body, 'secret_shares'),
      secret_threshold: intField(body, 'secret_threshold'),
      stored_shares: intField(body, 'stored_shares'),
      pgp_keys: listField(body, 'pgp_keys'),
      recovery_shares: intField(body, 'recovery_shares'),
      recovery_threshold: intField(body, 'recovery_threshold'),
      recovery_pgp_keys: listField(body, 'recovery_pgp_keys'),
      root_token_pgp_key: typeof body.root_token_pgp_key === 'string' ? body.root_token_pgp_key : '',
    };
    return raw(200, await core.initialize(init));
  };

  const unseal: HttpHandler = async (req) => {
    const body = await req.http.body();
    const key = fieldAnyCase(body, 'key');
    if (truthy(fieldAnyCase(body, 'reset'))) {
      if (!core.sealed) throw new HttpError('CORE_INVALID_REQUEST', ['vault is unsealed']);
      core.resetUnseal();
      return sealStatus(req);
    }
    if (typeof key !== 'string' || key === '') {
      throw new HttpError('CORE_INVALID_REQUEST', ["'key' must be specified in request body as JSON, or 'reset' set to true"]);
    }
    const migrate = truthy(fieldAnyCase(body, 'migrate'));
    log.debug('unseal key supplied', { migrate });
    const decoded = decodeUnsealKey(key);
    try {
      await core.unseal(decoded, { migrate });
    } finally {
      decoded.fill(0);
    }
    return sealStatus(req);
  };

  const seal: HttpHandler = async () => {
    await core.seal();
    return raw(204);
  };

  return [
    { path: 'init', methods: { GET: getInit, PUT: putInit, POST: putInit } },
    { path: 'seal-status', methods: { GET: sealStatus } },
    { path: 'unseal', methods: { PUT: unseal, POST: unseal } },
    { path: 'seal', methods: { PUT: seal, POST: seal } },
  ];
}
