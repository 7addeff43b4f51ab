import { describe, expect, it } from 'vitest';
import type { Core } from '../../../src/core/core.js';
import { assemble } from '../../../src/server/assemble.js';
import type { Services } from '../../../src/server/services.js';
import { nullLogger } from '../../../src/log/logger.js';
import { createInmemBackend } from '../../../src/storage/inmem.js';
import { aead } from '../../../src/seal/plugin-api.js';
import shamir from '../../../plugins/shamir/index.js';
import { sealFor } from '../../../src/seal/create-seals.js';
import type { Backend } from '../../../src/storage/types.js';

const servicesOf = new WeakMap<Core, Services>();

async function newCore(storage: Backend = createInmemBackend()): Promise<Core> {
  const seal = sealFor(await shamir.create({}, { logger: nullLogger(), env: {}, aead }));
  const { core, services } = assemble({ storage, storageType: 'inmem', seal, logger: nullLogger(), version: '0.0.0', buildDate: 'x' });
  servicesOf.set(core, services);
  return core;
}

/** The one authenticate of the request pipeline (src/server/services.ts). */
const authenticate = (core: Core, token: string) => servicesOf.get(core)!.authenticate(token);

const b64 = (s: string): Buffer => Buffer.from(s, 'base64');

describe('Core', () => {
  it('initialises sealed with 5 shares of threshold 3, unseals with any 3, seals again', async () => {
    const storage = createInmemBackend();
    const core = await newCore(storage);
    expect((await core.sealStatus()).initialized).toBe(false);
    const init = await core.initialize({ secret_shares: 5, secret_threshold: 3 });
    expect(init.keys_base64).toHaveLength(5);
    expect(init.keys[0]).toHaveLength(66);
    expect(init.root_token).toMatch(/^hvs\.[0-9A-Za-z]{24}$/);
    let status = await core.sealStatus();
    expect(status).toMatchObject({ type: 'shamir', initialized: true, sealed: true, t: 3, n: 5, progress: 0, nonce: '' });
    await core.unseal(b64(init.keys_base64[4]!));
    status = await core.sealStatus();
    expect(status.progress).toBe(1);
    expect(status.nonce).toMatch(/^[0-9a-f-]{36}$/);
    await core.unseal(b64(init.keys_base64[4]!)); // a duplicate is ignored
    expect((await core.sealStatus()).progress).toBe(1);
    await core.unseal(b64(init.keys_base64[0]!));
    await core.unseal(b64(init.keys_base64[2]!));
    status = await core.sealStatus();
    expect(status.sealed).toBe(false);
    expect(status.cluster_name).toMatch(/^vault-cluster-[0-9a-f]{8}$/);
    expect((await authenticate(core, init.root_token)).policies).toEqual(['root']);
    await expect(authenticate(core, 'hvs.wrongwrongwrongwrongwron')).rejects.toThrow('permission denied');
    await core.seal();
    expect(core.sealed).toBe(true);

    // A fresh core on the same storage (a restart) is sealed and opens with other shares.
    const restarted = await newCore(storage);
    expect((await restarted.sealStatus()).sealed).toBe(true);
    for (const i of [1, 3, 4]) await restarted.unseal(b64(init.keys_base64[i]!));
    expect(restarted.sealed).toBe(false);
    expect((await authenticate(restarted, init.root_token)).displayName).toBe('root');
  });

  it('rejects a wrong key set at the threshold with 400 and resets progress', async () => {
    const core = await newCore();
    const init = await core.initialize({ secret_shares: 3, secret_threshold: 2 });
    const other = await (await newCore()).initialize({ secret_shares: 3, secret_threshold: 2 });
    await core.unseal(b64(init.keys_base64[0]!));
    await expect(core.unseal(b64(other.keys_base64[1]!))).rejects.toMatchObject({ status: 400 });
    const status = await core.sealStatus();
    expect(status.sealed).toBe(true);
    expect(status.progress).toBe(0);
    await core.unseal(b64(init.keys_base64[0]!));
    await core.unseal(b64(init.keys_base64[1]!));
    expect(core.sealed).toBe(false);
  });

  it('validates the seal configuration with Vault\'s texts', async () => {
    const core = await newCore();
    await expect(core.initialize({ secret_shares: 3, secret_threshold: 5 })).rejects.toThrow(
      'invalid seal configuration: threshold cannot be larger than shares',
    );
    await expect(core.initialize({ secret_shares: 0, secret_threshold: 0 })).rejects.toThrow('shares must be at least one');
    await core.initialize({ secret_shares: 1, secret_threshold: 1 });
    await expect(core.initialize({ secret_shares: 1, secret_threshold: 1 })).rejects.toThrow('Vault is already initialized');
  });

  it('checks key length before anything else, and refuses unseal before init', async () => {
    const core = await newCore();
    await expect(core.unseal(Buffer.alloc(8))).rejects.toThrow('invalid key: key is shorter than minimum 16 bytes');
    await expect(core.unseal(Buffer.alloc(40))).rejects.toThrow('invalid key: key is longer than maximum 33 bytes');
    await expect(core.unseal(Buffer.alloc(33))).rejects.toThrow('Vault is not initialized');
  });

  it('uses the single share as the key with one share (dev mode)', async () => {
    const core = await newCore();
    const init = await core.initialize({ secret_shares: 1, secret_threshold: 1 }, { rootTokenId: 'root' });
    expect(b64(init.keys_base64[0]!)).toHaveLength(32);
    await core.unseal(b64(init.keys_base64[0]!));
    expect(core.sealed).toBe(false);
    expect((await authenticate(core, 'root')).policies).toEqual(['root']);
  });
});
