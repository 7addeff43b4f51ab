import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { Barrier, KEYRING_PATH } from '../../../src/core/barrier.js';
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
});
