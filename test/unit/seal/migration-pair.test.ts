/**
 * The seal pair of a migration: whether it is still pending (Vault's sealMigrated) and the move of
 * the keys from one Seal to the other, in each direction, over a real barrier.
 */
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { Barrier } from '../../../src/core/barrier.js';
import { AutoSeal } from '../../../src/seal/auto-seal.js';
import { MigrationPair } from '../../../src/seal/migration-pair.js';
import { RECOVERY_KEY_PATH } from '../../../src/seal/recovery.js';
import type { Seal } from '../../../src/seal/seal.js';
import { RECOVERY_SEAL_CONFIG_PATH, readSealConfigs } from '../../../src/seal/seal-config.js';
import { ShamirSeal } from '../../../src/seal/shamir-seal.js';
import { readStoredBlob } from '../../../src/seal/stored-keys.js';
import { createInmemBackend } from '../../../src/storage/inmem.js';
import { FakeKms, recordingLogger } from './fake-kms.js';

const same = (a: Uint8Array, b: Uint8Array) => Buffer.from(a).equals(Buffer.from(b));

/** A node initialised under `seal`; `operatorKey` is what the operators' shares combine to. */
async function node(seal: Seal) {
  const storage = createInmemBackend();
  const barrier = new Barrier(storage);
  const configs = seal.planInit(seal.recoveryKeys ? { secret_shares: 0, secret_threshold: 0 } : { secret_shares: 5, secret_threshold: 3 });
  const root = randomBytes(32);
  const operatorKey = randomBytes(32);
  await seal.storeInitKeys(storage, configs, root, operatorKey);
  await barrier.initialize(root);
  return { storage, barrier, configs, root, operatorKey };
}

async function run(pair: MigrationPair, n: Awaited<ReturnType<typeof node>>, operatorKey = n.operatorKey) {
  const logger = recordingLogger();
  const root = await pair.openAndMigrate({
    storage: n.storage,
    barrier: n.barrier,
    configs: await readSealConfigs(n.storage),
    operatorKey,
    logger,
    fail: () => undefined,
  });
  return { root, logger };
}

describe('MigrationPair', () => {
  it('shamir → auto: the KEK becomes the recovery key, a new root key is wrapped by the KMS', async () => {
    const shamir = new ShamirSeal();
    const n = await node(shamir);
    const kms = new FakeKms();
    const pair = new MigrationPair(shamir, new AutoSeal(kms));
    expect(await pair.pending(n.storage, 'shamir')).toBe(true);
    const { root, logger } = await run(pair, n);
    expect(logger.lines.map((l) => l.msg)).toEqual(['seal migration initiated', 'migrating from shamir to auto-unseal', 'seal migration complete']);
    expect(n.barrier.sealed).toBe(true);
    expect(same(root, n.root)).toBe(false);
    await n.barrier.unseal(root);
    const configs = await readSealConfigs(n.storage);
    expect(configs.barrier).toMatchObject({ type: 'fakekms', secret_shares: 1, secret_threshold: 1, stored_shares: 1 });
    expect(configs.recovery).toMatchObject({ type: 'shamir', secret_shares: 5, secret_threshold: 3, stored_shares: 0 });
    // the operators' shares are the same: they now combine to the recovery key
    expect(same(await new AutoSeal(kms).rootKeyFromShares(n.storage, n.operatorKey), root)).toBe(true);
    expect(await pair.pending(n.storage, configs.barrier.type)).toBe(false);
  });

  it('auto → shamir: the recovery key becomes the KEK; recovery key and config are removed', async () => {
    const kms = new FakeKms();
    const auto = new AutoSeal(kms);
    const n = await node(auto);
    const pair = new MigrationPair(auto, new ShamirSeal());
    expect(await pair.pending(n.storage, 'fakekms')).toBe(true);
    const { root, logger } = await run(pair, n);
    expect(logger.lines.map((l) => l.msg)).toContain('migrating from one auto-unseal to shamir');
    expect(same(root, n.root)).toBe(true);
    expect(await n.storage.get(RECOVERY_KEY_PATH)).toBeNull();
    expect(await n.storage.get(RECOVERY_SEAL_CONFIG_PATH)).toBeNull();
    expect((await readSealConfigs(n.storage)).barrier).toMatchObject({ type: 'shamir', secret_shares: 5, secret_threshold: 3, stored_shares: 1 });
    expect(same(await new ShamirSeal().rootKeyFromShares(n.storage, n.operatorKey), n.root)).toBe(true);
  });

  it('auto → auto of the same type with another key: pending until the new key wraps the stored keys', async () => {
    const oldKms = new FakeKms();
    const n = await node(new AutoSeal(oldKms));
    const newKms = new FakeKms();
    newKms.keys.clear();
    newKms.rotate('key-new');
    const pair = new MigrationPair(new AutoSeal(oldKms), new AutoSeal(newKms));
    expect(await pair.pending(n.storage, 'fakekms')).toBe(true);
    expect(await pair.pending(n.storage, 'shamir')).toBe(false); // stored type is not the old one
    const { root, logger } = await run(pair, n);
    expect(logger.lines.map((l) => l.msg)).toContain('migrating from one auto-unseal to another');
    expect((await readStoredBlob(n.storage))?.keyInfo?.keyId).toBe('key-new');
    expect(same(await new AutoSeal(newKms).rootKeyFromShares(n.storage, n.operatorKey), root)).toBe(true);
    expect(await pair.pending(n.storage, 'fakekms')).toBe(false);
  });

  it('refuses shares the old seal does not accept, leaving everything as it was', async () => {
    const kms = new FakeKms();
    const auto = new AutoSeal(kms);
    const n = await node(auto);
    const before = await readStoredBlob(n.storage);
    const pair = new MigrationPair(auto, new ShamirSeal());
    await expect(run(pair, n, randomBytes(32))).rejects.toThrow(
      'invalid key: failed to verify recovery key: recovery key does not match submitted values',
    );
    expect(await readStoredBlob(n.storage)).toEqual(before);
    expect(n.barrier.sealed).toBe(true);
  });

  it('at start-up: the pair while pending, with Vault\'s warning; undefined once performed', async () => {
    const kms = new FakeKms();
    const n = await node(new AutoSeal(kms));
    const pair = new MigrationPair(new AutoSeal(kms), new ShamirSeal());
    const logger = recordingLogger();
    expect(await pair.ifPending(n.storage, 'fakekms', logger)).toBe(pair);
    expect(await pair.ifPending(n.storage, 'shamir', logger)).toBeUndefined();
    expect(logger.lines).toEqual([
      {
        level: 'warn',
        msg: 'entering seal migration mode; Vault will not automatically unseal even if using an autoseal',
        fields: { from_barrier_type: 'fakekms', to_barrier_type: 'shamir' },
      },
      { level: 'info', msg: 'migration is already performed', fields: undefined },
    ]);
  });
});
