/**
 * The conformance kit (@tsvault/seal-plugin-api/testing) against the built-in seals and the
 * template: shamir with a key, transit against the fake transit server (rotation: a new key
 * version; unreachable: a closed port), awskms against an in-memory KMS (rotation: the alias
 * points at another key) and the real SDK against a closed port for unreachable, and the
 * localkey template. Plus the kit catching a wrapper that breaks the contract.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SealError, type SealPlugin, type SealWrapper } from '@tsvault/seal-plugin-api';
import {
  assertSealConformance,
  defineSealConformance,
  runSealConformance,
  SEAL_CONFORMANCE_CHECKS,
} from '@tsvault/seal-plugin-api/testing';
import shamir from '../../../plugins/shamir/index.js';
import transit from '../../../plugins/transit/index.js';
import awskms, { createAwsKmsSeal } from '../../../plugins/awskms/index.js';
import type { KmsApi } from '../../../plugins/awskms/client.js';
import template from '../../../packages/seal-plugin-template/src/index.js';
import { FAKE_TOKEN, startFakeTransit, type FakeTransit } from './fake-transit.js';

const ARN = 'arn:aws:kms:us-east-1:000000000000:key/11111111-2222-3333-4444-555555555555';
const ARN2 = 'arn:aws:kms:us-east-1:000000000000:key/99999999-8888-7777-6666-555555555555';
const MARK = Buffer.from('fake-kms:');

/** KMS in memory: "wraps" a data key by prefixing a marker; an unknown marker is InvalidCiphertext. */
class FakeKms implements KmsApi {
  encryptKeyId = ARN;
  async describeKey() {
    return { keyId: '11111111-2222-3333-4444-555555555555', arn: ARN };
  }
  async encrypt(_keyId: string, plaintext: Uint8Array) {
    return { keyId: this.encryptKeyId, ciphertextBlob: Buffer.concat([MARK, plaintext]) };
  }
  async decrypt(blob: Uint8Array) {
    const b = Buffer.from(blob);
    if (!b.subarray(0, MARK.length).equals(MARK)) {
      throw Object.assign(new Error('InvalidCiphertextException'), { name: 'InvalidCiphertextException', $metadata: { httpStatusCode: 400 } });
    }
    return new Uint8Array(b.subarray(MARK.length));
  }
  close() {}
}

/** The shamir wrapper's own setKey (the host's detail, not the contract's): the kit needs a keyed wrapper. */
function withKey(w: SealWrapper): { setKey(kek: Uint8Array): void } {
  return w as SealWrapper & { setKey(kek: Uint8Array): void };
}

let transitFake: FakeTransit | undefined;
afterAll(async () => {
  await transitFake?.close();
});

defineSealConformance(
  { describe, it },
  () => ({
    plugin: shamir,
    emptyKeyId: true,
    prepare: (w: SealWrapper) => withKey(w).setKey(randomBytes(32)),
  }),
  'shamir (with a key) passes the conformance kit',
);

defineSealConformance(
  { describe, it },
  async () => {
    transitFake = await startFakeTransit();
    const f = transitFake;
    return {
      plugin: transit,
      config: { address: f.address, token: FAKE_TOKEN, key_name: 'autounseal', mount_path: 'transit/', disable_renewal: 'true' },
      ignoresAad: true, // go-kms-wrapping's transit wrapper sends no context
      rotate: () => {
        f.latest += 1;
      },
      unreachable: { config: { address: 'http://127.0.0.1:1', token: FAKE_TOKEN, key_name: 'autounseal', mount_path: 'transit/', disable_renewal: 'true' } },
    };
  },
  'transit (against a fake transit server) passes the conformance kit',
);

defineSealConformance(
  { describe, it },
  () => {
    const kms = new FakeKms();
    // The in-memory KMS, except with an endpoint: then the real SDK, against a port nobody listens on.
    const plugin: SealPlugin = {
      ...awskms,
      create: (config, ctx) => (config.endpoint ? awskms.create(config, ctx) : createAwsKmsSeal(config, ctx, () => kms)),
    };
    return {
      plugin,
      config: { kms_key_id: 'alias/vault' },
      rotate: () => {
        kms.encryptKeyId = ARN2;
      },
      unreachable: {
        config: { kms_key_id: 'alias/vault', endpoint: 'http://127.0.0.1:1', access_key: 'AKIAEXAMPLE', secret_key: 'secret-example-key' },
      },
    };
  },
  'awskms (against an in-memory KMS; the SDK for unreachable) passes the conformance kit',
);

defineSealConformance(
  { describe, it },
  () => {
    const dir = mkdtempSync(join(tmpdir(), 'localkey-'));
    writeFileSync(join(dir, 'key'), randomBytes(32).toString('hex'), { mode: 0o600 });
    return {
      plugin: template,
      config: { key_file: join(dir, 'key') },
      unreachable: undefined,
    };
  },
  'the localkey template passes the conformance kit',
);

describe('the conformance kit', () => {
  it('reports each check, and skips rotation and unreachable without their hooks', async () => {
    const results = await runSealConformance({ plugin: shamir, emptyKeyId: true, prepare: (w) => withKey(w).setKey(randomBytes(32)) });
    expect(results.map((r) => r.check)).toEqual([...SEAL_CONFORMANCE_CHECKS]);
    expect(results.filter((r) => r.status === 'skipped').map((r) => r.check)).toEqual(['rotation', 'unreachable fails with SEAL_UNAVAILABLE']);
    expect(results.filter((r) => r.status === 'failed')).toEqual([]);
  });

  it('catches a seal that breaks the contract, naming each failed check', async () => {
    // Ignores aad, throws plain Errors, has no key id, reuses one ciphertext, and dies on a second close().
    let closed = false;
    const broken: SealPlugin = {
      apiVersion: 1,
      type: 'broken',
      sensitiveKeys: [],
      async create() {
        return {
          type: 'broken',
          keyId: () => '',
          async encrypt(pt) {
            return { ciphertext: Buffer.from(pt).reverse().toString('base64') };
          },
          async decrypt(blob) {
            if (blob.ciphertext === '') throw new Error('empty');
            return new Uint8Array(Buffer.from(blob.ciphertext, 'base64').reverse());
          },
          async close() {
            if (closed) throw new SealError('SEAL_UNAVAILABLE', 'already closed');
            closed = true;
          },
        };
      },
    };
    const results = await runSealConformance({ plugin: broken });
    const failed = Object.fromEntries(results.filter((r) => r.status === 'failed').map((r) => [r.check, r.message]));
    expect(Object.keys(failed)).toEqual([
      'round trip',
      'wrong aad fails with SEAL_DECRYPT',
      'tampered ciphertext fails with SEAL_DECRYPT',
      'keyId is non-empty and stable',
      'blob records the keyId',
      'close is idempotent',
    ]);
    expect(failed['wrong aad fails with SEAL_DECRYPT']).toMatch(/expected a SealError with code SEAL_DECRYPT, but it succeeded/);
    expect(failed['close is idempotent']).toBe('threw SealError [SEAL_UNAVAILABLE]: already closed');
    await expect(assertSealConformance({ plugin: broken })).rejects.toThrow(/seal plugin "broken" fails \d+ conformance check\(s\):\nFAIL round trip/);
  });

  it('a wrong apiVersion fails the plugin shape check', async () => {
    const results = await runSealConformance({ plugin: { ...shamir, apiVersion: 2 as 1 } });
    expect(results[0]).toMatchObject({ check: 'plugin shape', status: 'failed', message: 'apiVersion is 2, expected 1' });
  });
});
