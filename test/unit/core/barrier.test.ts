import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { aeadOpen, aeadSeal } from '../../../src/crypto/aead.js';
import { Barrier, KEYRING_PATH, ROOT_KEY_COPY_PATH } from '../../../src/core/barrier.js';
import { Keyring } from '../../../src/core/keyring.js';
import { BarrierError } from '../../../src/errors.js';
import { createInmemBackend } from '../../../src/storage/inmem.js';

describe('Barrier', () => {
  it('stores Vault-format ciphertext: term, version 2, nonce, AES-GCM with the path as AAD', async () => {
    const storage = createInmemBackend();
    const barrier = new Barrier(storage);
    const root = randomBytes(32);
    await barrier.initialize(root);
    expect(barrier.sealed).toBe(true);
    await barrier.unseal(root);
    await barrier.put('secret/a', Buffer.from('hello'));
    const raw = Buffer.from((await storage.get('secret/a'))!);
    expect(raw.readUInt32BE(0)).toBe(1);
    expect(raw[4]).toBe(2);
    expect(raw.length).toBe(5 + 12 + 5 + 16);
    expect(raw.includes(Buffer.from('hello'))).toBe(false);
    expect(Buffer.from((await barrier.get('secret/a'))!).toString()).toBe('hello');
    // Moving a ciphertext to another path breaks authentication (AAD = path).
    await storage.put('secret/b', raw);
    await expect(barrier.get('secret/b')).rejects.toThrow();
  });

  it('refuses a wrong root key with Vault\'s text and stays sealed', async () => {
    const storage = createInmemBackend();
    const barrier = new Barrier(storage);
    await barrier.initialize(randomBytes(32));
    await expect(barrier.unseal(randomBytes(32))).rejects.toThrow('Unseal failed, invalid key');
    expect(barrier.sealed).toBe(true);
    await expect(barrier.get('x')).rejects.toThrow('Vault is sealed');
  });

  it('refuses a second initialisation', async () => {
    const barrier = new Barrier(createInmemBackend());
    await barrier.initialize(randomBytes(32));
    await expect(barrier.initialize(randomBytes(32))).rejects.toThrow('Vault is already initialized');
  });

  it('rotates terms: new writes use the new term, old values still decrypt after a reopen', async () => {
    const storage = createInmemBackend();
    const root = randomBytes(32);
    const barrier = new Barrier(storage);
    await barrier.initialize(root);
    await barrier.unseal(root);
    await barrier.put('old', Buffer.from('1'));
    expect(await barrier.rotate()).toBe(2);
    await barrier.put('new', Buffer.from('2'));
    expect(Buffer.from((await storage.get('new'))!).readUInt32BE(0)).toBe(2);
    expect(barrier.keyStatus().term).toBe(2);
    barrier.seal();
    const again = new Barrier(storage);
    await again.unseal(root);
    expect(Buffer.from((await again.get('old'))!).toString()).toBe('1');
    expect(Buffer.from((await again.get('new'))!).toString()).toBe('2');
    // The keyring itself is always under term 1 with its path as AAD.
    expect(Buffer.from((await storage.get(KEYRING_PATH))!).readUInt32BE(0)).toBe(1);
  });

  async function unsealed() {
    const storage = createInmemBackend();
    const root = randomBytes(32);
    const barrier = new Barrier(storage);
    await barrier.initialize(root);
    await barrier.unseal(root);
    return { storage, root, barrier };
  }

  async function corrupt(p: Promise<unknown>): Promise<string> {
    try {
      await p;
    } catch (err) {
      expect(err).toBeInstanceOf(BarrierError);
      expect((err as BarrierError).code).toBe('BARRIER_CORRUPT');
      return (err as Error).message;
    }
    throw new Error('expected BARRIER_CORRUPT');
  }

  it('keeps the keyring under the root key and a copy of the root key under the active term, as Vault does', async () => {
    const { storage, root, barrier } = await unsealed();
    const keyringRaw = Buffer.from((await storage.get(KEYRING_PATH))!);
    expect([keyringRaw.readUInt32BE(0), keyringRaw[4]]).toEqual([1, 2]);
    const keyring = Keyring.deserialize(aeadOpen(root, keyringRaw.subarray(5), Buffer.from(KEYRING_PATH)));
    expect(Buffer.from(keyring.rootKey).equals(root)).toBe(true);
    const copyRaw = Buffer.from((await storage.get(ROOT_KEY_COPY_PATH))!);
    const copy = JSON.parse(Buffer.from(aeadOpen(keyring.active().value, copyRaw.subarray(5), Buffer.from(ROOT_KEY_COPY_PATH))).toString());
    expect(copy).toEqual({ Term: 1, Version: 1, Value: root.toString('base64') });
    expect(Buffer.from(barrier.rootKey()).equals(root)).toBe(true);
    expect(await barrier.get(ROOT_KEY_COPY_PATH)).not.toBeNull();
  });

  it('opens only once, seals by forgetting the keyring, and refuses every use while sealed', async () => {
    const { storage, root, barrier } = await unsealed();
    await barrier.put('a', Buffer.from('1'));
    await barrier.unseal(randomBytes(32)); // already unsealed: nothing happens, even with a wrong key
    expect(barrier.sealed).toBe(false);
    barrier.seal();
    expect(barrier.sealed).toBe(true);
    for (const use of [() => barrier.get('a'), () => barrier.put('a', Buffer.from('2')), () => barrier.delete('a'), () => barrier.list(''), () => barrier.rotate()]) {
      await expect(use()).rejects.toThrow('Vault is sealed');
    }
    expect(() => barrier.rootKey()).toThrow('Vault is sealed');
    expect(() => barrier.keyStatus()).toThrow('Vault is sealed');
    expect(await storage.get('a')).not.toBeNull();
    await barrier.unseal(root);
    expect(Buffer.from((await barrier.get('a'))!).toString()).toBe('1');
  });

  it('refuses a keyring entry that is not under term 1 or is cut short', async () => {
    const { storage, root } = await unsealed();
    const raw = Buffer.from((await storage.get(KEYRING_PATH))!);
    const cause = async (bytes: Buffer) => {
      await storage.put(KEYRING_PATH, bytes);
      const err = await new Barrier(storage).unseal(root).then(() => undefined, (e: unknown) => e as BarrierError);
      expect(err?.code).toBe('BARRIER_INVALID_KEY');
      expect(err?.message).toBe('Unseal failed, invalid key');
      expect((err?.cause as BarrierError).code).toBe('BARRIER_CORRUPT');
      return (err?.cause as Error).message;
    };
    const term2 = Buffer.from(raw);
    term2.writeUInt32BE(2, 0);
    expect(await cause(term2)).toBe('term mis-match');
    expect(await cause(raw.subarray(0, 5 + 12 + 16 - 1))).toBe('invalid cipher length');
    await storage.put(KEYRING_PATH, raw);
    await new Barrier(storage).unseal(root);
  });

  it('stores and reads an empty value: header, nonce and tag alone', async () => {
    const { storage, barrier } = await unsealed();
    await barrier.put('empty', new Uint8Array(0));
    expect((await storage.get('empty'))!.length).toBe(5 + 12 + 16);
    expect((await barrier.get('empty'))!.length).toBe(0);
  });

  it('can be sealed twice, or before it was ever unsealed', async () => {
    const barrier = new Barrier(createInmemBackend());
    expect(() => barrier.seal()).not.toThrow();
    await barrier.initialize(randomBytes(32));
    barrier.seal();
    barrier.seal();
    expect(barrier.sealed).toBe(true);
  });

  it('uses its error codes: sealed, already initialised, not initialised', async () => {
    const barrier = new Barrier(createInmemBackend());
    const code = (p: Promise<unknown>) => p.then(() => undefined, (e: unknown) => (e as { code?: string }).code);
    expect(await code(barrier.get('x'))).toBe('BARRIER_SEALED');
    expect(await code(barrier.unseal(randomBytes(32)))).toBe('BARRIER_NOT_INITIALIZED');
    await barrier.initialize(randomBytes(32));
    expect(await code(barrier.initialize(randomBytes(32)))).toBe('BARRIER_ALREADY_INITIALIZED');
  });

  it('says when it is not initialised', async () => {
    const barrier = new Barrier(createInmemBackend());
    expect(await barrier.initialized()).toBe(false);
    await expect(barrier.unseal(randomBytes(32))).rejects.toThrow('Vault is not initialized');
    await barrier.initialize(randomBytes(32));
    expect(await barrier.initialized()).toBe(true);
  });

  it('lists and deletes through to storage, and reads a missing entry as null', async () => {
    const { storage, barrier } = await unsealed();
    await barrier.put('dir/a', Buffer.from('1'));
    await barrier.put('dir/b/c', Buffer.from('2'));
    expect(await barrier.list('dir/')).toEqual(['a', 'b/']);
    await barrier.delete('dir/a');
    expect(await storage.get('dir/a')).toBeNull();
    expect(await barrier.get('dir/a')).toBeNull();
  });

  it('counts encryptions under the active term', async () => {
    const { barrier } = await unsealed();
    const before = barrier.keyStatus();
    expect(before.term).toBe(1);
    expect(before.installTime).toMatch(/^\d{4}-\d\d-\d\dT.*\.\d{9}Z$/);
    await barrier.put('a', Buffer.from('1'));
    await barrier.put('b', Buffer.from('2'));
    expect(barrier.keyStatus().encryptions).toBe(before.encryptions + 2);
  });

  it('refuses short, foreign-term and unknown-version ciphertext as corrupt', async () => {
    const { storage, barrier } = await unsealed();
    await barrier.put('a', Buffer.from('hello'));
    const raw = Buffer.from((await storage.get('a'))!);

    await storage.put('x', raw.subarray(0, 3));
    expect(await corrupt(barrier.get('x'))).toBe('invalid cipher length');
    await storage.put('x', raw.subarray(0, 5 + 12 + 16 - 1));
    expect(await corrupt(barrier.get('x'))).toBe('invalid cipher length');

    const term9 = Buffer.from(raw);
    term9.writeUInt32BE(9, 0);
    await storage.put('x', term9);
    expect(await corrupt(barrier.get('x'))).toBe('no decryption key available for term 9');

    const v3 = Buffer.from(raw);
    v3[4] = 3;
    await storage.put('a', v3);
    expect(await corrupt(barrier.get('a'))).toBe('version bytes mis-match');

    const flipped = Buffer.from(raw);
    flipped[raw.length - 1]! ^= 1;
    await storage.put('a', flipped);
    const err = await barrier.get('a').catch((e: unknown) => e as BarrierError);
    expect(err).toBeInstanceOf(BarrierError);
    expect([(err as BarrierError).code, (err as BarrierError).message]).toEqual(['BARRIER_CORRUPT', 'cipher: message authentication failed']);
    expect((err as BarrierError).cause).toBeInstanceOf(Error);
  });

  it('reads version-1 values, which Vault wrote without the path as AAD', async () => {
    const { storage, barrier, root } = await unsealed();
    await barrier.put('probe', Buffer.from('x'));
    const keyring = Keyring.deserialize(aeadOpen(root, Buffer.from((await storage.get(KEYRING_PATH))!).subarray(5), Buffer.from(KEYRING_PATH)));
    const header = Buffer.from([0, 0, 0, 1, 1]);
    await storage.put('old/v1', Buffer.concat([header, aeadSeal(keyring.active().value, Buffer.from('legacy'))]));
    expect(Buffer.from((await barrier.get('old/v1'))!).toString()).toBe('legacy');
    // a version-2 value must carry its path as AAD
    await storage.put('new/v2', Buffer.concat([Buffer.from([0, 0, 0, 1, 2]), aeadSeal(keyring.active().value, Buffer.from('v2'))]));
    expect(await corrupt(barrier.get('new/v2'))).toBe('cipher: message authentication failed');
  });

  it('stages the keyring under another root key for a migration, leaving the barrier as it was', async () => {
    const { storage, barrier, root } = await unsealed();
    await barrier.put('a', Buffer.from('kept'));
    const newRoot = randomBytes(32);
    const entries = barrier.keyringEntriesFor(newRoot);
    expect([...entries.keys()]).toEqual([KEYRING_PATH, ROOT_KEY_COPY_PATH]);
    expect(Buffer.from(barrier.rootKey()).equals(root)).toBe(true);
    for (const [path, bytes] of entries) await storage.put(path, bytes);
    const moved = new Barrier(storage);
    await expect(moved.unseal(root)).rejects.toThrow('Unseal failed, invalid key');
    await moved.unseal(newRoot);
    expect(Buffer.from((await moved.get('a'))!).toString()).toBe('kept');
    const copy = JSON.parse(Buffer.from((await moved.get(ROOT_KEY_COPY_PATH))!).toString());
    expect(copy).toEqual({ Term: 1, Version: 1, Value: newRoot.toString('base64') });
  });
});
