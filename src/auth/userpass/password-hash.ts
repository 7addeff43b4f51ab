/**
 * The userpass password hash: bcrypt, as Vault's userpass stores it (golang.org/x/crypto/bcrypt at
 * bcrypt.DefaultCost), and the check of a pre-hashed `password_hash` as Vault 1.17+ does it.
 *
 * Why bcryptjs: it is pure JavaScript (no native addon, so the RPM stays noarch), it is maintained,
 * and it reads and writes the same `$2a$`/`$2b$`/`$2y$` format as Go's x/crypto/bcrypt, so a hash
 * exported from a Vault user verifies here and ours verify there. Its async API hashes in slices
 * that yield to the event loop instead of blocking it for a whole hash.
 *
 * A login for a user that does not exist still runs one full compare, against a fixed dummy hash
 * of the same cost, so an unknown user and a wrong password take about the same time (Vault's
 * HCSEC-2025-15 fix: its first dummy was not a valid hash and returned at once).
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import bcrypt from 'bcryptjs';
import { CoreError } from '../../errors.js';
import { badRequest } from '../../logical/errors.js';

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

function passwordTooLong(password: string): boolean {
  return Buffer.byteLength(password, 'utf8') > MAX_PASSWORD_BYTES;
}

async function matches(password: string, stored: string): Promise<boolean> {
  if (stored.length !== BCRYPT_HASH_LENGTH) return false;
  let candidate: string;
  try {
    candidate = await bcrypt.hash(password, stored.slice(0, SALT_PREFIX_LENGTH));
  } catch {
    return false; // a malformed stored hash: Go's bcrypt errors out too
  }
  const a = Buffer.from(candidate, 'utf8');
  const b = Buffer.from(stored, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}

/** A hasher at `cost` (4–31; the default is Vault's). Tests pass a low cost for speed. */
export function createPasswordHasher(cost: number = BCRYPT_DEFAULT_COST): PasswordHasher {
  if (!Number.isInteger(cost) || cost < 4 || cost > 31) throw new RangeError(`bcrypt cost must be 4-31, got ${cost}`);
  // At another cost the dummy is made once, in the background, from a random password.
  const dummy: Promise<string> =
    cost === BCRYPT_DEFAULT_COST ? Promise.resolve(DUMMY_HASH_DEFAULT_COST) : bcrypt.hash(randomBytes(32).toString('base64'), cost);
  dummy.catch(() => undefined);

  return {
    cost,
    async hash(password: string): Promise<string> {
      if (passwordTooLong(password)) throw new CoreError('CORE_INTERNAL', 'bcrypt: password length exceeds 72 bytes');
      return bcrypt.hash(password, cost);
    },
    async verify(password: string, stored: string | null): Promise<boolean> {
      if (stored === null) {
        await matches(password, await dummy);
        return false;
      }
      return matches(password, stored);
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
