/** What src/server/assemble.ts puts together on top of the core. */
import { describe, expect, it } from 'vitest';
import { sealFor } from '../../../src/seal/create-seals.js';
import shamir from '../../../plugins/shamir/index.js';
import { nullLogger } from '../../../src/log/logger.js';
import { aead } from '../../../src/seal/plugin-api.js';
import { assemble, type AssembleOptions } from '../../../src/server/assemble.js';
import { CachedBackend } from '../../../src/storage/cache.js';
import { createInmemBackend } from '../../../src/storage/inmem.js';

async function options(over: Partial<AssembleOptions> = {}): Promise<AssembleOptions> {
  const seal = sealFor(await shamir.create({}, { logger: nullLogger(), env: {}, aead }));
  return { storage: createInmemBackend(), storageType: 'inmem', seal, logger: nullLogger(), version: '1.0.0', buildDate: 'b', ...over };
}

describe('assemble', () => {
  it('puts the physical read cache in front of the storage unless cache_size is 0', async () => {
    expect(assemble(await options()).core.storage).toBeInstanceOf(CachedBackend);
    const opts = await options({ cacheSize: 0 });
    expect(assemble(opts).core.storage).toBe(opts.storage);
  });

  it('brings tokens and mounts up on unseal and down on seal, with one authenticate', async () => {
    const { core, services, tokens } = assemble(await options({ systemDefaults: { default_lease_ttl: 60, max_lease_ttl: 120 } }));
    await expect(services.authenticate('hvs.x')).rejects.toMatchObject({ status: 503, message: 'Vault is sealed' });
    const init = await core.initialize({ secret_shares: 1, secret_threshold: 1 });
    await core.unseal(Buffer.from(init.keys_base64[0]!, 'base64'));
    expect(services.sealed).toBe(false);
    expect((await services.authenticate(init.root_token)).policies).toEqual(['root']);
    await expect(services.authenticate('hvs.wrongwrongwrongwrongwron')).rejects.toMatchObject({ status: 403, message: 'permission denied' });
    expect((await tokens.lookup(init.root_token))?.display_name).toBe('root');
    expect(services.router.match('cubbyhole/x')?.mountPoint).toBe('cubbyhole/');
    await core.seal();
    expect(services.sealed).toBe(true);
    expect(services.router.match('cubbyhole/x')).toBeUndefined();
  });

  it('takes extra engine types beside the built-in ones', async () => {
    const { core, services } = assemble(
      await options({ engines: { echo: async () => ({ type: 'echo', handle: async (req) => ({ data: { path: req.path } }) }) } }),
    );
    const init = await core.initialize({ secret_shares: 1, secret_threshold: 1 });
    await core.unseal(Buffer.from(init.keys_base64[0]!, 'base64'));
    await services.mounts.enable('mounts', 'e/', 'echo');
    expect(services.router.match('e/x')?.mounted.backend.type).toBe('echo');
  });
});
