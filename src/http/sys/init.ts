import type { InitRequest } from '../../core/init.js';
import type { Handler, Route } from '../context.js';
import { intField, listField } from '../fields.js';

const getInit: Handler = async (ctx) => ({ status: 200, body: { initialized: await ctx.core.initialized() } });

const putInit: Handler = async (ctx) => {
  const body = await ctx.body();
  const req: InitRequest = {
    secret_shares: intField(body, 'secret_shares'),
    secret_threshold: intField(body, 'secret_threshold'),
    stored_shares: intField(body, 'stored_shares'),
    pgp_keys: listField(body, 'pgp_keys'),
    recovery_shares: intField(body, 'recovery_shares'),
    recovery_threshold: intField(body, 'recovery_threshold'),
    recovery_pgp_keys: listField(body, 'recovery_pgp_keys'),
    root_token_pgp_key: typeof body.root_token_pgp_key === 'string' ? body.root_token_pgp_key : '',
  };
  const result = await ctx.core.initialize(req);
  return { status: 200, body: result };
};

export const initRoute: Route = { methods: { GET: getInit, PUT: putInit, POST: putInit }, unauthenticated: true, whileSealed: true };
