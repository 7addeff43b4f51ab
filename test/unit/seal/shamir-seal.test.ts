/**
 * The Shamir variant of the seal host: the operators' shares are the KEK, which the host holds and
 * wraps the root key with itself (no setKey on a plugin); no recovery key, no stored-key unseal,
 * no fetch-retry loop, no health check.
 */
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { aeadOpen } from '../../../src/crypto/aead.js';
import { RECOVERY_KEY_PATH } from '../../../src/seal/recovery.js';
import { BARRIER_SEAL_CONFIG_PATH, RECOVERY_SEAL_CONFIG_PATH, readSealConfig } from '../../../src/seal/seal-config.js';
import { ShamirSeal } from '../../../src/seal/shamir-seal.js';
import { readStoredBlob, STORED_KEYS_PATH } from '../../../src/seal/stored-keys.js';
import type { SealWrapper } from '../../../src/seal/plugin-api.js';
import { createInmemBackend } from '../../../src/storage/inmem.js';
import { recordingLogger } from './fake-kms.js';
import { rejection } from './core-rejection.js';

const same = (a: Uint8Array, b: Uint8Array) => Buffer.from(a).equals(Buffer.from(b));

async function initialised(shares = 5, threshold = 3) {
  const storage = createInmemBackend();
  const seal = new ShamirSeal();
  const configs = seal.planInit({ secret_shares: shares, secret_threshold: threshold });
  const root = randomBytes(32);
  const kek = randomBytes(32);
  await seal.storeInitKeys(storage, configs, root, kek);
  return { storage, seal, configs, root, kek };
}

describe('ShamirSeal', () => {
  it('plans init with a shamir barrier config and no recovery config, refusing recovery settings', () => {
    const seal = new ShamirSeal();
    expect(seal.planInit({ secret_shares: 5, secret_threshold: 3 })).toEqual({
      barrier: { type: 'shamir', secret_shares: 5, secret_threshold: 3, pgp_keys: null, nonce: '', backup: false, stored_shares: 1 },
      recovery: null,
    });
    expect(() => seal.planInit({ secret_shares: 5, secret_threshold: 3, recovery_shares: 5, recovery_threshold: 3 })).toThrow(
      'parameters recovery_shares,recovery_threshold not applicable to seal type shamir',
    );
    expect(() => seal.planInit({ secret_shares: 3, secret_threshold: 5 })).toThrow(
      'invalid seal configuration: threshold cannot be larger than shares',
    );
    expect(() => seal.planInit({ secret_shares: 1, secret_threshold: 1, pgp_keys: ['k'] })).toThrow(
      'PGP-encrypted keys and tokens are not supported by this server',
    );
  });

  it('stores the root key wrapped by the KEK itself (the shamir plugin\'s layout) and no recovery key', async () => {
    const { storage, root, kek } = await initialised();
    expect((await readSealConfig(storage, BARRIER_SEAL_CONFIG_PATH))?.secret_threshold).toBe(3);
    expect(await storage.get(RECOVERY_SEAL_CONFIG_PATH)).toBeNull();
    expect(await storage.get(RECOVERY_KEY_PATH)).toBeNull();
    const blob = (await readStoredBlob(storage))!;
    expect(blob.keyInfo).toBeUndefined();
    const plain = aeadOpen(kek, Buffer.from(blob.ciphertext, 'base64'), Buffer.from(STORED_KEYS_PATH));
    expect(JSON.parse(Buffer.from(plain).toString())).toEqual([root.toString('base64')]);
  });

  it('opens the root key with the combined shares as KEK and holds it; a wrong KEK is Vault\'s 400', async () => {
    const { storage, root, kek } = await initialised();
    const restarted = new ShamirSeal();
    expect(restarted.hasKek).toBe(false);
    const wrong = await rejection(restarted.rootKeyFromShares(storage, randomBytes(32)));
    expect([wrong.code, wrong.status]).toEqual(['CORE_INVALID_KEY', 400]);
    expect(wrong.message).toBe(
      'unable to retrieve stored keys: invalid key: failed to decrypt keys from storage: cipher: message authentication failed',
    );
    expect(restarted.hasKek).toBe(false);
    expect(same(await restarted.rootKeyFromShares(storage, kek), root)).toBe(true);
    expect(restarted.hasKek).toBe(true);
    await expect(restarted.verifyOperatorKey(storage, kek)).resolves.toBeUndefined();
    await expect(restarted.verifyOperatorKey(storage, randomBytes(32))).rejects.toMatchObject({ status: 400 });
    await restarted.close();
    expect(restarted.hasKek).toBe(false);
  });

  it('rekeys the barrier target: the same root key under a new KEK, the new shares in the config', async () => {
    const { storage, seal, configs, root, kek } = await initialised();
    const next = randomBytes(32);
    await seal.rekeyOperatorKey(storage, 'barrier', next, { shares: 3, threshold: 2 }, configs, () => Uint8Array.from(root));
    expect(await readSealConfig(storage, BARRIER_SEAL_CONFIG_PATH)).toMatchObject({ type: 'shamir', secret_shares: 3, secret_threshold: 2 });
    expect(same(await new ShamirSeal().rootKeyFromShares(storage, next), root)).toBe(true);
    await expect(new ShamirSeal().rootKeyFromShares(storage, kek)).rejects.toMatchObject({ code: 'CORE_INVALID_KEY' });
  });

  it('refuses to rekey a recovery key, writing nothing', async () => {
    const { storage, seal, configs, root } = await initialised();
    const before = await storage.get(STORED_KEYS_PATH);
    const err = await rejection(seal.rekeyOperatorKey(storage, 'recovery', randomBytes(32), { shares: 1, threshold: 1 }, configs, () => root));
    expect([err.code, err.status, err.message]).toEqual(['CORE_INVALID_REQUEST', 400, 'recovery rekeying not supported']);
    expect(await storage.get(STORED_KEYS_PATH)).toEqual(before);
    expect(await storage.get(RECOVERY_KEY_PATH)).toBeNull();
  });

  it('has no stored-key unseal, fetch-retry loop or health check', async () => {
    const { storage, seal } = await initialised();
    const logger = recordingLogger();
    let opened = false;
    await seal.unsealWithStoredKeys({
      storage,
      logger,
      sealed: true,
      migrationPending: false,
      initialized: async () => true,
      open: async () => {
        opened = true;
      },
    });
    expect(opened).toBe(false);
    expect(logger.lines).toEqual([]);
    expect(seal.startUnsealLoop()).toBeUndefined();
    seal.startHealthCheck();
    expect(seal.backendStatus()).toEqual({ healthy: true, backends: [{ name: 'shamir', healthy: true }] });
    expect(await seal.readsStoredKeys()).toBe(false);
  });

  it('answers seal-status as shamir without recovery shares, before and after init', async () => {
    const { storage, seal } = await initialised();
    expect(seal.statusFields(null)).toEqual({ type: 'shamir', recovery_seal: false });
    expect(seal.statusFields(await seal.readConfigs(storage))).toEqual({ type: 'shamir', recovery_seal: false });
    expect(seal.recoveryKeys).toBe(false);
  });

  it('closes the plugin wrapper it was built around, never handing it the key', async () => {
    const calls: string[] = [];
    const plugin: SealWrapper = {
      type: 'shamir',
      keyId: () => '',
      encrypt: async () => Promise.reject(new Error('the host wraps itself')),
      decrypt: async () => Promise.reject(new Error('the host wraps itself')),
      close: async () => void calls.push('close'),
    };
    const storage = createInmemBackend();
    const seal = new ShamirSeal(plugin);
    const configs = seal.planInit({ secret_shares: 1, secret_threshold: 1 });
    const kek = randomBytes(32);
    await seal.storeInitKeys(storage, configs, randomBytes(32), kek);
    await seal.rootKeyFromShares(storage, kek);
    await seal.close();
    expect(calls).toEqual(['close']);
  });
});
