import { describe, expect, it } from 'vitest';
import { b64, newTransit, unb64 } from './support.js';

const ERR_TOO_OLD = 'ciphertext or signature version is disallowed by policy (too old)';

describe('transit encrypt/decrypt', () => {
  it.each(['aes256-gcm96', 'aes128-gcm96', 'chacha20-poly1305'])('round-trips with %s in Vault’s ciphertext format', async (type) => {
    const t = await newTransit();
    await t.write('keys/k', { type });
    const enc = await t.write('encrypt/k', { plaintext: b64('the quick brown fox') });
    expect(enc.data!.key_version).toBe(1);
    const ct = enc.data!.ciphertext as string;
    expect(ct).toMatch(/^vault:v1:[A-Za-z0-9+/]+=*$/);
    expect(Buffer.from(ct.slice('vault:v1:'.length), 'base64')).toHaveLength(12 + 19 + 16);
    const dec = await t.write('decrypt/k', { ciphertext: ct });
    expect(dec.data).toEqual({ plaintext: b64('the quick brown fox') });
    expect(unb64((await t.write('decrypt/k', { ciphertext: (await t.write('encrypt/k', { plaintext: '' })).data!.ciphertext })).data!.plaintext)).toBe('');
  });

  it('creates the key on a first encrypt (create), and not on an update or with disable_upsert', async () => {
    const t = await newTransit();
    const enc = await t.write('encrypt/auto', { plaintext: b64('x') });
    expect(enc.warnings).toBeUndefined();
    expect((await t.call('read', 'keys/auto'))!.data).toMatchObject({ type: 'aes256-gcm96', derived: false });
    const viaUpdate = await t.backend.handle({
      operation: 'update',
      path: 'encrypt/nope',
      mountPoint: 'transit/',
      data: { plaintext: b64('x') },
      storage: t.storage,
      id: 'r',
      headers: {},
    }).catch((err: Error) => err);
    expect(viaUpdate).toMatchObject({ status: 400, message: 'encryption key not found' });
    await t.write('encrypt/derived', { plaintext: b64('x'), context: b64('ctx'), type: 'chacha20-poly1305' });
    expect((await t.call('read', 'keys/derived'))!.data).toMatchObject({ type: 'chacha20-poly1305', derived: true, kdf: 'hkdf_sha256' });
    expect((await t.fail('update', 'encrypt/ec', { plaintext: b64('x'), type: 'ecdsa-p256' })).message).toBe(
      'key type ecdsa-p256 not supported for this operation',
    );
    expect((await t.fail('update', 'encrypt/ed', { plaintext: b64('x'), type: 'ed25519' })).message).toBe('unknown key type ed25519');
    await t.write('config/keys', { disable_upsert: true });
    expect((await t.fail('update', 'encrypt/blocked', { plaintext: b64('x') })).message).toBe('encryption key not found');
  });

  it('creates a key once when many first encrypts race', async () => {
    const t = await newTransit();
    const cts = await Promise.all(
      Array.from({ length: 20 }, async (_, i) => (await t.write('encrypt/race', { plaintext: b64(`m${i}`) })).data!.ciphertext as string),
    );
    expect((await t.call('read', 'keys/race'))!.data!.latest_version).toBe(1);
    const plain = await Promise.all(cts.map(async (ciphertext) => unb64((await t.write('decrypt/race', { ciphertext })).data!.plaintext)));
    expect(plain).toEqual(Array.from({ length: 20 }, (_, i) => `m${i}`));
    const rotations = await Promise.all(Array.from({ length: 5 }, () => t.write('keys/race/rotate')));
    expect(rotations.map((r) => r.data!.latest_version).sort()).toEqual([2, 3, 4, 5, 6]);
  });

  it('answers Vault’s errors for bad input', async () => {
    const t = await newTransit();
    await t.write('keys/k');
    expect((await t.fail('update', 'encrypt/k', {})).message).toBe('missing plaintext to encrypt');
    expect((await t.fail('update', 'encrypt/k', { plaintext: 'abc' })).message).toBe('illegal base64 data at input byte 0');
    expect((await t.fail('update', 'encrypt/k', { plaintext: b64('x'), key_version: 2 })).message).toBe(
      'requested version for encryption is higher than the latest key version',
    );
    expect((await t.fail('update', 'encrypt/k', { plaintext: b64('x'), nonce: b64('123456789012') })).message).toBe(
      'provided nonce not allowed for this key',
    );
    expect((await t.fail('update', 'decrypt/k', {})).message).toBe('missing ciphertext to decrypt');
    const cases: [string, string][] = [
      ['v1:abc', 'invalid ciphertext: no prefix'],
      ['vault:v1abc', 'invalid ciphertext: wrong number of fields'],
      ['vault:vx:abc', 'invalid ciphertext: version number could not be decoded'],
      ['vault:v9:abc', 'invalid ciphertext: version is too new'],
      ['vault:v1:***', 'invalid ciphertext: could not decode base64'],
      ['vault:v1:AAAA', 'invalid ciphertext length'],
      [`vault:v1:${b64(Buffer.alloc(40))}`, 'cipher: message authentication failed'],
    ];
    for (const [ciphertext, message] of cases) {
      const err = await t.fail('update', 'decrypt/k', { ciphertext });
      expect([err.status, err.message]).toEqual([400, message]);
    }
    expect((await t.fail('update', 'decrypt/missing', { ciphertext: 'vault:v1:AAAA' })).message).toBe('encryption key not found');
    await t.write('keys/sig', { type: 'ed25519' });
    expect((await t.fail('update', 'encrypt/sig', { plaintext: b64('x') })).message).toBe('message encryption not supported for key type ed25519');
  });

  it('decrypts ciphertexts made before a rotation, and refuses versions below min_decryption_version', async () => {
    const t = await newTransit();
    await t.write('keys/k');
    const v1 = (await t.write('encrypt/k', { plaintext: b64('one') })).data!.ciphertext as string;
    await t.write('keys/k/rotate');
    const v2 = (await t.write('encrypt/k', { plaintext: b64('two') })).data!.ciphertext as string;
    expect(v2.startsWith('vault:v2:')).toBe(true);
    expect(unb64((await t.write('decrypt/k', { ciphertext: v1 })).data!.plaintext)).toBe('one');
    const pinned = await t.write('encrypt/k', { plaintext: b64('old'), key_version: 1 });
    expect(pinned.data).toMatchObject({ key_version: 1 });
    expect((pinned.data!.ciphertext as string).startsWith('vault:v1:')).toBe(true);

    await t.write('keys/k/config', { min_decryption_version: 2 });
    const refused = await t.fail('update', 'decrypt/k', { ciphertext: v1 });
    expect([refused.status, refused.message]).toEqual([400, ERR_TOO_OLD]);
    expect(unb64((await t.write('decrypt/k', { ciphertext: v2 })).data!.plaintext)).toBe('two');
    await t.write('keys/k/config', { min_encryption_version: 2 });
    expect((await t.fail('update', 'encrypt/k', { plaintext: b64('x'), key_version: 1 })).message).toBe(
      'requested version for encryption is less than the minimum encryption key version',
    );
    await t.write('keys/k/config', { min_decryption_version: 1, min_encryption_version: 0 });
    expect(unb64((await t.write('decrypt/k', { ciphertext: v1 })).data!.plaintext)).toBe('one');
  });

  it('needs and uses the context of derived keys', async () => {
    const t = await newTransit();
    await t.write('keys/d', { derived: true });
    const missing = await t.fail('update', 'encrypt/d', { plaintext: b64('x') });
    expect(missing.message).toBe(
      "missing 'context' for key derivation; the key was created using a derived key, which means additional, per-request information must be included in order to perform operations with the key",
    );
    const ct = (await t.write('encrypt/d', { plaintext: b64('secret'), context: b64('alice') })).data!.ciphertext;
    expect(unb64((await t.write('decrypt/d', { ciphertext: ct, context: b64('alice') })).data!.plaintext)).toBe('secret');
    expect((await t.fail('update', 'decrypt/d', { ciphertext: ct, context: b64('bob') })).message).toBe('cipher: message authentication failed');
    expect((await t.fail('update', 'decrypt/d', { ciphertext: ct })).message).toMatch(/^missing 'context' for key derivation/);
  });

  it('makes the same ciphertext for the same plaintext and context with convergent keys', async () => {
    const t = await newTransit();
    const created = await t.write('keys/c', { derived: true, convergent_encryption: true });
    expect(created.data).toMatchObject({ convergent_encryption: true, convergent_encryption_version: -1 });
    const one = await t.write('encrypt/c', { plaintext: b64('same'), context: b64('ctx') });
    const two = await t.write('encrypt/c', { plaintext: b64('same'), context: b64('ctx') });
    const other = await t.write('encrypt/c', { plaintext: b64('same'), context: b64('other') });
    expect(one.data!.ciphertext).toBe(two.data!.ciphertext);
    expect(other.data!.ciphertext).not.toBe(one.data!.ciphertext);
    expect(unb64((await t.write('decrypt/c', { ciphertext: one.data!.ciphertext, context: b64('ctx') })).data!.plaintext)).toBe('same');
  });

  it('authenticates associated_data', async () => {
    const t = await newTransit();
    await t.write('keys/a');
    const ct = (await t.write('encrypt/a', { plaintext: b64('p'), associated_data: b64('header') })).data!.ciphertext;
    expect(unb64((await t.write('decrypt/a', { ciphertext: ct, associated_data: b64('header') })).data!.plaintext)).toBe('p');
    expect((await t.fail('update', 'decrypt/a', { ciphertext: ct, associated_data: b64('other') })).message).toBe(
      'cipher: message authentication failed',
    );
  });

  it('processes batches with per-item errors and Vault’s status codes', async () => {
    const t = await newTransit();
    await t.write('keys/b');
    const enc = await t.write('encrypt/b', {
      batch_input: [{ plaintext: b64('a'), reference: 'r1' }, { plaintext: '%%%' }, { plaintext: b64('c'), key_version: 7 }],
    });
    expect(enc.status).toBe(400);
    const results = enc.data!.batch_results as Record<string, unknown>[];
    expect(results[0]).toMatchObject({ key_version: 1, reference: 'r1' });
    expect(results[1]).toEqual({ error: 'illegal base64 data at input byte 0', reference: '' });
    expect(results[2]).toEqual({ error: 'requested version for encryption is higher than the latest key version', reference: '' });

    const partial = await t.write('encrypt/b', { partial_failure_response_code: 207, batch_input: [{ plaintext: b64('a') }, { plaintext: '%' }] });
    expect(partial.status).toBe(207);
    const ok = await t.write('encrypt/b', { batch_input: [{ plaintext: b64('x') }, { plaintext: b64('y') }] });
    expect(ok.status).toBeUndefined();
    const cts = (ok.data!.batch_results as { ciphertext: string }[]).map((r) => r.ciphertext);

    const dec = await t.write('decrypt/b', { batch_input: [{ ciphertext: cts[0] }, { ciphertext: cts[1], reference: 'y' }, { ciphertext: 'vault:v1:AAAA' }] });
    expect(dec.status).toBe(400);
    expect(dec.data!.batch_results).toEqual([
      { plaintext: b64('x'), reference: '' },
      { plaintext: b64('y'), reference: 'y' },
      { plaintext: '', error: 'invalid ciphertext length', reference: '' },
    ]);

    expect((await t.fail('update', 'encrypt/b', { batch_input: [] })).message).toBe('missing batch input to process');
    const mixed = await t.fail('update', 'encrypt/b', { batch_input: [{ plaintext: b64('a'), context: b64('c') }, { plaintext: b64('b') }] });
    expect(mixed.message).toBe('context should be set either in all the request blocks or in none');
    const malformed = await t.fail('update', 'encrypt/b', { batch_input: [{ plaintext: 5 }, {}] });
    expect(malformed.status).toBe(500);
    expect(malformed.message).toBe(
      "failed to parse batch input: 2 error(s) decoding:\n\n* '[0].plaintext' expected type 'string', got unconvertible type 'json.Number'\n* '[1].plaintext' missing plaintext to encrypt",
    );
  });

  it('rewraps to the latest version, in batches too', async () => {
    const t = await newTransit();
    await t.write('keys/w');
    const v1 = (await t.write('encrypt/w', { plaintext: b64('data') })).data!.ciphertext as string;
    await t.write('keys/w/rotate');
    await t.write('keys/w/rotate');
    const rewrapped = await t.write('rewrap/w', { ciphertext: v1 });
    expect(rewrapped.data).toMatchObject({ key_version: 3 });
    expect((rewrapped.data!.ciphertext as string).startsWith('vault:v3:')).toBe(true);
    expect(unb64((await t.write('decrypt/w', { ciphertext: rewrapped.data!.ciphertext })).data!.plaintext)).toBe('data');
    const batch = await t.write('rewrap/w', { batch_input: [{ ciphertext: v1, reference: 'a' }, { ciphertext: 'bad' }, {}] });
    const results = batch.data!.batch_results as Record<string, unknown>[];
    expect(results[0]).toMatchObject({ key_version: 3, reference: 'a' });
    expect(results[1]).toEqual({ error: 'invalid ciphertext: no prefix', reference: '' });
    expect(results[2]).toEqual({ error: 'missing ciphertext to decrypt', reference: '' });
    expect((await t.fail('update', 'rewrap/w', {})).message).toBe('missing ciphertext to decrypt');
  });

  it('makes data keys that decrypt back to their plaintext', async () => {
    const t = await newTransit();
    await t.write('keys/dk');
    const plain = await t.write('datakey/plaintext/dk', { bits: 512 });
    expect(Buffer.from(plain.data!.plaintext as string, 'base64')).toHaveLength(64);
    expect(plain.data!.key_version).toBe(1);
    const back = await t.write('decrypt/dk', { ciphertext: plain.data!.ciphertext });
    expect(back.data!.plaintext).toBe(plain.data!.plaintext);
    const wrapped = await t.write('datakey/wrapped/dk', {});
    expect(wrapped.data).not.toHaveProperty('plaintext');
    expect(Buffer.from((await t.write('decrypt/dk', { ciphertext: wrapped.data!.ciphertext })).data!.plaintext as string, 'base64')).toHaveLength(32);
    expect(Buffer.from((await t.write('datakey/plaintext/dk', { bits: 128 })).data!.plaintext as string, 'base64')).toHaveLength(16);
    expect((await t.fail('update', 'datakey/plaintext/dk', { bits: 64 })).message).toBe('invalid bit length');
    expect((await t.fail('update', 'datakey/other/dk', {})).message).toBe("Invalid path, must be 'plaintext' or 'wrapped'");
    expect((await t.fail('update', 'datakey/wrapped/none', {})).message).toBe('encryption key not found');
  });
});
