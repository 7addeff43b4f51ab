/**
 * `sys/generate-root/attempt` and `sys/generate-root/update` ([V] http/sys_generate_root.go):
 * unauthenticated HTTP-layer paths. They answer while sealed so that the state machine can give
 * Vault's errors in Vault's order (`server is not yet initialized`, then `Vault is sealed`).
 */
import type { GenerateRoot } from '../../core/generate-root.js';
import type { Handler, RequestContext, Route } from '../context.js';
import { keyShareBody, stringField } from './key-body.js';

/** Where the handlers find the state machine (the core owns one). */
export type GenerateRootLookup = (ctx: RequestContext) => GenerateRoot;

/** The two routes as [path, Route] entries for the ROUTES map. */
export function generateRootRoutes(get: GenerateRootLookup): [string, Route][] {
  const status: Handler = async (ctx) => ({ status: 200, body: await get(ctx).status() });

  const start: Handler = async (ctx) => {
    const body = await ctx.body();
    const otp = stringField(body, 'otp');
    const pgpKey = stringField(body, 'pgp_key');
    return { status: 200, body: await get(ctx).start({ otp, pgpKey }) };
  };

  const cancel: Handler = async (ctx) => {
    await get(ctx).cancel();
    return { status: 204 };
  };

  const update: Handler = async (ctx) => {
    const { key, nonce } = keyShareBody(await ctx.body());
    try {
      return { status: 200, body: await get(ctx).update(key, nonce) };
    } finally {
      key.fill(0);
    }
  };

  const flags = { unauthenticated: true, whileSealed: true } as const;
  return [
    ['sys/generate-root/attempt', { methods: { GET: status, PUT: start, POST: start, DELETE: cancel }, ...flags }],
    ['sys/generate-root/update', { methods: { PUT: update, POST: update }, ...flags }],
  ];
}
