/**
 * `sys/rekey/{init,update}` and `sys/rekey-recovery-key/{init,update}` ([V] http/sys_rekey.go):
 * unauthenticated HTTP-layer paths, answering while sealed so that the state machine gives
 * Vault's errors in Vault's order. The `verify` and `backup` paths are not served (see rekey.ts).
 */
import type { Rekey, RekeyTarget } from '../../core/rekey.js';
import type { Handler, RequestContext, Route } from '../context.js';
import { boolField, intField, listField } from '../fields.js';
import { keyShareBody, stringField } from './key-body.js';

/** Where the handlers find the state machine of a target (the core owns one per target). */
export type RekeyLookup = (ctx: RequestContext, target: RekeyTarget) => Rekey;

const PREFIX: Readonly<Record<RekeyTarget, string>> = { barrier: 'sys/rekey', recovery: 'sys/rekey-recovery-key' };

function routesFor(get: RekeyLookup, target: RekeyTarget): [string, Route][] {
  const status: Handler = async (ctx) => ({ status: 200, body: await get(ctx, target).status() });

  const init: Handler = async (ctx) => {
    const body = await ctx.body();
    const request = {
      secret_shares: intField(body, 'secret_shares'),
      secret_threshold: intField(body, 'secret_threshold'),
      stored_shares: intField(body, 'stored_shares'),
      pgp_keys: listField(body, 'pgp_keys'),
      backup: boolField(body, 'backup'),
      require_verification: boolField(body, 'require_verification'),
    };
    return { status: 200, body: await get(ctx, target).init(request) };
  };

  const cancel: Handler = async (ctx) => {
    await get(ctx, target).cancel(stringField(await ctx.body(), 'nonce'));
    return { status: 204 };
  };

  const update: Handler = async (ctx) => {
    const { key, nonce } = keyShareBody(await ctx.body());
    try {
      return { status: 200, body: await get(ctx, target).update(key, nonce) };
    } finally {
      key.fill(0);
    }
  };

  const flags = { unauthenticated: true, whileSealed: true } as const;
  return [
    [`${PREFIX[target]}/init`, { methods: { GET: status, PUT: init, POST: init, DELETE: cancel }, ...flags }],
    [`${PREFIX[target]}/update`, { methods: { PUT: update, POST: update }, ...flags }],
  ];
}

/** The four routes as [path, Route] entries for the ROUTES map. */
export function rekeyRoutes(get: RekeyLookup): [string, Route][] {
  return [...routesFor(get, 'barrier'), ...routesFor(get, 'recovery')];
}
