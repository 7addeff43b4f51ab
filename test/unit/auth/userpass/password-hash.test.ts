import bcrypt from 'bcryptjs';
import { describe, expect, it } from 'vitest';
import { BcryptPool, BcryptWorkerError, sharedBcryptPool } from '../../../../src/auth/userpass/bcrypt-pool.js';
import {
  BCRYPT_DEFAULT_COST,
  BCRYPT_HASH_LENGTH,
  createPasswordHasher,
  parsePasswordHash,
  type PasswordHasherOptions,
} from '../../../../src/auth/userpass/password-hash.js';
import { failure, TEST_COST } from './support.js';

/** The known-answer vector of Go's golang.org/x/crypto/bcrypt tests (TestBcryptingIsCorrect). */
const GO_VECTOR = { password: 'allmine', hash: '$2a$10$XajjQvNhvvRt5GSeFk1xFeyqRrsxkhBkUiQeg0dt.wU1qD4aFDcga' };

async function elapsedMs(fn: () => Promise<unknown>): Promise<number> {
  const start = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

async function medianMs(fn: () => Promise<unknown>, runs = 5): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) times.push(await elapsedMs(fn));
  return times.sort((a, b) => a - b)[Math.floor(runs / 2)]!;
}

describe('password hash', () => {
  it("defaults to Go's bcrypt.DefaultCost", () => {
    expect(BCRYPT_DEFAULT_COST).toBe(10);
    expect(createPasswordHasher().cost).toBe(10);
  });

  it('refuses a cost bcrypt does not have', () => {
    expect(() => createPasswordHasher(3)).toThrow(RangeError);
    expect(() => createPasswordHasher(32)).toThrow(RangeError);
    expect(() => createPasswordHasher(10.5)).toThrow(RangeError);
  });

  describe.each([{ hashIn: 'worker-pool' }, { hashIn: 'in-process' }] satisfies PasswordHasherOptions[])('hashing $hashIn', (options) => {
    it('hashes to a 60-character bcrypt string of its cost that verifies only the same password', async () => {
      const hasher = createPasswordHasher(TEST_COST, options);
      const hash = await hasher.hash('s3cret');
      expect(hash).toHaveLength(BCRYPT_HASH_LENGTH);
      expect(hash).toMatch(/^\$2[aby]\$04\$/);
      expect(hash).not.toContain('s3cret');
      expect(await hasher.verify('s3cret', hash)).toBe(true);
      expect(await hasher.verify('s3cret ', hash)).toBe(false);
      expect(await hasher.verify('S3cret', hash)).toBe(false);
      // A fresh salt each time.
      expect(await hasher.hash('s3cret')).not.toBe(hash);
    });

    it("verifies a hash made by Go's x/crypto/bcrypt", async () => {
      const hasher = createPasswordHasher(TEST_COST, options);
      expect(await hasher.verify(GO_VECTOR.password, GO_VECTOR.hash)).toBe(true);
      expect(await hasher.verify('allmine!', GO_VECTOR.hash)).toBe(false);
      // $2b$ and $2y$ are the same algorithm with another version letter.
      expect(await hasher.verify(GO_VECTOR.password, `$2b$${GO_VECTOR.hash.slice(4)}`)).toBe(true);
      expect(await hasher.verify(GO_VECTOR.password, `$2y$${GO_VECTOR.hash.slice(4)}`)).toBe(true);
    });

    it('never matches a stored hash bcrypt cannot read', async () => {
      const hasher = createPasswordHasher(TEST_COST, options);
      expect(await hasher.verify('x', '$2a$qwertyjibberfishjibberfishjibberfishjibberfishjibberfish')).toBe(false);
      expect(await hasher.verify('x', 'short')).toBe(false);
      expect(await hasher.verify('', '')).toBe(false);
    });

    it('answers false for no stored hash', async () => {
      const hasher = createPasswordHasher(TEST_COST, options);
      expect(await hasher.verify('anything', null)).toBe(false);
    });

    it("refuses a password over 72 bytes as Go's bcrypt does (a 500 in Vault)", async () => {
      const hasher = createPasswordHasher(TEST_COST, options);
      expect(await failure(hasher.hash('a'.repeat(73)))).toEqual({
        status: 500,
        message: 'bcrypt: password length exceeds 72 bytes',
      });
      // 72 bytes is fine; the limit counts UTF-8 bytes, not characters (é is two).
      expect(await hasher.hash('a'.repeat(72))).toHaveLength(60);
      expect(await failure(hasher.hash('é'.repeat(37)))).toMatchObject({ status: 500 });
    });

    it('runs a full compare for an unknown user, about as long as a wrong password', async () => {
      const hasher = createPasswordHasher(8, options);
      const stored = await hasher.hash('right');
      await hasher.verify('warm-up', null); // the dummy for a non-default cost is made once
      const wrong = await medianMs(() => hasher.verify('wrong', stored));
      const unknown = await medianMs(() => hasher.verify('wrong', null));
      expect(wrong).toBeGreaterThan(2);
      // Generous bounds: other test files share the CPU.
      expect(unknown).toBeGreaterThan(wrong * 0.4);
      expect(unknown).toBeLessThan(wrong * 3);
    });

    it('compares an unknown user against a dummy at the default cost too', async () => {
      const fast = createPasswordHasher(TEST_COST, options);
      const slow = createPasswordHasher(BCRYPT_DEFAULT_COST, options);
      const quick = await medianMs(() => fast.verify('x', null), 3);
      const full = await medianMs(() => slow.verify('x', null), 3);
      // Cost 10 is 64 times the work of cost 4: a real compare, not an early return.
      expect(full).toBeGreaterThan(quick * 4);
    });
  });

  describe('where bcrypt runs', () => {
    const MISBEHAVING = new URL('./fixtures/misbehaving-bcrypt-worker.mjs', import.meta.url);

    it("hashes on the process's shared worker pool by default, or on the pool it is given", async () => {
      await createPasswordHasher(TEST_COST).hash('s3cret');
      expect(sharedBcryptPool().workers).toBeGreaterThan(0);
      const pool = new BcryptPool({ size: 1 });
      try {
        const hasher = createPasswordHasher(TEST_COST, { pool });
        expect(pool.workers).toBe(0); // nothing starts before the first hash
        expect(await hasher.verify('s3cret', await hasher.hash('s3cret'))).toBe(true);
        expect(pool.workers).toBe(1);
      } finally {
        await pool.close();
      }
    });

    it('hashes on the main thread in-process, with no pool', async () => {
      const closed = new BcryptPool();
      await closed.close();
      const hasher = createPasswordHasher(TEST_COST, { hashIn: 'in-process', pool: closed });
      expect(await hasher.verify('s3cret', await hasher.hash('s3cret'))).toBe(true);
      expect(await hasher.verify('x', null)).toBe(false);
      expect(() => createPasswordHasher(TEST_COST, { hashIn: 'elsewhere' as 'in-process' })).toThrow(RangeError);
    });

    it('fails, rather than answering no, when a worker fails; the next login works', async () => {
      const pool = new BcryptPool({ size: 1, workerUrl: MISBEHAVING });
      try {
        const hasher = createPasswordHasher(TEST_COST, { pool });
        const stored = bcrypt.hashSync('exit-password', TEST_COST); // (the worker would exit on it)
        await expect(hasher.verify('exit-password', stored)).rejects.toBeInstanceOf(BcryptWorkerError);
        await expect(hasher.hash('throw-password')).rejects.toBeInstanceOf(BcryptWorkerError);
        expect(await hasher.verify('right', await hasher.hash('right'))).toBe(true);
        // A malformed stored hash is still a plain no.
        expect(await hasher.verify('x', '$2a$qwertyjibberfishjibberfishjibberfishjibberfishjibberfish')).toBe(false);
      } finally {
        await pool.close();
      }
    });

    it('makes the unknown-user dummy again when making it failed', async () => {
      let calls = 0;
      const flaky = {
        async hash(password: string, saltOrCost: string | number): Promise<string> {
          if (++calls === 1) throw new BcryptWorkerError('bcrypt worker exited with code 1');
          return bcrypt.hash(password, saltOrCost);
        },
      };
      const hasher = createPasswordHasher(TEST_COST, { pool: flaky });
      await expect(hasher.verify('x', null)).rejects.toBeInstanceOf(BcryptWorkerError);
      expect(await hasher.verify('x', null)).toBe(false);
      expect(await hasher.verify('y', null)).toBe(false);
      expect(calls).toBe(4); // the failed dummy, the new dummy, and one compare each after
    });
  });

  describe('a pre-hashed password_hash', () => {
    it('is accepted with a 2a, 2b or 2y prefix and 60 characters', () => {
      for (const prefix of ['$2a$', '$2b$', '$2y$']) {
        const hash = `${prefix}${GO_VECTOR.hash.slice(4)}`;
        expect(parsePasswordHash(hash)).toBe(hash);
      }
      // Vault checks only the length and prefix.
      const loose = '$2a$qwertyjibberfishjibberfishjibberfishjibberfishjibberfish';
      expect(parsePasswordHash(loose)).toBe(loose);
    });

    it("is refused with Vault's texts", async () => {
      const refuse = (text: string) => failure(Promise.resolve().then(() => parsePasswordHash(text)));
      expect(await refuse('too short')).toEqual({ status: 400, message: 'password hash has incorrect length' });
      expect(await refuse(`${GO_VECTOR.hash}x`)).toEqual({ status: 400, message: 'password hash has incorrect length' });
      expect(await refuse(' '.repeat(60))).toEqual({ status: 400, message: 'password hash has incorrect prefix' });
      expect(await refuse(`$2x$${GO_VECTOR.hash.slice(4)}`)).toEqual({ status: 400, message: 'password hash has incorrect prefix' });
      expect(await refuse(`$2$${GO_VECTOR.hash.slice(3)}`)).toEqual({ status: 400, message: 'password hash has incorrect prefix' });
    });
  });
});
