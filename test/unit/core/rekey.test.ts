import { describe, expect, it } from 'vitest';
import { CANCEL_WITHOUT_NONCE_AFTER_MS, Rekey, type RekeyInitRequest, type RekeyResult, type RekeyTarget } from '../../../src/core/rekey.js';
import { combine } from '../../../src/crypto/shamir.js';
import { CoreError } from '../../../src/errors.js';
import { fakeAuthority, recordingLogger } from './key-authority-fake.js';

function setup(target: RekeyTarget = 'barrier', options: Parameters<typeof fakeAuthority>[0] = {}) {
  const authority = fakeAuthority(options);
  const logger = recordingLogger();
  const clock = { now: 1_000_000 };
  const rekey = new Rekey({ authority, target, logger, now: () => clock.now });
  return { authority, logger, clock, rekey };
}

const request = (over: Partial<RekeyInitRequest> = {}): RekeyInitRequest => ({
  secret_shares: 3,
  secret_threshold: 2,
  stored_shares: 0,
  pgp_keys: null,
  backup: false,
  require_verification: false,
  ...over,
});

async function rejection(p: Promise<unknown>): Promise<{ status: number; message: string }> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(CoreError);
  return { status: (e as CoreError).status, message: (e as CoreError).message };
}

describe('Rekey (barrier, Shamir)', () => {
  it('reports no attempt with Vault\'s fields', async () => {
    const { rekey } = setup();
    expect(await rekey.status()).toEqual({
      nonce: '',
      started: false,
      t: 0,
      n: 0,
      progress: 0,
      required: 3,
      pgp_fingerprints: null,
      backup: false,
      verification_required: false,
    });
  });

  it('starts an attempt: new t/n, the current threshold as required, a UUID nonce, Vault\'s log line', async () => {
    const { rekey, logger } = setup();
    const s = await rekey.init(request());
    expect(s).toMatchObject({ started: true, t: 2, n: 3, progress: 0, required: 3, verification_required: false });
    expect(s.nonce).toMatch(/^[0-9a-f-]{36}$/);
    expect(logger.lines).toContainEqual({
      level: 'info',
      msg: 'rekey initialized',
      fields: { nonce: s.nonce, shares: 3, threshold: 2, validation_required: false, backup: false },
    });
    expect(await rejection(rekey.init(request()))).toEqual({ status: 400, message: 'rekey already in progress' });
  });

  it('validates the new configuration with Vault\'s texts and statuses', async () => {
    const { rekey } = setup();
    const cases: [Partial<RekeyInitRequest>, number, string | RegExp][] = [
      [{ backup: true }, 400, 'cannot request a backup of the new keys without providing PGP keys for encryption'],
      [{ pgp_keys: ['a', 'b'] }, 400, 'incorrect number of PGP keys for rekey'],
      [{ pgp_keys: ['a', 'b', 'c'] }, 400, /^pgp_keys is not supported by tsvault/],
      [{ secret_shares: 2, secret_threshold: 3 }, 400, 'provided threshold greater than the total shares'],
      [{ secret_shares: 0, secret_threshold: 0 }, 500, 'invalid rekey seal configuration: shares must be at least one'],
      [{ secret_shares: 3, secret_threshold: 1 }, 500, 'invalid rekey seal configuration: threshold must be greater than one for multiple shares'],
      [{ secret_shares: 300, secret_threshold: 3 }, 500, 'invalid rekey seal configuration: shares must be less than 256'],
      [{ require_verification: true }, 400, /^require_verification is not supported by tsvault/],
    ];
    for (const [over, status, message] of cases) {
      const r = await rejection(rekey.init(request(over)));
      expect(r.status).toBe(status);
      if (typeof message === 'string') expect(r.message).toBe(message);
      else expect(r.message).toMatch(message);
    }
    expect((await rekey.status()).started).toBe(false);
  });

  it('refuses while sealed (503) and before init', async () => {
    const { rekey, authority } = setup();
    authority.sealed = true;
    expect(await rejection(rekey.init(request()))).toEqual({ status: 503, message: 'Vault is sealed' });
    expect(await rejection(rekey.status())).toEqual({ status: 503, message: 'Vault is sealed' });
    expect(await rejection(rekey.cancel(''))).toEqual({ status: 503, message: 'Vault is sealed' });
    expect(await rejection(rekey.update(authority.shares[0]!, ''))).toEqual({ status: 503, message: 'Vault is sealed' });
    authority.config = null;
    expect(await rejection(rekey.status())).toEqual({ status: 400, message: 'server is not yet initialized' });
  });

  it('gives new shares once the threshold is reached; they combine to the new key', async () => {
    const { rekey, authority, logger } = setup();
    const old = authority.shares;
    const { nonce } = await rekey.init(request({ secret_shares: 4, secret_threshold: 3 }));
    expect(await rekey.update(old[0]!, nonce)).toMatchObject({ started: true, progress: 1, required: 3, n: 4, t: 3 });
    expect(await rekey.update(old[3]!, nonce)).toMatchObject({ progress: 2 });
    const done = (await rekey.update(old[1]!, nonce)) as RekeyResult;
    expect(Object.keys(done)).toEqual(['nonce', 'complete', 'keys', 'keys_base64', 'pgp_fingerprints', 'backup', 'verification_required']);
    expect(done).toMatchObject({ nonce, complete: true, pgp_fingerprints: null, backup: false, verification_required: false });
    expect(done.keys).toHaveLength(4);
    expect(done.keys_base64.map((k) => Buffer.from(k, 'base64').toString('hex'))).toEqual(done.keys);
    const shares = done.keys.map((k) => Buffer.from(k, 'hex'));
    expect(Buffer.from(combine(shares.slice(1))).equals(Buffer.from(authority.key))).toBe(true);
    expect(authority.calls).toEqual(['verify', 'rekey barrier 4 3']);
    expect(logger.lines).toContainEqual({ level: 'info', msg: 'security barrier rekeyed', fields: { stored: 1, shares: 4, threshold: 3 } });
    expect(JSON.stringify(logger.lines)).not.toContain(done.keys[0]);
    expect((await rekey.status()).started).toBe(false);
  });

  it('aborts on wrong shares with Vault\'s text; nothing is rekeyed and the attempt stays', async () => {
    const { rekey, authority } = setup();
    const foreign = fakeAuthority().shares;
    const { nonce } = await rekey.init(request());
    for (const s of foreign.slice(0, 2)) await rekey.update(s, nonce);
    expect(await rejection(rekey.update(foreign[2]!, nonce))).toEqual({
      status: 500,
      message: 'failed to read root key: invalid key: failed to decrypt keys from storage: cipher: message authentication failed',
    });
    expect(authority.calls).toEqual(['verify']);
    expect(await rekey.status()).toMatchObject({ started: true, nonce, progress: 0 });
  });

  it('refuses a wrong nonce, a duplicate share, bad sizes, and no attempt', async () => {
    const { rekey, authority } = setup();
    expect(await rejection(rekey.update(authority.shares[0]!, 'x'))).toEqual({ status: 400, message: 'no barrier rekey in progress' });
    const { nonce } = await rekey.init(request());
    expect(await rejection(rekey.update(authority.shares[0]!, 'x'))).toEqual({
      status: 400,
      message: `incorrect nonce supplied; nonce for this rekey operation is "${nonce}"`,
    });
    await rekey.update(authority.shares[0]!, nonce);
    expect(await rejection(rekey.update(authority.shares[0]!, nonce))).toEqual({
      status: 400,
      message: 'given key has already been provided during this generation operation',
    });
    expect(await rejection(rekey.update(new Uint8Array(8), nonce))).toEqual({ status: 400, message: 'key is shorter than minimum 16 bytes' });
    expect(await rejection(rekey.update(new Uint8Array(40), nonce))).toEqual({ status: 400, message: 'key is longer than maximum 33 bytes' });
  });

  it('cancels with the nonce; without it only after ten minutes (`invalid request`)', async () => {
    const { rekey, clock, authority } = setup();
    await rekey.cancel('');
    const { nonce } = await rekey.init(request());
    await rekey.update(authority.shares[0]!, nonce);
    expect(await rejection(rekey.cancel(''))).toEqual({ status: 400, message: 'invalid request' });
    expect(await rejection(rekey.cancel('other'))).toEqual({ status: 400, message: 'invalid request' });
    await rekey.cancel(nonce);
    expect(await rekey.status()).toMatchObject({ started: false, progress: 0 });
    await rekey.init(request());
    clock.now += CANCEL_WITHOUT_NONCE_AFTER_MS;
    await rekey.cancel('');
    expect((await rekey.status()).started).toBe(false);
  });

  it('refuses the barrier rekey under an auto seal', async () => {
    const { rekey } = setup('barrier', { recovery: true });
    expect((await rejection(rekey.init(request()))).message).toMatch(/^rekeying the barrier key of an auto seal is not supported by tsvault/);
  });
});

describe('Rekey (recovery)', () => {
  it('is refused on a Shamir seal with Vault\'s text', async () => {
    const { rekey, authority } = setup('recovery');
    const refused = { status: 400, message: 'recovery rekeying not supported' };
    expect(await rejection(rekey.status())).toEqual(refused);
    expect(await rejection(rekey.init(request()))).toEqual(refused);
    expect(await rejection(rekey.cancel(''))).toEqual(refused);
    expect(await rejection(rekey.update(authority.shares[0]!, ''))).toEqual(refused);
  });

  it('rekeys the recovery key with recovery shares', async () => {
    const { rekey, authority } = setup('recovery', { recovery: true, shares: 3, threshold: 2 });
    const old = authority.shares;
    expect(await rejection(rekey.init(request({ stored_shares: 1 })))).toEqual({
      status: 400,
      message: 'stored shares not supported by recovery key',
    });
    expect(await rejection(rekey.init(request({ secret_shares: 0, secret_threshold: 0 })))).toEqual({
      status: 500,
      message: 'invalid recovery configuration: shares must be at least one',
    });
    const { nonce, required } = await rekey.init(request({ secret_shares: 5, secret_threshold: 3 }));
    expect(required).toBe(2);
    await rekey.update(old[0]!, nonce);
    expect(await rejection(rekey.update(old[0]!, nonce))).toEqual({
      status: 400,
      message: 'given key has already been provided during this rekey operation',
    });
    const done = (await rekey.update(old[2]!, nonce)) as RekeyResult;
    expect(done.keys).toHaveLength(5);
    expect(authority.calls).toEqual(['verify', 'rekey recovery 5 3']);
  });

  it('aborts on wrong recovery shares with Vault\'s 400', async () => {
    const { rekey, authority } = setup('recovery', { recovery: true, shares: 3, threshold: 2 });
    const foreign = fakeAuthority({ shares: 3, threshold: 2 }).shares;
    const { nonce } = await rekey.init(request());
    await rekey.update(foreign[0]!, nonce);
    expect(await rejection(rekey.update(foreign[1]!, nonce))).toEqual({
      status: 400,
      message: 'recovery key verification failed: recovery key does not match submitted values',
    });
    expect(authority.calls).toEqual(['verify']);
    expect(await rejection(rekey.update(authority.shares[0]!, 'nope'))).toMatchObject({ status: 400 });
  });
});
