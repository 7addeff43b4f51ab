import type { Handler, Route } from './context.js';
import { logicalResponse } from './envelope.js';

/** auth/token/lookup-self for the caller's token, in Vault's shape. */
const lookupSelf: Handler = async (ctx) => {
  const entry = await ctx.core.authenticate(ctx.token);
  return {
    status: 200,
    body: logicalResponse({
      accessor: entry.accessor,
      creation_time: entry.creation_time,
      creation_ttl: entry.ttl,
      display_name: entry.display_name,
      entity_id: '',
      expire_time: null,
      explicit_max_ttl: 0,
      id: ctx.token,
      meta: entry.meta,
      num_uses: entry.num_uses,
      orphan: entry.orphan,
      path: entry.path,
      policies: entry.policies,
      ttl: entry.ttl,
      type: 'service',
    }),
  };
};

export const lookupSelfRoute: Route = { methods: { GET: lookupSelf } };
