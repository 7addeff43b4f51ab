/**
 * The seal host's key handling: the root key stored wrapped by the seal (stored-keys.ts), the
 * recovery key of auto seals (recovery.ts) and what the Seal variants build on them (root-key.ts).
 */
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { aeadOpen } from '../../../src/crypto/aead.js';
import { split } from '../../../src/crypto/shamir.js';
import { BarrierError, CoreError } from '../../../src/errors.js';
import { RECOVERY_KEY_PATH, readRecoveryBlob, readRecoveryKey, verifyRecoveryKey, writeRecoveryKey } from '../../../src/seal/recovery.js';
import { checkRecoveryKey, combineShares, rootKeyFromKek, rootKeyFromSeal, upgradeKeys } from '../../../src/seal/root-key.js';
import { STORED_KEYS_PATH, readStoredBlob, readStoredKeys, writeStoredKeys } from '../../../src/seal/stored-keys.js';
import { kekWrapper } from '../../../src/seal/kek.js';
import { FakeKms } from './fake-kms.js';
import { createInmemBackend } from '../../../src/storage/inmem.js';
import { recordingLogger } from '../core/key-authority-fake.js';
import { rejection } from './core-rejection.js';

const same = (a: Uint8Array, b: Uint8Array) => Buffer.from(a).equals(Buffer.from(b));
const isZero = (a: Uint8Array) => a.every((b) => b === 0);

describe('stored keys (core/hsm/barrier-unseal-keys)', () => {
  it('stores the keys as a JSON list of base64, wrapped by the seal with the path as AAD', async () => {
    const storage = createInmemBackend();
    const kms = new FakeKms();
    const keys = [randomBytes(32), randomBytes(32)];
    await writeStoredKeys(storage, kms, keys);
    expect(STORED_KEYS_PATH).toBe('core/hsm/barrier-unseal-keys');
    expect(kms.aads).toEqual([STORED_KEYS_PATH]);
    const blob = await readStoredBlob(storage);
    expect(blob?.keyInfo?.keyId).toBe('key-1');
    const plain = aeadOpen(kms.keys.get('key-1')!, Buffer.from(blob!.ciphertext, 'base64'), Buffer.from(STORED_KEYS_PATH));
    expect(JSON.parse(Buffer.from(plain).toString())).toEqual(keys.map((k) => k.toString('base64')));
    // the plaintext handed to the seal is wiped once wrapped
    expect(isZero(kms.plaintexts[0]!)).toBe(true);

    const back = await readStoredKeys(storage, kms);
    expect(back).toHaveLength(2);
    expect(same(back![0]!, keys[0]!) && same(back![1]!, keys[1]!)).toBe(true);
    expect(kms.aads[1]).toBe(STORED_KEYS_PATH);
    // and so is the plaintext the seal returned
    expect(isZero(kms.returned[0]!)).toBe(true);
  });

  it('reads nothing as null, and a blob that is not JSON as BARRIER_CORRUPT', async () => {
    const storage = createInmemBackend();
    expect(await readStoredBlob(storage)).toBeNull();
    expect(await readStoredKeys(storage, new FakeKms())).toBeNull();
    await storage.put(STORED_KEYS_PATH, Buffer.from('{oops'));
    const err = await rejection(readStoredBlob(storage));
    expect([err.code, err.status, err.message]).toEqual(['BARRIER_CORRUPT', 500, 'failed to decode stored keys']);
    expect(err.cause).toBeInstanceOf(SyntaxError);
  });
});

describe('recovery key (core/recovery-key)', () => {
  it('is wrapped by the seal with its path as AAD and verified exactly', async () => {
    const storage = createInmemBackend();
    const kms = new FakeKms();
    const key = randomBytes(32);
    expect(await readRecoveryBlob(storage)).toBeNull();
    await writeRecoveryKey(storage, kms, key);
    expect(RECOVERY_KEY_PATH).toBe('core/recovery-key');
    expect(kms.aads).toEqual([RECOVERY_KEY_PATH]);
    expect((await readRecoveryBlob(storage))?.keyInfo?.keyId).toBe('key-1');
    expect(same(await readRecoveryKey(storage, kms), key)).toBe(true);
    expect(kms.aads[1]).toBe(RECOVERY_KEY_PATH);
    expect(await verifyRecoveryKey(storage, kms, key)).toBe(true);
    const other = Buffer.from(key);
    other[31]! ^= 1;
    expect(await verifyRecoveryKey(storage, kms, other)).toBe(false);
    expect(await verifyRecoveryKey(storage, kms, key.subarray(0, 31))).toBe(false);
    expect(await verifyRecoveryKey(storage, kms, Buffer.concat([key, Buffer.of(0)]))).toBe(false);
  });

  it('is BARRIER_CORRUPT when missing', async () => {
    const err = await rejection(readRecoveryKey(createInmemBackend(), new FakeKms()));
    expect([err.code, err.status, err.message]).toEqual(['BARRIER_CORRUPT', 500, 'recovery key not found']);
  });
});

describe('combineShares', () => {
  it('combines Shamir shares; with threshold 1 the single share is the key (a copy)', () => {
    const key = randomBytes(32);
    const shares = split(key, 5, 3);
    expect(same(combineShares([shares[4]!, shares[0]!, shares[2]!], 3), key)).toBe(true);
    const single = combineShares([key], 1);
    expect(same(single, key)).toBe(true);
    single[0]! ^= 1;
    expect(same(single, key)).toBe(false);
  });

  it("fails with Vault's text when the shares cannot be combined", () => {
    try {
      combineShares([randomBytes(33)], 3);
      throw new Error('combined');
    } catch (err) {
      expect(err).toBeInstanceOf(CoreError);
      const e = err as CoreError;
      expect([e.code, e.status, e.message]).toEqual([
        'CORE_INVALID_KEY',
        400,
        'invalid key: failed to compute combined key: less than two parts cannot be used to reconstruct the secret',
      ]);
      expect(e.cause).toBeInstanceOf(Error);
    }
  });
});

describe('rootKeyFromKek (shamir)', () => {
  it('opens the stored root key with the combined KEK, in the shamir plugin\'s blob layout', async () => {
    const storage = createInmemBackend();
    const kek = randomBytes(32);
    const root = randomBytes(32);
    await writeStoredKeys(storage, kekWrapper(kek), [root]);
    expect(same(await rootKeyFromKek(storage, kekWrapper(kek)), root)).toBe(true);
    // The plugin's layout: base64(nonce || ciphertext || tag) under the KEK, the path as AAD, no key id.
    const blob = (await readStoredBlob(storage))!;
    expect(Object.keys(blob)).toEqual(['ciphertext']);
    const plain = aeadOpen(kek, Buffer.from(blob.ciphertext, 'base64'), Buffer.from(STORED_KEYS_PATH));
    expect(JSON.parse(Buffer.from(plain).toString())).toEqual([root.toString('base64')]);
  });

  it("answers a wrong KEK with Vault's 400, and missing or several stored keys as corrupt", async () => {
    const storage = createInmemBackend();
    const none = await rejection(rootKeyFromKek(storage, kekWrapper(randomBytes(32))));
    expect([none.code, none.status, none.message]).toEqual(['BARRIER_CORRUPT', 500, 'stored unseal keys are supported, but none were found']);

    await writeStoredKeys(storage, kekWrapper(randomBytes(32)), [randomBytes(32)]);
    const wrong = await rejection(rootKeyFromKek(storage, kekWrapper(randomBytes(32))));
    expect([wrong.code, wrong.status, wrong.message]).toEqual([
      'CORE_INVALID_KEY',
      400,
      'unable to retrieve stored keys: invalid key: failed to decrypt keys from storage: cipher: message authentication failed',
    ]);
    expect(wrong.cause).toBeInstanceOf(Error);

    const kek = randomBytes(32);
    await writeStoredKeys(storage, kekWrapper(kek), [randomBytes(32), randomBytes(32)]);
    const two = await rejection(rootKeyFromKek(storage, kekWrapper(kek)));
    expect([two.code, two.status, two.message]).toEqual(['BARRIER_CORRUPT', 500, 'expected exactly one stored key']);

    await writeStoredKeys(storage, kekWrapper(kek), []);
    const empty = await rejection(rootKeyFromKek(storage, kekWrapper(kek)));
    expect(empty.message).toBe('stored unseal keys are supported, but none were found');
  });

  it('takes any failure of the seal to open the keys for a wrong key, passing only its own corruption errors on', async () => {
    const storage = createInmemBackend();
    const kek = randomBytes(32);
    await writeStoredKeys(storage, kekWrapper(kek), [randomBytes(32)]);
    for (const failure of [new CoreError('SEAL_UNAVAILABLE', 'seal down'), new BarrierError('BARRIER_CORRUPT', 'odd blob')]) {
      const failing = kekWrapper(kek);
      failing.decrypt = async () => {
        throw failure;
      };
      const err = await rejection(rootKeyFromKek(storage, failing));
      expect([err.code, err.status]).toEqual(['CORE_INVALID_KEY', 400]);
      expect(err.message).toContain(failure.message);
    }
  });

  it('answers a KEK of the wrong length as a wrong key (crypto/aes text)', async () => {
    const storage = createInmemBackend();
    await writeStoredKeys(storage, kekWrapper(randomBytes(32)), [randomBytes(32)]);
    const err = await rejection(rootKeyFromKek(storage, kekWrapper(randomBytes(17))));
    expect([err.code, err.status, err.message]).toEqual([
      'CORE_INVALID_KEY',
      400,
      'unable to retrieve stored keys: invalid key: failed to decrypt keys from storage: crypto/aes: invalid key size 17',
    ]);
  });
});

describe('rootKeyFromSeal (auto seal)', () => {
  it('unwraps the stored root key through the seal', async () => {
    const storage = createInmemBackend();
    const kms = new FakeKms();
    const root = randomBytes(32);
    await writeStoredKeys(storage, kms, [root]);
    expect(same(await rootKeyFromSeal(storage, kms), root)).toBe(true);
  });

  it('reports a seal that cannot decrypt as unavailable, and nothing stored as corrupt', async () => {
    const storage = createInmemBackend();
    const kms = new FakeKms();
    const none = await rejection(rootKeyFromSeal(storage, kms));
    expect([none.code, none.status, none.message]).toEqual(['BARRIER_CORRUPT', 500, 'stored unseal keys are supported, but none were found']);
    await writeStoredKeys(storage, kms, [randomBytes(32)]);
    kms.failWith = new Error('KMS is down');
    const down = await rejection(rootKeyFromSeal(storage, kms));
    expect([down.code, down.status, down.message]).toEqual(['SEAL_UNAVAILABLE', 500, 'fetching stored unseal keys failed: KMS is down']);
    expect(down.cause).toBe(kms.failWith);
  });
});

describe('checkRecoveryKey', () => {
  it('accepts the stored recovery key and refuses others with the caller\'s prefix', async () => {
    const storage = createInmemBackend();
    const kms = new FakeKms();
    const key = randomBytes(32);
    await writeRecoveryKey(storage, kms, key);
    await expect(checkRecoveryKey(storage, kms, key, 'p: ')).resolves.toBeUndefined();
    const wrong = await rejection(checkRecoveryKey(storage, kms, randomBytes(32), 'recovery key verification failed: '));
    expect([wrong.code, wrong.status, wrong.message]).toEqual([
      'CORE_INVALID_KEY',
      400,
      'recovery key verification failed: recovery key does not match submitted values',
    ]);
    kms.failWith = new Error('KMS is down');
    const down = await rejection(checkRecoveryKey(storage, kms, key, 'p: '));
    expect([down.code, down.status, down.message]).toEqual(['SEAL_UNAVAILABLE', 500, 'p: KMS is down']);
    expect(down.cause).toBe(kms.failWith);
  });
});

describe('upgradeKeys', () => {
  async function setUp() {
    const storage = createInmemBackend();
    const kms = new FakeKms();
    const root = randomBytes(32);
    const recovery = randomBytes(32);
    await writeStoredKeys(storage, kms, [root]);
    await writeRecoveryKey(storage, kms, recovery);
    kms.calls = [];
    return { storage, kms, root, recovery, logger: recordingLogger() };
  }

  it('re-wraps the stored keys and the recovery key when the seal key changed, as Vault does', async () => {
    const { storage, kms, root, recovery, logger } = await setUp();
    kms.rotate('key-2');
    await upgradeKeys(storage, kms, logger);
    expect(kms.calls[0]).toBe('health');
    expect(logger.lines.map((l) => `${l.level} ${l.msg}`)).toEqual(['info upgrading stored keys', 'info upgrading recovery key']);
    expect((await readStoredBlob(storage))?.keyInfo?.keyId).toBe('key-2');
    expect((await readRecoveryBlob(storage))?.keyInfo?.keyId).toBe('key-2');
    // the unwrapped keys are wiped once re-wrapped
    expect(kms.returned).toHaveLength(2);
    expect(kms.returned.every(isZero)).toBe(true);
    kms.keys.delete('key-1'); // only the new key is needed now
    expect(same(await rootKeyFromSeal(storage, kms), root)).toBe(true);
    expect(await verifyRecoveryKey(storage, kms, recovery)).toBe(true);
  });

  it('upgrades keys whose blobs name no key id, and works with a seal that has no health check', async () => {
    const { storage, kms, logger } = await setUp();
    for (const path of [STORED_KEYS_PATH, RECOVERY_KEY_PATH]) {
      const blob = JSON.parse(Buffer.from((await storage.get(path))!).toString());
      // an older blob without keyInfo, still decryptable by the current key
      kms.decrypt = async (b, aad) => aeadOpen(kms.keys.get('key-1')!, Buffer.from(b.ciphertext, 'base64'), aad);
      delete blob.keyInfo;
      await storage.put(path, Buffer.from(JSON.stringify(blob)));
    }
    const noHealth = Object.assign(Object.create(Object.getPrototypeOf(kms)), kms) as FakeKms;
    (noHealth as { health?: unknown }).health = undefined;
    await upgradeKeys(storage, noHealth, logger);
    expect(logger.lines.map((l) => l.msg)).toEqual(['upgrading stored keys', 'upgrading recovery key']);
    expect((await readStoredBlob(storage))?.keyInfo?.keyId).toBe('key-1');
    expect((await readRecoveryBlob(storage))?.keyInfo?.keyId).toBe('key-1');
  });

  it('leaves keys wrapped by the current key alone', async () => {
    const { storage, kms, logger } = await setUp();
    const before = [await storage.get(STORED_KEYS_PATH), await storage.get(RECOVERY_KEY_PATH)];
    await upgradeKeys(storage, kms, logger);
    expect(kms.calls).toEqual(['health']);
    expect(logger.lines).toEqual([]);
    expect([await storage.get(STORED_KEYS_PATH), await storage.get(RECOVERY_KEY_PATH)]).toEqual(before);
  });

  it('does nothing for a seal without key ids (shamir), and nothing when no keys are stored', async () => {
    const { storage, kms, logger } = await setUp();
    kms.rotate('');
    await upgradeKeys(storage, kms, logger);
    expect(kms.calls).toEqual(['health']);
    expect((await readStoredBlob(storage))?.keyInfo?.keyId).toBe('key-1');

    const empty = createInmemBackend();
    kms.rotate('key-3');
    await upgradeKeys(empty, kms, logger);
    expect(logger.lines).toEqual([]);
    expect(await empty.get(STORED_KEYS_PATH)).toBeNull();
    expect(await empty.get(RECOVERY_KEY_PATH)).toBeNull();
  });

  it('upgrades the recovery key alone when only it is old', async () => {
    const { storage, kms, logger } = await setUp();
    kms.rotate('key-2');
    await writeStoredKeys(storage, kms, [randomBytes(32)]);
    await upgradeKeys(storage, kms, logger);
    expect(logger.lines.map((l) => l.msg)).toEqual(['upgrading recovery key']);
    expect((await readRecoveryBlob(storage))?.keyInfo?.keyId).toBe('key-2');
  });

  it('logs a warning and keeps going when the seal fails', async () => {
    const { storage, kms, logger } = await setUp();
    kms.rotate('key-2');
    kms.failWith = new Error('KMS is down');
    await expect(upgradeKeys(storage, kms, logger)).resolves.toBeUndefined();
    expect(logger.lines.at(-1)).toEqual({ level: 'warn', msg: 'post-unseal upgrade seal keys failed', fields: { error: 'KMS is down' } });
  });
});
