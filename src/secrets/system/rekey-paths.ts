/**
 * `sys/rekey/{init,update}` and `sys/rekey-recovery-key/{init,update}` ([V] http/sys_rekey.go):
 * unauthenticated HTTP-layer paths, answering while sealed so that the state machine gives
 * Vault's errors in Vault's order. The `verify` and `backup` paths are not served (see rekey.ts).
 */
import type { Rekey, RekeyTarget } from '../../core/rekey.js';
import { raw, type HttpHandler, type HttpPath } from './http-paths.js';
import { boolField, intField, listField } from './json-fields.js';
import { keyShareUpdateHandler, stringField } from './key-body.js';

const PREFIX: Readonly<Record<RekeyTarget, string>> = { barrier: 'rekey', recovery: 'rekey-recovery-key' };

function pathsFor(machine: Rekey, target: RekeyTarget): HttpPath[] {
  const status: HttpHandler = async () => raw(200, await machine.status());

  const init: HttpHandler = async (req) => {
    const body = await req.http.body();
    const request = {
      secret_shares: intField(body, 'secret_shares'),
      secret_threshold: intField(body, 'secret_threshold'),
      stored_shares: intField(body, 'stored_shares'),
      pgp_keys: listField(body, 'pgp_keys'),
      backup: boolField(body, 'backup'),
      require_verification: boolField(body, 'require_verification'),
    };
    return raw(200, await machine.init(request));
  };

  const cancel: HttpHandler = async (req) => {
    await machine.cancel(stringField(await req.http.body(), 'nonce'));
    return raw(204);
  };

  const update = keyShareUpdateHandler((key, nonce) => machine.update(key, nonce));

  return [
    { path: `${PREFIX[target]}/init`, methods: { GET: status, PUT: init, POST: init, DELETE: cancel } },
    { path: `${PREFIX[target]}/update`, methods: { PUT: update, POST: update } },
  ];
}

/** The four paths, over the state machine of each target. */
export function rekeyPaths(machines: Readonly<Record<RekeyTarget, Rekey>>): HttpPath[] {
  return [...pathsFor(machines.barrier, 'barrier'), ...pathsFor(machines.recovery, 'recovery')];
}
