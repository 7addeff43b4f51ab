/**
 * The userpass password hash: bcrypt, as Vault's userpass stores it (golang.org/x/crypto/bcrypt at
 * bcrypt.DefaultCost), and the check of a pre-hashed `password_hash` as Vault 1.17+ does it.
 *
 * Why bcryptjs: it is pure JavaScript (no native addon, so the RPM stays noarch), it is maintained,
 * and it reads and writes the same `$2a$`/`$2b$`/`$2y$` format as Go's x/crypto/bcrypt, so a hash
 * exported from a Vault user verifies here and ours verify there.
 *
 * Where it runs: by default on the process's pool of worker threads (bcrypt-pool.ts), so a login's
 * ~100 ms of bcrypt uses the other cores and leaves the event loop free. `hashIn: 'in-process'`
 * hashes on the main thread instead, with bcryptjs's async API (slices that yield to the event
 * loop between them), for where worker threads are not wanted or not available. Either way only
 * bcrypt's hash runs there: the compare of its result with the stored hash is timingSafeEqual here.
 *
 * A login for a user that does not exist still runs one full compare, against a fixed dummy hash
 * of the same cost, so an unknown user and a wrong password take about the same time (Vault's
 * HCSEC-2025-15 fix: its first dummy was not a valid hash and returned at once).
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import bcrypt from 'bcryptjs';
import { CoreError } from '../../errors.js';
import { badRequest } from '../../logical/errors.js';
import { BcryptWorkerError, sharedBcryptPool, type BcryptPool } from './bcrypt-pool.js';

/** Go's bcrypt.DefaultCost, which Vault hashes userpass passwords with. */
export const BCRYPT_DEFAULT_COST = 10;

/** Every bcrypt hash is 60 characters: `$2b$` + two-digit cost + `$` + 53 of salt and digest. */
export const BCRYPT_HASH_LENGTH = 60;

/** bcrypt reads at most 72 bytes of password; Go's GenerateFromPassword refuses longer ones. */
const MAX_PASSWORD_BYTES = 72;

/** The prefix plus cost and salt: what bcrypt needs to hash a candidate the same way. */
const SALT_PREFIX_LENGTH = 29;

/** The version prefixes Vault accepts in a `password_hash` ($2x$ is PHP's buggy variant). */
const ACCEPTED_PREFIXES = ['$2a$', '$2b$', '$2y$'];

/**
 * The hash of 32 random bytes nobody kept, at the default cost: the unknown-user compare. Any
 * valid hash of the right cost will do; it only has to make bcrypt do its full work.
 */
const DUMMY_HASH_DEFAULT_COST = '$2b$10$VWRgom7V4qzb37ziQ0KX2eXOKCnOnSSgW9G8p/gdZfO6QRMVG0fz.';

export interface PasswordHasher {
  /** The bcrypt cost new hashes get. */
  readonly cost: number;
  /** A new bcrypt hash of `password`; a password over 72 bytes is Go bcrypt's error (a 500 in Vault). */
  hash(password: string): Promise<string>;
  /**
   * Whether `password` matches `stored`; with no stored hash (unknown user) the dummy hash is
   * compared instead and the answer is false. A stored hash bcrypt cannot read never matches.
   */
  verify(password: string, stored: string | null): Promise<boolean>;
}

export interface PasswordHasherOptions {
  /**
   * Where bcrypt runs: 'worker-pool' (the default), on `pool`; 'in-process', on the main thread
   * with bcryptjs's async API, for where worker threads are not available.
   */
  hashIn?: 'worker-pool' | 'in-process';
  /** The pool for 'worker-pool'; default the process's shared one (sharedBcryptPool()). */
  pool?: Pick<BcryptPool, 'hash'>;
}

/** bcrypt's hash(password, salt or cost), wherever it runs; rejects where bcryptjs would throw. */
type BcryptHash = (password: string, saltOrCost: string | number) => Promise<string>;

function passwordTooLong(password: string): boolean {
  return Buffer.byteLength(password, 'utf8') > MAX_PASSWORD_BYTES;
}

async function matches(bcryptHash: BcryptHash, password: string, stored: string): Promise<boolean> {
  if (stored.length !== BCRYPT_HASH_LENGTH) return false;
  let candidate: string;
  try {
    candidate = await bcryptHash(password, stored.slice(0, SALT_PREFIX_LENGTH));
  } catch (err) {
    if (err instanceof BcryptWorkerError) throw err; // the worker failed, not the hash: a 500, not a "no"
    return false; // a malformed stored hash: Go's bcrypt errors out too
  }
  const a = Buffer.from(candidate, 'utf8');
  const b = Buffer.from(stored, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * A hasher at `cost` (4–31; the default is Vault's). Tests pass a low cost for speed. It hashes on
 * the shared worker pool unless `options` say otherwise.
 */
export function createPasswordHasher(cost: number = BCRYPT_DEFAULT_COST, options: PasswordHasherOptions = {}): PasswordHasher {
  if (!Number.isInteger(cost) || cost < 4 || cost > 31) throw new RangeError(`bcrypt cost must be 4-31, got ${cost}`);
  const hashIn = options.hashIn ?? 'worker-pool';
  let bcryptHash: BcryptHash;
  if (hashIn === 'in-process') {
    bcryptHash = (password, saltOrCost) => bcrypt.hash(password, saltOrCost);
  } else if (hashIn === 'worker-pool') {
    const pool = options.pool ?? sharedBcryptPool();
    bcryptHash = (password, saltOrCost) => pool.hash(password, saltOrCost);
  } else {
    throw new RangeError(`hashIn must be 'worker-pool' or 'in-process', got ${String(hashIn)}`);
  }

  // At another cost the dummy is made once, on the first unknown user, from a random password
  // (again after a failure: a worker that crashed does not leave it failed for good).
  let dummy: Promise<string> | null = cost === BCRYPT_DEFAULT_COST ? Promise.resolve(DUMMY_HASH_DEFAULT_COST) : null;
  const dummyHash = (): Promise<string> => {
    if (dummy === null) {
      const made = bcryptHash(randomBytes(32).toString('base64'), cost);
      dummy = made;
      made.catch(() => {
        if (dummy === made) dummy = null;
      });
    }
    return dummy;
  };

  return {
    cost,
    async hash(password: string): Promise<string> {
      if (passwordTooLong(password)) throw new CoreError('CORE_INTERNAL', 'bcrypt: password length exceeds 72 bytes');
      return bcryptHash(password, cost);
    },
    async verify(password: string, stored: string | null): Promise<boolean> {
      if (stored === null) {
        await matches(bcryptHash, password, await dummyHash());
        return false;
      }
      return matches(bcryptHash, password, stored);
    },
  };
}

/**
 * A pre-hashed `password_hash` checked as Vault's parsePasswordHash does: 60 characters and a
 * `$2a$`, `$2b$` or `$2y$` prefix (the rest is not parsed, as in Vault). 400 otherwise.
 */
export function parsePasswordHash(text: string): string {
  if (Buffer.byteLength(text, 'utf8') !== BCRYPT_HASH_LENGTH) throw badRequest('password hash has incorrect length');
  if (!ACCEPTED_PREFIXES.some((p) => text.startsWith(p))) throw badRequest('password hash has incorrect prefix');
  return text;
}
