/**
 * The barrier encrypts with one KeyObject per term, made when the term key is created or read,
 * never one per call; a rotation makes a new one; values written by the code before this change
 * (test/fixtures/crypto, made by main at 0ed32c2) still decrypt.
 */
import { readFileSync } from 'node:fs';
import { inspect } from 'node:util';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { Barrier } from '../../../src/core/barrier.js';
import { Keyring } from '../../../src/core/keyring.js';
import { createInmemBackend } from '../../../src/storage/inmem.js';
import { keySpy, keysUsed } from '../crypto/key-object-spy.js';

vi.mock('node:crypto', async (orig) => (await import('../crypto/key-object-spy.js')).spiedCrypto(orig));

const vectors = JSON.parse(readFileSync(new URL('../../fixtures/crypto/main-0ed32c2-vectors.json', import.meta.url), 'utf8')) as {
  barrier: Record<string, string>;
};
const ROOT = Buffer.alloc(32, 0x11);

async function openBarrier(): Promise<Barrier> {
  const barrier = new Barrier(createInmemBackend());
  await barrier.initialize(ROOT);
  await barrier.unseal(ROOT);
  return barrier;
}

describe('barrier keys as KeyObjects', () => {
  beforeEach(() => keySpy.reset());

  it('makes one KeyObject per term key and encrypts and decrypts every value with it', async () => {
    const barrier = await openBarrier();
    keySpy.reset();
    for (let i = 0; i < 20; i++) await barrier.put(`secret/${i}`, Buffer.from(`value ${i}`));
    for (let i = 0; i < 20; i++) expect(Buffer.from((await barrier.get(`secret/${i}`))!).toString()).toBe(`value ${i}`);
    expect(keySpy.made).toBe(0);
    const used = keysUsed();
    expect(used.allKeyObjects).toBe(true);
    expect(used.distinct).toBe(1);
  });

  it('a rotation makes one new KeyObject for the new term; older values still use the old one', async () => {
    const barrier = await openBarrier();
    await barrier.put('secret/old', Buffer.from('old'));
    keySpy.reset();
    await barrier.get('secret/old');
    const [termOne] = keysUsed().list;
    keySpy.reset();
    await barrier.rotate();
    expect(keySpy.made).toBe(1);
    keySpy.reset();
    await barrier.put('secret/new', Buffer.from('new'));
    await barrier.get('secret/new');
    await barrier.get('secret/new');
    const [termTwo] = keysUsed().list;
    expect(keysUsed()).toMatchObject({ distinct: 1, allKeyObjects: true });
    expect(termTwo).not.toBe(termOne);
    keySpy.reset();
    expect(Buffer.from((await barrier.get('secret/old'))!).toString()).toBe('old');
    expect(keysUsed().list).toEqual([termOne]);
    expect(keySpy.made).toBe(0);
  });

  it('the keyring holds a KeyObject per term, shared by the rotated keyring for old terms, new for the new term', () => {
    const one = Keyring.create(Buffer.alloc(32, 1));
    const two = one.rotated();
    expect(one.active().key).toMatchObject({ type: 'secret', symmetricKeySize: 32 });
    expect(two.term(1)!.key).toBe(one.active().key);
    expect(two.active().key).not.toBe(one.active().key);
    expect(Keyring.deserialize(two.serialize()).active().key).toMatchObject({ type: 'secret', symmetricKeySize: 32 });
  });

  it('neither util.inspect nor JSON.stringify of a term KeyObject shows the key', () => {
    const keyring = Keyring.create(Buffer.alloc(32, 1));
    const { key, value } = keyring.active();
    const shown = `${inspect(key, { showHidden: true, depth: 10 })} ${JSON.stringify(key)} ${JSON.stringify({ key })}`;
    for (const form of [Buffer.from(value).toString('base64'), Buffer.from(value).toString('hex'), [...value].join(',')]) {
      expect(shown).not.toContain(form);
    }
    expect(JSON.stringify(key)).toBe('{}');
  });

  it('the re-read keyring (unseal) makes its KeyObjects once, at unseal', async () => {
    const storage = createInmemBackend();
    const writer = new Barrier(storage);
    await writer.initialize(ROOT);
    await writer.unseal(ROOT);
    await writer.rotate();
    const reader = new Barrier(storage);
    keySpy.reset();
    await reader.unseal(ROOT);
    expect(keySpy.made).toBe(2);
    for (let i = 0; i < 5; i++) await reader.put(`k/${i}`, Buffer.from('v'));
    expect(keySpy.made).toBe(2);
  });

  it('decrypts values the code before KeyObjects wrote (fixed vector, two terms)', async () => {
    const storage = createInmemBackend();
    for (const [path, value] of Object.entries(vectors.barrier)) await storage.put(path, Buffer.from(value, 'base64'));
    const barrier = new Barrier(storage);
    await barrier.unseal(ROOT);
    expect(Buffer.from((await barrier.get('secret/a'))!).toString()).toBe('hello barrier');
    expect(Buffer.from((await barrier.get('secret/b'))!).toString()).toBe('after rotation');
    expect(barrier.keyStatus().term).toBe(2);
  });
});
