import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DEFAULT_MAX_OPERATIONS, Keyring, rfc3339Nano } from '../../../src/core/keyring.js';
import { BarrierError } from '../../../src/errors.js';

const RFC3339_NANO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z$/;

describe('rfc3339Nano', () => {
  it('prints a time with nanoseconds, as Go prints time.Time', () => {
    expect(rfc3339Nano(new Date('2024-01-02T03:04:05.678Z'))).toBe('2024-01-02T03:04:05.678000000Z');
    expect(rfc3339Nano()).toMatch(RFC3339_NANO);
  });
});

describe('Keyring', () => {
  it('starts with term 1 active: a fresh 32-byte key, no encryptions yet, and a copy of the root key', () => {
    const root = randomBytes(32);
    const keyring = Keyring.create(root);
    expect(keyring.activeTerm).toBe(1);
    const active = keyring.active();
    expect(active.term).toBe(1);
    expect(active.value).toHaveLength(32);
    expect(Buffer.from(active.value).equals(root)).toBe(false);
    expect(active.installTime).toMatch(RFC3339_NANO);
    expect(active.encryptions).toBe(0);
    expect(keyring.term(1)).toBe(active);
    expect(keyring.term(2)).toBeUndefined();
    root.fill(0);
    expect(Buffer.from(keyring.rootKey).equals(Buffer.alloc(32))).toBe(false);
    expect(Keyring.create(root).active().value).not.toEqual(active.value);
  });

  it('rotates to term N+1 with a new key, keeping every old term and leaving the original as it was', () => {
    const one = Keyring.create(randomBytes(32));
    const two = one.rotated();
    const three = two.rotated();
    expect(two.activeTerm).toBe(2);
    expect(three.activeTerm).toBe(3);
    expect([...three.keys.keys()]).toEqual([1, 2, 3]);
    expect(three.term(1)).toBe(one.term(1));
    expect(three.active().value).toHaveLength(32);
    expect(Buffer.from(three.active().value).equals(Buffer.from(two.active().value))).toBe(false);
    expect(three.active()).toMatchObject({ term: 3, encryptions: 0 });
    expect(three.active().installTime).toMatch(RFC3339_NANO);
    expect([...one.keys.keys()]).toEqual([1]);
    expect(one.activeTerm).toBe(1);
    expect(three.rootKey).toBe(one.rootKey);
  });

  it('puts the same terms under another root key, copying the key it is given', () => {
    const keyring = Keyring.create(randomBytes(32)).rotated();
    const newRoot = randomBytes(32);
    const moved = keyring.withRootKey(newRoot);
    expect(Buffer.from(moved.rootKey).equals(newRoot)).toBe(true);
    expect(moved.activeTerm).toBe(2);
    expect([...moved.keys.keys()]).toEqual([1, 2]);
    newRoot.fill(0);
    expect(Buffer.from(moved.rootKey).equals(Buffer.alloc(32))).toBe(false);
    expect(Buffer.from(keyring.rootKey).equals(Buffer.from(moved.rootKey))).toBe(false);
  });

  it("serialises as Vault's keyring JSON", () => {
    const root = Buffer.alloc(32, 7);
    const keyring = Keyring.create(root).rotated();
    keyring.active().encryptions = 5;
    const doc = JSON.parse(Buffer.from(keyring.serialize()).toString('utf8'));
    expect(doc).toEqual({
      MasterKey: root.toString('base64'),
      Keys: [
        { Term: 1, Version: 1, Value: Buffer.from(keyring.term(1)!.value).toString('base64'), InstallTime: keyring.term(1)!.installTime },
        {
          Term: 2,
          Version: 1,
          Value: Buffer.from(keyring.term(2)!.value).toString('base64'),
          InstallTime: keyring.term(2)!.installTime,
          encryptions: 5,
        },
      ],
      RotationConfig: { Disabled: false, MaxOperations: 3_865_470_566, Interval: 0 },
    });
    expect(DEFAULT_MAX_OPERATIONS).toBe(3_865_470_566);
  });

  it('reads its JSON back, the highest term active and encryptions defaulting to 0', () => {
    const keyring = Keyring.create(randomBytes(32)).rotated().rotated();
    keyring.active().encryptions = 9;
    const back = Keyring.deserialize(keyring.serialize());
    expect(back.activeTerm).toBe(3);
    expect(Buffer.from(back.rootKey).equals(Buffer.from(keyring.rootKey))).toBe(true);
    for (const term of [1, 2, 3]) {
      expect(Buffer.from(back.term(term)!.value).equals(Buffer.from(keyring.term(term)!.value))).toBe(true);
      expect(back.term(term)!.installTime).toBe(keyring.term(term)!.installTime);
      expect(back.term(term)!.term).toBe(term);
    }
    expect(back.term(3)!.encryptions).toBe(9);
    expect(back.term(1)!.encryptions).toBe(0);
    // Vault writes the terms in any order; the active one is the highest
    const doc = { MasterKey: Buffer.alloc(32, 1).toString('base64'), Keys: [{ Term: 4, Value: 'AA==', InstallTime: 'x' }, { Term: 2, Value: 'AQ==', InstallTime: 'y' }] };
    expect(Keyring.deserialize(Buffer.from(JSON.stringify(doc))).active().term).toBe(4);
  });

  it('refuses what is not a keyring with BARRIER_CORRUPT', () => {
    const bad = (text: string) => {
      try {
        Keyring.deserialize(Buffer.from(text));
      } catch (err) {
        expect(err).toBeInstanceOf(BarrierError);
        expect((err as BarrierError).code).toBe('BARRIER_CORRUPT');
        return (err as Error).message;
      }
      throw new Error(`accepted ${text}`);
    };
    const key = Buffer.alloc(32).toString('base64');
    const one = [{ Term: 1, Value: key, InstallTime: 'x' }];
    expect(bad('{not json')).toBe('failed to decode keyring');
    try {
      Keyring.deserialize(Buffer.from('{not json'));
    } catch (err) {
      expect((err as Error).cause).toBeInstanceOf(SyntaxError);
    }
    expect(bad(JSON.stringify({ Keys: one }))).toBe('failed to decode keyring');
    expect(bad(JSON.stringify({ MasterKey: key }))).toBe('failed to decode keyring');
    expect(bad(JSON.stringify({ MasterKey: key, Keys: {} }))).toBe('failed to decode keyring');
    expect(bad(JSON.stringify({ MasterKey: key, Keys: [] }))).toBe('failed to decode keyring');
  });

  it('wipes the root key and every term key', () => {
    const keyring = Keyring.create(randomBytes(32)).rotated();
    keyring.wipe();
    expect(keyring.rootKey.every((b) => b === 0)).toBe(true);
    for (const k of keyring.keys.values()) expect(k.value.every((b) => b === 0)).toBe(true);
  });
});
