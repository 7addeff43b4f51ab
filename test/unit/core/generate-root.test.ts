import { describe, expect, it } from 'vitest';
import { GenerateRoot } from '../../../src/core/generate-root.js';
import { decodeGoBase64, encodeToken, xorBytes } from '../../../src/crypto/root-token.js';
import { CoreError } from '../../../src/errors.js';
import { fakeAuthority, recordingLogger, ROOT_TOKEN, type FakeAuthority } from './key-authority-fake.js';

function setup(options: Parameters<typeof fakeAuthority>[0] = {}) {
  const authority = fakeAuthority(options);
  const logger = recordingLogger();
  return { authority, logger, gen: new GenerateRoot({ authority, logger }) };
}

async function rejection(p: Promise<unknown>): Promise<{ status: number; message: string }> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(CoreError);
  return { status: (e as CoreError).status, message: (e as CoreError).message };
}

function decode(encoded: string, otp: string): string {
  return Buffer.from(xorBytes(decodeGoBase64(encoded, false), Buffer.from(otp))).toString();
}

const wrongShares = (a: FakeAuthority) => fakeAuthority({ shares: 5, threshold: a.config?.threshold ?? 3 }).shares;

describe('GenerateRoot', () => {
  it('reports no attempt, with Vault\'s fields and otp_length 28', async () => {
    const { gen } = setup();
    expect(await gen.status()).toEqual({
      nonce: '',
      started: false,
      progress: 0,
      required: 3,
      complete: false,
      encoded_token: '',
      encoded_root_token: '',
      pgp_fingerprint: '',
      otp: '',
      otp_length: 28,
    });
  });

  it('refuses before init (400) and while sealed (503)', async () => {
    const { gen, authority } = setup();
    authority.config = null;
    expect(await rejection(gen.status())).toEqual({ status: 400, message: 'server is not yet initialized' });
    authority.config = { shares: 5, threshold: 3, refusesRekey: { recovery: 'recovery rekeying not supported' }, sealType: 'shamir' };
    authority.sealed = true;
    expect(await rejection(gen.status())).toEqual({ status: 503, message: 'Vault is sealed' });
    expect(await rejection(gen.start())).toEqual({ status: 503, message: 'Vault is sealed' });
    expect(await rejection(gen.cancel())).toEqual({ status: 503, message: 'Vault is sealed' });
    expect(await rejection(gen.update(authority.shares[0]!, 'x'))).toEqual({ status: 503, message: 'Vault is sealed' });
  });

  it('generates a 28-character base62 OTP shown only in the start response', async () => {
    const { gen, logger } = setup();
    const started = await gen.start();
    expect(started.otp).toMatch(/^[0-9A-Za-z]{28}$/);
    expect(started).toMatchObject({ started: true, progress: 0, required: 3, otp_length: 28 });
    expect(started.nonce).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(await gen.status()).toMatchObject({ started: true, nonce: started.nonce, otp: '' });
    expect(logger.lines).toContainEqual({ level: 'info', msg: 'root generation initialized', fields: { nonce: started.nonce } });
  });

  it('refuses a wrong-length OTP, a PGP key, and a second attempt with Vault\'s texts', async () => {
    const { gen } = setup();
    expect(await rejection(gen.start({ otp: 'short' }))).toEqual({ status: 400, message: 'OTP string is wrong length' });
    expect((await rejection(gen.start({ pgpKey: 'mQENBF...' }))).message).toMatch(/^pgp_key is not supported by tsvault/);
    const otp = 'A'.repeat(28);
    expect((await gen.start({ otp })).otp).toBe('');
    expect(await rejection(gen.start({ otp }))).toEqual({ status: 400, message: 'root generation already in progress' });
  });

  it('produces a token that decodes with the OTP once the threshold is reached', async () => {
    const { gen, authority, logger } = setup();
    const { nonce, otp } = await gen.start();
    const first = await gen.update(authority.shares[4]!, nonce);
    expect(first).toEqual({
      nonce,
      started: true,
      progress: 1,
      required: 3,
      complete: false,
      encoded_token: '',
      encoded_root_token: '',
      pgp_fingerprint: '',
      otp: '',
      otp_length: 0,
    });
    expect((await gen.update(authority.shares[1]!, nonce)).progress).toBe(2);
    const done = await gen.update(authority.shares[2]!, nonce);
    expect(done).toMatchObject({ nonce, started: true, progress: 3, required: 3, complete: true });
    expect(done.encoded_root_token).toBe(done.encoded_token);
    expect(done.encoded_token).not.toMatch(/=/);
    expect(decode(done.encoded_token, otp)).toBe(ROOT_TOKEN);
    expect(authority.calls).toEqual(['verify', 'createRootToken']);
    expect(logger.lines).toContainEqual({ level: 'info', msg: 'root generation finished', fields: { nonce } });
    expect(JSON.stringify(logger.lines)).not.toContain(ROOT_TOKEN);
    expect(await gen.status()).toMatchObject({ started: false, nonce: '', progress: 0 });
  });

  it('aborts on wrong shares with Vault\'s text, keeps the attempt and clears the progress', async () => {
    const { gen, authority, logger } = setup();
    const { nonce } = await gen.start();
    const foreign = wrongShares(authority);
    await gen.update(foreign[0]!, nonce);
    await gen.update(foreign[1]!, nonce);
    expect(await rejection(gen.update(foreign[2]!, nonce))).toEqual({
      status: 400,
      message:
        'root generation aborted: unable to authenticate: unable to retrieve stored keys: invalid key: failed to decrypt keys from storage: cipher: message authentication failed',
    });
    expect(authority.calls).toEqual(['verify']);
    expect(logger.lines.some((l) => l.level === 'error' && l.msg === 'root generation aborted')).toBe(true);
    expect(await gen.status()).toMatchObject({ started: true, nonce, progress: 0 });
    for (const share of authority.shares.slice(0, 3)) await gen.update(share, nonce);
    expect(authority.calls).toEqual(['verify', 'verify', 'createRootToken']);
  });

  it('uses the recovery threshold and text under an auto seal', async () => {
    const { gen, authority } = setup({ recovery: true, shares: 3, threshold: 2 });
    const { nonce } = await gen.start();
    expect((await gen.status()).required).toBe(2);
    await gen.update(wrongShares(authority)[0]!, nonce);
    expect(await rejection(gen.update(wrongShares(authority)[1]!, nonce))).toEqual({
      status: 400,
      message: 'root generation aborted: unable to authenticate: recovery key verification failed: recovery key does not match submitted values',
    });
  });

  it('takes a single share as the key when the threshold is 1', async () => {
    const { gen, authority } = setup({ shares: 1, threshold: 1 });
    const otp = 'B'.repeat(28);
    const { nonce } = await gen.start({ otp });
    const done = await gen.update(authority.shares[0]!, nonce);
    expect(done).toMatchObject({ complete: true, progress: 1, required: 1 });
    expect(done.encoded_token).toBe(encodeToken(ROOT_TOKEN, otp));
  });

  it('refuses a wrong nonce, a duplicate share, bad key sizes, and no attempt', async () => {
    const { gen, authority } = setup();
    expect(await rejection(gen.update(authority.shares[0]!, 'n'))).toEqual({ status: 400, message: 'no root generation in progress' });
    const { nonce } = await gen.start();
    expect(await rejection(gen.update(authority.shares[0]!, 'other'))).toEqual({
      status: 400,
      message: `incorrect nonce supplied; nonce for this root generation operation is "${nonce}"`,
    });
    await gen.update(authority.shares[0]!, nonce);
    expect(await rejection(gen.update(Uint8Array.from(authority.shares[0]!), nonce))).toEqual({
      status: 400,
      message: 'given key has already been provided during this generation operation',
    });
    expect((await gen.status()).progress).toBe(1);
    expect(await rejection(gen.update(new Uint8Array(15), nonce))).toEqual({
      status: 400,
      message: 'invalid key: key is shorter than minimum 16 bytes',
    });
    expect(await rejection(gen.update(new Uint8Array(34), nonce))).toEqual({
      status: 400,
      message: 'invalid key: key is longer than maximum 33 bytes',
    });
  });

  it('cancels: the shares and nonce are forgotten', async () => {
    const { gen, authority } = setup();
    const { nonce } = await gen.start();
    await gen.update(authority.shares[0]!, nonce);
    await gen.cancel();
    expect(await gen.status()).toMatchObject({ started: false, progress: 0, nonce: '' });
    expect(await rejection(gen.update(authority.shares[1]!, nonce))).toMatchObject({ message: 'no root generation in progress' });
    await gen.cancel();
  });

  it('serialises concurrent updates so each share counts once', async () => {
    const { gen, authority } = setup();
    const { nonce, otp } = await gen.start();
    const results = await Promise.all(authority.shares.slice(0, 3).map((s) => gen.update(s, nonce)));
    expect(results.map((r) => r.progress)).toEqual([1, 2, 3]);
    expect(decode(results[2]!.encoded_token, otp)).toBe(ROOT_TOKEN);
  });
});
