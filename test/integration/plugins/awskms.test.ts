/**
 * The awskms seal plugin, as built (dist/plugins/awskms/index.js), against a real KMS: LocalStack
 * 4.14.0 on loopback (test/support/localstack.ts). No fake: if LocalStack cannot start, this fails.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CreateAliasCommand, UpdateAliasCommand } from '@aws-sdk/client-kms';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aead, type Logger, type SealContext, type SealedBlob, type SealPlugin, type SealWrapper } from '../../../src/seal/plugin-api.js';
import { ROOT } from '../../support/harness.js';
import { keyWithKnownMaterial, opensWith, stageNextMaterial } from '../../support/kms-material.js';
import { startLocalStack, type LocalStack } from '../../support/localstack.js';

const ENTRY = join(ROOT, 'dist/plugins/awskms/index.js');
// Distinctive credentials (LocalStack accepts any) so that a leak into an error is recognisable.
const ACCESS_KEY = 'AKIATSVAULTTEST00001';
const SECRET_KEY = 'tsvault/integration/SECRET/9f8e7d6c5b4a';
const SESSION_TOKEN = 'tsvault-integration-session-token-0123456789';
const SECRETS = [ACCESS_KEY, SECRET_KEY, SESSION_TOKEN];

const logger: Logger = { trace() {}, debug() {}, info() {}, warn() {}, error() {}, named: () => logger };
const ctx: SealContext = {
  logger,
  env: { AWS_ACCESS_KEY_ID: ACCESS_KEY, AWS_SECRET_ACCESS_KEY: SECRET_KEY, AWS_SESSION_TOKEN: SESSION_TOKEN },
  aead,
};

function errorText(err: unknown): string {
  const e = err as Error;
  return [e.message, String(e.stack), JSON.stringify(e), (e.cause as Error | undefined)?.message ?? ''].join('\n');
}

async function failure(p: Promise<unknown>): Promise<Error & { code?: string }> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e as Error & { code?: string },
  );
  if (!err) throw new Error('expected a failure');
  for (const s of SECRETS) expect(errorText(err)).not.toContain(s);
  return err;
}

describe('awskms seal plugin against LocalStack KMS', () => {
  let ls: LocalStack;
  let plugin: SealPlugin;
  const wrappers: SealWrapper[] = [];
  const open = async (config: Record<string, string>): Promise<SealWrapper> => {
    const w = await plugin.create({ region: 'us-east-1', endpoint: ls.endpoint, ...config }, ctx);
    wrappers.push(w);
    return w;
  };

  beforeAll(async () => {
    if (!existsSync(ENTRY)) throw new Error(`${ENTRY} is missing: run \`npx tsc -p tsconfig.json\` first`);
    plugin = ((await import(pathToFileURL(ENTRY).href)) as { default: SealPlugin }).default;
    ls = await startLocalStack();
  }, 900_000);

  afterAll(async () => {
    for (const w of wrappers) await w.close?.();
    await ls?.stop();
  });

  it('wraps and unwraps a 32-byte root key; the blob records the key ARN', async () => {
    const arn = await ls.createKey();
    const keyUuid = arn.split('/').pop()!;
    const w = await open({ kms_key_id: keyUuid });
    expect(w.type).toBe('awskms');
    expect(w.keyId()).toBe(arn); // DescribeKey's Arn, even when configured with the bare id
    const root = new Uint8Array(Buffer.alloc(32, 0xa5));
    const blob = await w.encrypt(root);
    expect(blob.keyInfo).toMatchObject({ mechanism: 1, keyId: arn });
    expect(Buffer.from(blob.ciphertext, 'base64')).toHaveLength(12 + 32 + 16);
    expect(JSON.stringify(blob)).not.toContain(Buffer.from(root).toString('base64'));
    expect(Buffer.from(await w.decrypt(blob))).toEqual(Buffer.from(root));
    await w.health!();
    expect(w.keyId()).toBe(arn);
  });

  it('keeps old blobs readable after RotateKeyOnDemand (KMS has new key material); the key id stays the same ARN', async () => {
    const arn = await ls.createKey();
    const w = await open({ kms_key_id: arn });
    const materialBefore = await ls.keyMaterialId(arn);
    const before = await w.encrypt(Buffer.alloc(32, 1));
    await ls.rotateKey(arn);
    // The rotation happened: without it (a no-op or a mock) this test has nothing to say.
    expect(await ls.keyMaterialId(arn)).not.toBe(materialBefore);
    const after = await w.encrypt(Buffer.alloc(32, 2));
    expect(after.keyInfo?.keyId).toBe(arn);
    expect(w.keyId()).toBe(arn); // on-demand rotation: nothing for the core to re-wrap
    expect(after.keyInfo?.wrappedKey).not.toBe(before.keyInfo?.wrappedKey);
    expect(Buffer.from(await w.decrypt(before))).toEqual(Buffer.alloc(32, 1));
    expect(Buffer.from(await w.decrypt(after))).toEqual(Buffer.alloc(32, 2));
    // A fresh wrapper (a restarted server) opens both too.
    const w2 = await open({ kms_key_id: arn });
    expect(Buffer.from(await w2.decrypt(before))).toEqual(Buffer.alloc(32, 1));
  });

  it('after RotateKeyOnDemand new data keys are wrapped under the new key material, old ones stay under the old', async () => {
    const { arn, material: first } = await keyWithKnownMaterial(ls.kms);
    const w = await open({ kms_key_id: arn });
    const before = await w.encrypt(Buffer.alloc(32, 7));
    expect(opensWith(before.keyInfo!.wrappedKey!, first)).toBe(true);
    const second = await stageNextMaterial(ls.kms, arn);
    await ls.rotateKey(arn);
    const after = await w.encrypt(Buffer.alloc(32, 8));
    expect(w.keyId()).toBe(arn);
    expect([opensWith(after.keyInfo!.wrappedKey!, second), opensWith(after.keyInfo!.wrappedKey!, first)]).toEqual([true, false]);
    expect(opensWith(before.keyInfo!.wrappedKey!, second)).toBe(false);
    expect(Buffer.from(await w.decrypt(before))).toEqual(Buffer.alloc(32, 7));
    expect(Buffer.from(await w.decrypt(after))).toEqual(Buffer.alloc(32, 8));
  });

  it('changes keyId() when the alias moves to another key: the signal to re-wrap; old blobs still open', async () => {
    const first = await ls.createKey();
    const second = await ls.createKey();
    const alias = `alias/tsvault-${Date.now()}`;
    // LocalStack resolves an alias only when it targets a bare key id (AWS also takes the ARN).
    const bare = (arn: string): string => arn.split('/').pop()!;
    await ls.kms.send(new CreateAliasCommand({ AliasName: alias, TargetKeyId: bare(first) }));
    const w = await open({ kms_key_id: alias });
    expect(w.keyId()).toBe(first);
    const old = await w.encrypt(Buffer.from('under the first key'));
    expect(old.keyInfo?.keyId).toBe(first);
    await ls.kms.send(new UpdateAliasCommand({ AliasName: alias, TargetKeyId: bare(second) }));
    await w.health!(); // Vault refreshes the key id with a test encryption before comparing
    expect(w.keyId()).toBe(second);
    expect(old.keyInfo?.keyId).not.toBe(w.keyId());
    const fresh = await w.encrypt(Buffer.from('under the second key'));
    expect(fresh.keyInfo?.keyId).toBe(second);
    expect(Buffer.from(await w.decrypt(old)).toString()).toBe('under the first key');
  });

  it('refuses a tampered blob or a data key wrapped by another key with SEAL_DECRYPT', async () => {
    const a = await open({ kms_key_id: await ls.createKey() });
    const b = await open({ kms_key_id: await ls.createKey() });
    const blob = await a.encrypt(Buffer.alloc(32, 3));
    const other = await b.encrypt(Buffer.alloc(32, 4));

    const body = Buffer.from(blob.ciphertext, 'base64');
    body[body.length - 1]! ^= 1;
    const tamperedBody: SealedBlob = { ...blob, ciphertext: body.toString('base64') };
    expect(await failure(a.decrypt(tamperedBody))).toMatchObject({
      code: 'SEAL_DECRYPT',
      message: 'error decrypting data: cipher: message authentication failed',
    });

    const wrapped = Buffer.from(blob.keyInfo!.wrappedKey!, 'base64');
    wrapped[wrapped.length - 1]! ^= 1;
    const tamperedKey: SealedBlob = { ...blob, keyInfo: { ...blob.keyInfo, wrappedKey: wrapped.toString('base64') } };
    const err = await failure(a.decrypt(tamperedKey));
    expect(err.code).toBe('SEAL_DECRYPT');
    expect(err.message).toMatch(/^error decrypting data encryption key: /);

    // The other key's data key: KMS opens it, AES-GCM does not.
    const swapped: SealedBlob = { ...blob, keyInfo: { ...blob.keyInfo, wrappedKey: other.keyInfo!.wrappedKey! } };
    expect(await failure(a.decrypt(swapped))).toMatchObject({ code: 'SEAL_DECRYPT' });

    // A key this region does not have (the blob names a key id, the region has no such key).
    const elsewhere = await plugin.create({ region: 'eu-west-1', endpoint: ls.endpoint, kms_key_id: await ls.createKey('eu-west-1') }, ctx);
    wrappers.push(elsewhere);
    expect(await failure(elsewhere.decrypt(blob))).toMatchObject({ code: 'SEAL_DECRYPT' });
  });

  it('fails create() on a key that does not exist with Vault\'s DescribeKey text', async () => {
    const err = await failure(open({ kms_key_id: 'alias/does-not-exist' }));
    expect(err.code).toBe('SEAL_UNAVAILABLE');
    expect(err.message).toMatch(/^error fetching AWS KMS wrapping key information: /);
  });

  it('reports SEAL_UNAVAILABLE within seconds once the KMS is gone, without secrets', async () => {
    const own = await startLocalStack({ dedicated: true });
    let stopped = false;
    try {
      const arn = await own.createKey();
      const w = await plugin.create({ region: 'us-east-1', endpoint: own.endpoint, kms_key_id: arn }, ctx);
      wrappers.push(w);
      const blob = await w.encrypt(Buffer.alloc(32, 5));
      await own.stop();
      stopped = true;

      for (const op of [() => w.encrypt(Buffer.alloc(32, 6)), () => w.decrypt(blob), () => w.health!()]) {
        const t0 = performance.now();
        const err = await failure(op());
        expect(performance.now() - t0).toBeLessThan(10_000); // refused at once (blackholed: 2 attempts x 2 s connect)
        expect(err.code).toBe('SEAL_UNAVAILABLE');
      }
      // An unreachable KMS at start does not fail create(): the server stays up and retries.
      const t0 = performance.now();
      const late = await plugin.create({ region: 'us-east-1', endpoint: own.endpoint, kms_key_id: arn }, ctx);
      wrappers.push(late);
      expect(performance.now() - t0).toBeLessThan(10_000); // refused at once (blackholed: 2 attempts x 2 s connect)
      expect(await failure(late.decrypt(blob))).toMatchObject({ code: 'SEAL_UNAVAILABLE' });
    } finally {
      if (!stopped) await own.stop();
    }
  }, 300_000);
});
