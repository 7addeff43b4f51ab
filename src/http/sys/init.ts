import type { InitRequest } from '../../core/init.js';
import type { Handler, Route } from '../context.js';
import { HttpError } from '../errors.js';
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
  // Vault's validateInitParameters for a Shamir seal: recovery settings do not apply.
  const notApplicable: string[] = [];
  if (req.recovery_shares) notApplicable.push('recovery_shares');
  if (req.recovery_threshold) notApplicable.push('recovery_threshold');
  if (req.recovery_pgp_keys && req.recovery_pgp_keys.length > 0) notApplicable.push('recovery_pgp_keys');
  if (notApplicable.length > 0) {
    throw new HttpError(400, [`parameters ${notApplicable.join(',')} not applicable to seal type shamir`]);
  }
  const result = await ctx.core.initialize(req);
  return { status: 200, body: result };
};

export const initRoute: Route = { methods: { GET: getInit, PUT: putInit, POST: putInit }, unauthenticated: true, whileSealed: true };
