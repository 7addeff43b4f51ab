/**
 * The behaviour every Backend shares, written once and run against each implementation
 * (inmem.test.ts, file.test.ts).
 */
import { describe, expect, it } from 'vitest';
import type { Backend } from '../../../src/storage/types.js';
import { rejection } from './support.js';

const enc = (s: string) => new TextEncoder().encode(s);
const dec = (b: Uint8Array | null) => (b === null ? null : new TextDecoder().decode(b));

export function backendContract(name: string, open: () => Promise<Backend>): void {
  describe(`${name}: Backend contract`, () => {
    it('returns null for a missing key', async () => {
      const b = await open();
      expect(await b.get('nope')).toBeNull();
      expect(await b.get('no/such/key')).toBeNull();
    });

    it('round-trips bytes, including empty and all 256 byte values', async () => {
      const b = await open();
      const all = Uint8Array.from({ length: 256 }, (_, i) => i);
      await b.put('bin', all);
      await b.put('empty', new Uint8Array(0));
      await b.put('core/keyring', enc('ring'));
      expect(Buffer.from((await b.get('bin'))!).equals(Buffer.from(all))).toBe(true);
      expect(await b.get('empty')).toEqual(new Uint8Array(0));
      expect(dec(await b.get('core/keyring'))).toBe('ring');
    });

    it('copies bytes in and out', async () => {
      const b = await open();
      const value = enc('abc');
      await b.put('k', value);
      value[0] = 0x7a;
      const out = (await b.get('k'))!;
      expect(dec(out)).toBe('abc');
      out[0] = 0x7a;
      expect(dec(await b.get('k'))).toBe('abc');
    });

    it('overwrites, and keeps call order for unawaited writes to one key', async () => {
      const b = await open();
      await b.put('k', enc('one'));
      await b.put('k', enc('two'));
      expect(dec(await b.get('k'))).toBe('two');
      await Promise.all(Array.from({ length: 20 }, (_, i) => b.put('race/k', enc(`v${i}`))));
      expect(dec(await b.get('race/k'))).toBe('v19');
      await Promise.all([b.put('race/d', enc('x')), b.delete('race/d')]);
      expect(await b.get('race/d')).toBeNull();
    });

    it('deletes, and deleting a missing key is not an error', async () => {
      const b = await open();
      await b.put('a/b', enc('x'));
      await b.delete('a/b');
      expect(await b.get('a/b')).toBeNull();
      await b.delete('a/b');
      await b.delete('never/was');
    });

    it('lists direct children: folders with "/", leaves by name, sorted', async () => {
      const b = await open();
      for (const key of ['core/keyring', 'core/master', 'core/hsm/barrier-unseal-keys', 'sys/token/id', 'top', 'a-b', 'a/c']) {
        await b.put(key, enc(key));
      }
      expect(await b.list('')).toEqual(['a-b', 'a/', 'core/', 'sys/', 'top']);
      expect(await b.list('core/')).toEqual(['hsm/', 'keyring', 'master']);
      expect(await b.list('core/hsm/')).toEqual(['barrier-unseal-keys']);
      expect(await b.list('sys/')).toEqual(['token/']);
      expect(await b.list('missing/')).toEqual([]);
      expect(await b.list('top/')).toEqual([]);
    });

    it('lists a name that is both a leaf and a folder twice, once as each', async () => {
      const b = await open();
      await b.put('x', enc('leaf'));
      await b.put('x/y', enc('child'));
      expect(await b.list('')).toEqual(['x', 'x/']);
      expect(dec(await b.get('x'))).toBe('leaf');
    });

    it('drops a folder from its parent\'s list once its last key is deleted', async () => {
      const b = await open();
      await b.put('p/q/r', enc('1'));
      await b.put('p/keep', enc('2'));
      await b.delete('p/q/r');
      expect(await b.list('p/')).toEqual(['keep']);
      await b.delete('p/keep');
      expect(await b.list('')).toEqual([]);
    });

    it('sorts names by UTF-8 bytes and keeps odd but valid names', async () => {
      const b = await open();
      for (const key of ['u/\u{1F600}', 'u/\uFF5E', 'u/a..b', 'u/_under', 'u/.dot', 'u/sp ace']) await b.put(key, enc(key));
      expect(await b.list('u/')).toEqual(['.dot', '_under', 'a..b', 'sp ace', '\uFF5E', '\u{1F600}']);
      expect(dec(await b.get('u/_under'))).toBe('u/_under');
    });

    it('rejects parent references (Vault\'s text) and malformed keys on every operation', async () => {
      const b = await open();
      expect((await rejection(b.put('a/../b', enc('x')))).message).toBe('path cannot contain parent references');
      expect((await rejection(b.get('../etc/passwd'))).message).toBe('path cannot contain parent references');
      expect((await rejection(b.delete('a/..'))).message).toBe('path cannot contain parent references');
      expect((await rejection(b.list('../'))).message).toBe('path cannot contain parent references');
      for (const key of ['', '/abs', 'a//b', 'a/', 'a/./b', 'nul\0']) await rejection(b.put(key, enc('x')));
      await rejection(b.list('noslash'));
    });
  });
}
