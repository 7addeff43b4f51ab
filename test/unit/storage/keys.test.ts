import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { StorageError } from '../../../src/errors.js';
import { compareBytewise, segmentsOf, validateKey, validatePrefix } from '../../../src/storage/keys.js';

function rejection(fn: () => void): StorageError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(StorageError);
    expect((err as StorageError).code).toBe('STORAGE_INVALID_KEY');
    return err as StorageError;
  }
  throw new Error('expected STORAGE_INVALID_KEY');
}

const segment = fc.stringMatching(/^[A-Za-z0-9_.\-é]{1,12}$/).filter((s) => s !== '.' && s !== '..');

describe('storage key validation', () => {
  it('accepts ordinary keys, including Vault\'s own', () => {
    for (const key of ['a', 'core/keyring', 'core/hsm/barrier-unseal-keys', 'logical/1c2d/x.y', 'a..b', '_x', '.hidden']) {
      expect(() => validateKey(key)).not.toThrow();
    }
  });

  it('rejects parent references with Vault\'s text', () => {
    for (const key of ['..', '../a', 'a/..', 'a/../b']) {
      expect(rejection(() => validateKey(key)).message).toBe('path cannot contain parent references');
    }
    expect(rejection(() => validatePrefix('a/../')).message).toBe('path cannot contain parent references');
    expect(rejection(() => validatePrefix('../')).message).toBe('path cannot contain parent references');
  });

  it('rejects empty keys, a leading slash, empty and "." segments, NUL bytes', () => {
    expect(rejection(() => validateKey('')).message).toBe('key cannot be empty');
    rejection(() => validateKey('/a'));
    rejection(() => validateKey('a//b'));
    rejection(() => validateKey('a/'));
    rejection(() => validateKey('a/./b'));
    rejection(() => validateKey('.'));
    expect(rejection(() => validateKey('a\0b')).message).toBe('path cannot contain NUL bytes');
  });

  it('accepts "" and folder prefixes; rejects prefixes without a trailing slash', () => {
    for (const prefix of ['', 'a/', 'core/hsm/']) expect(() => validatePrefix(prefix)).not.toThrow();
    for (const prefix of ['a', '/', '/a/', 'a//', 'a//b/', './']) rejection(() => validatePrefix(prefix));
  });

  it('accepts every key built from valid segments and rejects it once a ".." segment is inserted', () => {
    fc.assert(
      fc.property(fc.array(segment, { minLength: 1, maxLength: 6 }), fc.nat(), (segs, at) => {
        const key = segs.join('/');
        expect(() => validateKey(key)).not.toThrow();
        expect(segmentsOf(key)).toEqual(segs);
        const bad = [...segs];
        bad.splice(at % (segs.length + 1), 0, '..');
        expect(rejection(() => validateKey(bad.join('/'))).message).toBe('path cannot contain parent references');
      }),
    );
  });

  it('splits prefixes into segments', () => {
    expect(segmentsOf('')).toEqual([]);
    expect(segmentsOf('a/b/')).toEqual(['a', 'b']);
  });

  it('sorts by UTF-8 bytes, as Go does', () => {
    // U+FF5E (3 UTF-8 bytes, EF..) sorts before U+1F600 (4 bytes, F0..); UTF-16 order says the opposite.
    expect(['\u{1F600}', '\uFF5E', 'a'].sort(compareBytewise)).toEqual(['a', '\uFF5E', '\u{1F600}']);
  });
});
