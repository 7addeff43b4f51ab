/**
 * The auto variant of the seal host over a fake KMS: recovery-key duties, the stored-key unseal with
 * Vault's log lines, the key-id upgrade after it, the start-up fetch-retry loop and the health check.
 */
import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AutoSeal } from '../../../src/seal/auto-seal.js';
import { readRecoveryBlob, RECOVERY_KEY_PATH } from '../../../src/seal/recovery.js';
import type { StoredKeysHost } from '../../../src/seal/seal.js';
import { RECOVERY_SEAL_CONFIG_PATH, readSealConfig } from '../../../src/seal/seal-config.js';
import { readStoredBlob, STORED_KEYS_PATH } from '../../../src/seal/stored-keys.js';
import { createInmemBackend } from '../../../src/storage/inmem.js';
import type { Backend } from '../../../src/storage/types.js';
import { FakeKms, recordingLogger } from './fake-kms.js';
import { rejection } from './core-rejection.js';

const same = (a: Uint8Array, b: Uint8Array) => Buffer.from(a).equals(Buffer.from(b));

async function initialised() {
  const storage = createInmemBackend();
  const kms = new FakeKms();
  const seal = new AutoSeal(kms);
  const configs = seal.planInit({ secret_shares: 0, secret_threshold: 0, recovery_shares: 3, recovery_threshold: 2 });
  const root = randomBytes(32);
  const recovery = randomBytes(32);
  await seal.storeInitKeys(storage, configs, root, recovery);
  return { storage, kms, seal, configs, root, recovery };
}

/** The core's side of a stored-key unseal: records the root key it was opened with. */
function host(storage: Backend, over: Partial<Omit<StoredKeysHost, 'logger'>> = {}) {
  const logger = recordingLogger();
  const h = {
    storage,
    logger,
    sealed: true,
    migrationPending: false,
    opened: [] as Buffer[],
    initialized: async () => true,
    open: async (rootKey: Uint8Array) => {
      h.opened.push(Buffer.from(rootKey));
      h.sealed = false;
    },
    ...over,
  };
  return h;
}

let seals: AutoSeal[] = [];
afterEach(async () => {
  for (const s of seals) await s.close();
  seals = [];
});

describe('AutoSeal: init and recovery-key duties', () => {
  it('plans a seal-typed barrier config with one stored share and a shamir recovery config (5/3 by default)', () => {
    const seal = new AutoSeal(new FakeKms());
    expect(seal.planInit({ secret_shares: 0, secret_threshold: 0 })).toMatchObject({
      barrier: { type: 'fakekms', secret_shares: 1, secret_threshold: 1, stored_shares: 1 },
      recovery: { type: 'shamir', secret_shares: 5, secret_threshold: 3, stored_shares: 0 },
    });
    expect(() => seal.planInit({ secret_shares: 5, secret_threshold: 3 })).toThrow(
      'parameters secret_shares,secret_threshold not applicable to seal type fakekms',
    );
    expect(() => seal.planInit({ secret_shares: 0, secret_threshold: 0, recovery_shares: 2, recovery_threshold: 3 })).toThrow(
      'invalid recovery configuration: threshold cannot be larger than shares',
    );
  });

  it('stores the recovery config, the recovery key and the root key, both wrapped by the KMS', async () => {
    const { storage, kms, root, recovery } = await initialised();
    expect(await readSealConfig(storage, RECOVERY_SEAL_CONFIG_PATH)).toMatchObject({ secret_shares: 3, secret_threshold: 2 });
    expect((await readRecoveryBlob(storage))?.keyInfo?.keyId).toBe('key-1');
    expect((await readStoredBlob(storage))?.keyInfo?.keyId).toBe('key-1');
    expect(kms.aads).toEqual([RECOVERY_KEY_PATH, STORED_KEYS_PATH]);
    expect(same(await new AutoSeal(kms).rootKeyFromShares(storage, recovery), root)).toBe(true);
  });

  it('unseals with recovery shares only after they match the recovery key', async () => {
    const { storage, seal, root, recovery } = await initialised();
    const wrong = await rejection(seal.rootKeyFromShares(storage, randomBytes(32)));
    expect([wrong.code, wrong.status, wrong.message]).toEqual([
      'CORE_INVALID_KEY',
      400,
      'invalid key: failed to verify recovery key: recovery key does not match submitted values',
    ]);
    expect(same(await seal.rootKeyFromShares(storage, recovery), root)).toBe(true);
  });

  it('verifies recovery shares for generate-root and rekey with Vault\'s prefix', async () => {
    const { storage, seal, recovery } = await initialised();
    await expect(seal.verifyOperatorKey(storage, recovery)).resolves.toBeUndefined();
    const wrong = await rejection(seal.verifyOperatorKey(storage, randomBytes(32)));
    expect(wrong.message).toBe('recovery key verification failed: recovery key does not match submitted values');
  });

  it('rekeys the recovery key for either target, leaving the root key with the seal', async () => {
    const { storage, seal, configs, root } = await initialised();
    let recovery: Uint8Array = (await initialised()).recovery; // another node's: never valid here
    const storedBefore = await storage.get(STORED_KEYS_PATH);
    for (const target of ['recovery', 'barrier'] as const) {
      const previous = recovery;
      const next = randomBytes(32);
      await seal.rekeyOperatorKey(storage, target, next, { shares: 4, threshold: 2 }, configs);
      await expect(seal.verifyOperatorKey(storage, next)).resolves.toBeUndefined();
      await expect(seal.verifyOperatorKey(storage, previous)).rejects.toMatchObject({ status: 400 });
      recovery = next;
      expect(await readSealConfig(storage, RECOVERY_SEAL_CONFIG_PATH)).toMatchObject({ type: 'shamir', secret_shares: 4, secret_threshold: 2 });
    }
    expect(await storage.get(STORED_KEYS_PATH)).toEqual(storedBefore);
    expect(same(await seal.rootKeyFromShares(storage, recovery), root)).toBe(true);
  });

  it('answers seal-status with recovery shares before and after init', async () => {
    const { storage, seal } = await initialised();
    expect(seal.statusFields(null)).toEqual({ type: 'fakekms', recovery_seal: true });
    expect(seal.statusFields(await seal.readConfigs(storage))).toEqual({ type: 'fakekms', recovery_seal: true, recovery_seal_type: 'shamir' });
    expect(seal.recoveryKeys).toBe(true);
  });
});

describe('AutoSeal: stored-key unseal and key-id upgrade', () => {
  it('fetches and opens the stored root key with Vault\'s lines', async () => {
    const { storage, seal, root } = await initialised();
    const h = host(storage);
    await seal.unsealWithStoredKeys(h);
    expect(h.opened).toHaveLength(1);
    expect(same(h.opened[0]!, root)).toBe(true);
    expect(h.logger.lines.map((l) => `${l.level} ${l.msg}`)).toEqual([
      'info stored unseal keys supported, attempting fetch',
      'info unsealed with stored key',
    ]);
  });

  it('re-wraps the stored and recovery keys after the KMS key id changed (key-id upgrade)', async () => {
    const { storage, kms, seal, root, recovery } = await initialised();
    kms.rotate('key-2');
    const h = host(storage);
    await seal.unsealWithStoredKeys(h);
    expect(h.logger.lines.map((l) => l.msg)).toEqual([
      'stored unseal keys supported, attempting fetch',
      'unsealed with stored key',
      'upgrading stored keys',
      'upgrading recovery key',
    ]);
    expect((await readStoredBlob(storage))?.keyInfo?.keyId).toBe('key-2');
    expect((await readRecoveryBlob(storage))?.keyInfo?.keyId).toBe('key-2');
    kms.keys.delete('key-1');
    expect(same(await seal.rootKeyFromShares(storage, recovery), root)).toBe(true);
    expect(await seal.readsStoredKeys(storage)).toBe(true);
  });

  it('refuses during a migration, warns when unsealed, and names what failed', async () => {
    const { storage, kms, seal } = await initialised();
    const migrating = await rejection(seal.unsealWithStoredKeys(host(storage, { migrationPending: true })));
    expect([migrating.status, migrating.message]).toEqual([500, 'cannot auto-unseal during seal migration']);

    const open = host(storage, { sealed: false });
    await seal.unsealWithStoredKeys(open);
    expect(open.logger.lines).toEqual([{ level: 'warn', msg: 'attempted unseal with stored keys, but vault is already unsealed', fields: undefined }]);
    expect(open.opened).toEqual([]);

    const fresh = await rejection(seal.unsealWithStoredKeys(host(createInmemBackend(), { initialized: async () => false })));
    expect([fresh.code, fresh.message]).toEqual(['BARRIER_CORRUPT', 'stored unseal keys are supported, but none were found']);

    const refused = await rejection(
      seal.unsealWithStoredKeys(host(storage, { open: async () => Promise.reject(new Error('Unseal failed, invalid key')) })),
    );
    expect([refused.code, refused.status, refused.message]).toEqual(['CORE_INTERNAL', 500, 'unseal with stored key failed: Unseal failed, invalid key']);

    kms.failWith = new Error('KMS is down');
    const down = await rejection(seal.unsealWithStoredKeys(host(storage)));
    expect([down.code, down.message]).toEqual(['SEAL_UNAVAILABLE', 'fetching stored unseal keys failed: KMS is down']);
  });
});

describe('AutoSeal: the start-up fetch-retry loop', () => {
  it('retries every interval with `failed to unseal core` until the KMS answers, then stops', async () => {
    const { storage, kms, seal } = await initialised();
    kms.failWith = new Error('KMS is down');
    const logger = recordingLogger();
    const h = host(storage);
    let attempts = 0;
    const core = {
      unsealWithStoredKeys: async () => {
        if (++attempts === 3) kms.failWith = undefined;
        await seal.unsealWithStoredKeys(h);
      },
    };
    const loop = seal.startUnsealLoop(core, { logger, intervalMs: 5 });
    await loop.done;
    expect(attempts).toBe(3);
    expect(h.sealed).toBe(false);
    expect(logger.lines).toEqual([
      { level: 'warn', msg: 'failed to unseal core', fields: { error: 'fetching stored unseal keys failed: KMS is down' } },
      { level: 'warn', msg: 'failed to unseal core', fields: { error: 'fetching stored unseal keys failed: KMS is down' } },
    ]);
    expect(h.logger.lines.filter((l) => l.msg === 'stored unseal keys supported, attempting fetch')).toHaveLength(3);
  });

  it('stops when told, without another attempt', async () => {
    const { storage, kms, seal } = await initialised();
    kms.failWith = new Error('KMS is down');
    let attempts = 0;
    const logger = recordingLogger();
    const loop = seal.startUnsealLoop(
      {
        unsealWithStoredKeys: async () => {
          attempts++;
          await seal.unsealWithStoredKeys(host(storage));
        },
      },
      { logger, intervalMs: 60_000 },
    );
    while (attempts === 0) await new Promise((r) => setImmediate(r));
    while (logger.lines.length === 0) await new Promise((r) => setImmediate(r));
    loop.stop();
    await loop.done; // well before the 60 s interval
    expect(attempts).toBe(1);
    expect(logger.lines.map((l) => l.msg)).toEqual(['failed to unseal core']);
    const stopped = seal.backendStatus().auto_unseal!;
    expect(stopped).toMatchObject({ state: 'stopped', attempts: 1, last_error: 'fetching stored unseal keys failed: KMS is down' });
    expect(stopped.next_attempt).toBeUndefined();
  });

  it('says where it is in sys/seal-backend-status: trying, retrying with the last error and the next attempt, unsealed', async () => {
    const { storage, kms, seal } = await initialised();
    expect(seal.backendStatus().auto_unseal).toBeUndefined(); // no loop started
    kms.failWith = new Error('KMS is down');
    let clock = Date.parse('2026-12-03T10:00:00Z');
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let attempts = 0;
    const loop = seal.startUnsealLoop(
      {
        unsealWithStoredKeys: async () => {
          attempts++;
          if (attempts === 1) await gate;
          await seal.unsealWithStoredKeys(host(storage));
        },
      },
      { logger: recordingLogger(), intervalMs: 5_000, now: () => clock },
    );
    expect(seal.backendStatus().auto_unseal).toEqual({ state: 'trying', attempts: 0 });
    release();
    await vi.waitFor(() => expect(seal.backendStatus().auto_unseal?.state).toBe('retrying'));
    expect(seal.backendStatus().auto_unseal).toEqual({
      state: 'retrying',
      attempts: 1,
      last_attempt: '2026-12-03T10:00:00Z',
      last_error: 'fetching stored unseal keys failed: KMS is down',
      next_attempt: '2026-12-03T10:00:05Z',
    });
    clock += 5_000;
    loop.stop(); // the wait ends at once; a stop after unsealing keeps `unsealed`
    await loop.done;
    expect(seal.backendStatus().auto_unseal?.state).toBe('stopped');
    kms.failWith = undefined;
    const again = seal.startUnsealLoop({ unsealWithStoredKeys: () => seal.unsealWithStoredKeys(host(storage)) }, { logger: recordingLogger(), intervalMs: 5_000, now: () => clock });
    await again.done;
    expect(seal.backendStatus().auto_unseal).toEqual({ state: 'unsealed', attempts: 1, last_attempt: '2026-12-03T10:00:05Z' });
    again.stop();
    expect(seal.backendStatus().auto_unseal?.state).toBe('unsealed');
    expect(seal.backendStatus()).toMatchObject({ healthy: true, backends: [{ name: 'fakekms', healthy: true }] });
  });
});

describe('AutoSeal: the start-up loop ends when the server is unsealed another way', () => {
  it('opened elsewhere and sealed again (a seal right after init): the loop reports unsealed at once and ends at its next wake without an attempt, so the seal sticks', async () => {
    const { storage, kms, seal } = await initialised();
    kms.failWith = new Error('none yet');
    let opens = 0;
    let attempts = 0;
    const logger = recordingLogger();
    const loop = seal.startUnsealLoop(
      {
        unsealWithStoredKeys: async () => {
          attempts++;
          await seal.unsealWithStoredKeys(host(storage));
        },
      },
      { logger, intervalMs: 20, opens: () => opens },
    );
    await vi.waitFor(() => expect(seal.backendStatus().auto_unseal?.state).toBe('retrying'));
    kms.failWith = undefined; // an attempt now would unseal
    opens++; // sys/init (or the recovery keys) opened the barrier, and the operator sealed it again
    const made = seal.backendStatus().auto_unseal!.attempts;
    expect(seal.backendStatus().auto_unseal).toMatchObject({ state: 'unsealed', attempts: made });
    await loop.done;
    expect(attempts).toBe(made); // no attempt after the barrier was opened elsewhere
    expect(logger.lines.map((l) => l.msg)).toEqual(Array(made).fill('failed to unseal core'));
  });

  it('opened elsewhere and still unsealed: the next attempt runs as in Vault (it finds the server unsealed) and ends the loop', async () => {
    const { seal } = await initialised();
    let opens = 0;
    let attempts = 0;
    const core = {
      sealed: true,
      unsealWithStoredKeys: async () => {
        attempts++;
        if (core.sealed) throw new Error('none yet');
      },
    };
    const loop = seal.startUnsealLoop(core, { logger: recordingLogger(), intervalMs: 20, opens: () => opens });
    await vi.waitFor(() => expect(seal.backendStatus().auto_unseal?.state).toBe('retrying'));
    core.sealed = false;
    opens++;
    const before = seal.backendStatus().auto_unseal!.attempts;
    await loop.done;
    expect(attempts).toBe(before + 1);
    expect(seal.backendStatus().auto_unseal).toMatchObject({ state: 'unsealed', attempts: before + 1 });
  });
});

describe('AutoSeal: health check', () => {
  it('reports healthy before a check runs, and what the running check found', async () => {
    const { kms, seal } = await initialised();
    seals.push(seal);
    expect(seal.backendStatus()).toEqual({ healthy: true, backends: [{ name: 'fakekms', healthy: true }] });
    kms.health = async () => Promise.reject(new Error('KMS is down'));
    const logger = recordingLogger();
    seal.startHealthCheck({ logger, active: () => true, healthyIntervalMs: 5, unhealthyIntervalMs: 5 });
    while (seal.backendStatus().healthy) await new Promise((r) => setTimeout(r, 5));
    expect(seal.backendStatus()).toMatchObject({ healthy: false, backends: [{ name: 'fakekms', healthy: false }] });
    expect(logger.lines[0]).toEqual({ level: 'warn', msg: 'seal backend is unhealthy', fields: { seal: 'fakekms', error: 'KMS is down' } });
    seal.stopHealthCheck();
  });
});
