import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import plugin, { createAwsKmsSeal, MECHANISM_ENVELOPE } from '../../../plugins/awskms/index.js';
import { newKmsSdkClient, type KmsApi } from '../../../plugins/awskms/client.js';
import { HALF_STATIC_CREDENTIALS, MISSING_KEY_ID, readAwsKmsOptions, type AwsKmsOptions } from '../../../plugins/awskms/options.js';
import { aead, type Logger, type SealContext } from '../../../src/seal/plugin-api.js';

const ARN = 'arn:aws:kms:us-east-1:000000000000:key/11111111-2222-3333-4444-555555555555';
const ARN2 = 'arn:aws:kms:us-east-1:000000000000:key/99999999-8888-7777-6666-555555555555';
const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYSECRETKEY';
const TOKEN = 'FwoGZXIvYXdzEXAMPLESESSIONTOKEN0123456789';
const MARK = Buffer.from('fake-kms:');

const logger: Logger = { trace() {}, debug() {}, info() {}, warn() {}, error() {}, named: () => logger };
const ctx = (env: Record<string, string> = {}): SealContext => ({ logger, env, aead });
const awsError = (name: string, status: number | undefined, message = name) =>
  Object.assign(new Error(message), { name, ...(status !== undefined ? { $metadata: { httpStatusCode: status } } : {}) });

/** KMS in memory: "wraps" a data key by prefixing a marker, and records every call. */
class FakeKms implements KmsApi {
  arn: string | undefined = ARN;
  encryptKeyId = ARN;
  described: string[] = [];
  encrypted: { keyId: string; plaintext: Buffer }[] = [];
  decrypted: Buffer[] = [];
  fail: { describe?: Error; encrypt?: Error; decrypt?: Error } = {};
  closed = false;
  async describeKey(keyId: string) {
    this.described.push(keyId);
    if (this.fail.describe) throw this.fail.describe;
    return { keyId: '11111111-2222-3333-4444-555555555555', arn: this.arn };
  }
  async encrypt(keyId: string, plaintext: Uint8Array) {
    if (this.fail.encrypt) throw this.fail.encrypt;
    this.encrypted.push({ keyId, plaintext: Buffer.from(plaintext) });
    return { keyId: this.encryptKeyId, ciphertextBlob: Buffer.concat([MARK, plaintext]) };
  }
  async decrypt(blob: Uint8Array) {
    this.decrypted.push(Buffer.from(blob));
    if (this.fail.decrypt) throw this.fail.decrypt;
    const b = Buffer.from(blob);
    if (!b.subarray(0, MARK.length).equals(MARK)) throw awsError('InvalidCiphertextException', 400);
    return new Uint8Array(b.subarray(MARK.length));
  }
  close() {
    this.closed = true;
  }
}

async function seal(config: Record<string, string> = { kms_key_id: 'alias/vault' }, env: Record<string, string> = {}) {
  const fake = new FakeKms();
  let opts: AwsKmsOptions | undefined;
  const wrapper = await createAwsKmsSeal(config, ctx(env), (o) => ((opts = o), fake));
  return { fake, wrapper, opts: opts! };
}

describe('awskms plugin: shape and envelope', () => {
  it('is an apiVersion 1 seal plugin of type awskms with its credential keys sensitive', () => {
    expect(plugin).toMatchObject({ apiVersion: 1, type: 'awskms' });
    expect([...plugin.sensitiveKeys].sort()).toEqual(['access_key', 'secret_key', 'session_token']);
  });

  it('seals locally with a fresh 32-byte data key and has KMS wrap that key with the configured id', async () => {
    const { fake, wrapper } = await seal();
    const pt = Buffer.alloc(32, 7);
    const blob = await wrapper.encrypt(pt);
    expect(fake.encrypted).toHaveLength(1);
    const { keyId, plaintext: dataKey } = fake.encrypted[0]!;
    expect(keyId).toBe('alias/vault');
    expect(dataKey).toHaveLength(32);
    const body = Buffer.from(blob.ciphertext, 'base64');
    expect(body).toHaveLength(12 + 32 + 16); // nonce || ciphertext || tag
    expect(body.includes(pt)).toBe(false);
    expect(Buffer.from(aead.open(dataKey, body))).toEqual(pt);
    expect(blob.keyInfo).toEqual({
      mechanism: MECHANISM_ENVELOPE,
      keyId: ARN,
      wrappedKey: Buffer.concat([MARK, dataKey]).toString('base64'),
    });
    expect(blob.iv).toBeUndefined();
    const second = await wrapper.encrypt(pt);
    expect(fake.encrypted[1]!.plaintext.equals(dataKey)).toBe(false);
    expect(Buffer.from(await wrapper.decrypt(second))).toEqual(pt);
  });

  it('records the key ARN from DescribeKey, then whatever KMS reports for each encrypt', async () => {
    const { fake, wrapper } = await seal();
    expect(fake.described).toEqual(['alias/vault']);
    expect(wrapper.keyId()).toBe(ARN);
    fake.encryptKeyId = ARN2; // the alias now points at another key
    const blob = await wrapper.encrypt(Buffer.from('x'));
    expect(blob.keyInfo?.keyId).toBe(ARN2);
    expect(wrapper.keyId()).toBe(ARN2);
    fake.encryptKeyId = ARN;
    await wrapper.health();
    expect(wrapper.keyId()).toBe(ARN);
    const bare = new FakeKms();
    bare.arn = undefined;
    const w = await createAwsKmsSeal({ kms_key_id: 'k' }, ctx(), () => bare);
    expect(w.keyId()).toBe('11111111-2222-3333-4444-555555555555');
  });

  it('decrypts by handing KMS the wrapped key alone; the blob\'s key id is not used', async () => {
    const { fake, wrapper } = await seal();
    const blob = await wrapper.encrypt(Buffer.from('root key'), Buffer.from('aad'));
    const moved = { ...blob, keyInfo: { ...blob.keyInfo, keyId: 'something else' } };
    expect(Buffer.from(await wrapper.decrypt(moved, Buffer.from('aad'))).toString()).toBe('root key');
    expect(fake.decrypted).toEqual([Buffer.from(blob.keyInfo!.wrappedKey!, 'base64')]);
  });

  it('opens a Vault-style blob that keeps its IV apart, and refuses what it cannot open', async () => {
    const { wrapper } = await seal();
    const blob = await wrapper.encrypt(Buffer.from('v'));
    const body = Buffer.from(blob.ciphertext, 'base64');
    const vaultStyle = { ...blob, iv: body.subarray(0, 12).toString('base64'), ciphertext: body.subarray(12).toString('base64') };
    expect(Buffer.from(await wrapper.decrypt(vaultStyle)).toString()).toBe('v');
    body[20]! ^= 1;
    const tampered = { ...blob, ciphertext: body.toString('base64') };
    await expect(wrapper.decrypt(tampered)).rejects.toMatchObject({
      code: 'SEAL_DECRYPT',
      message: 'error decrypting data: cipher: message authentication failed',
    });
    await expect(wrapper.decrypt(blob, Buffer.from('other aad'))).rejects.toMatchObject({ code: 'SEAL_DECRYPT' });
    await expect(wrapper.decrypt({ ...blob, keyInfo: { ...blob.keyInfo, mechanism: 7 } })).rejects.toMatchObject({
      code: 'SEAL_DECRYPT',
      message: 'invalid mechanism: 7',
    });
    await expect(wrapper.decrypt({ ciphertext: blob.ciphertext })).rejects.toThrow('key info is nil');
    const wrongKey = { ...blob, keyInfo: { ...blob.keyInfo, wrappedKey: Buffer.from('garbage').toString('base64') } };
    await expect(wrapper.decrypt(wrongKey)).rejects.toMatchObject({
      code: 'SEAL_DECRYPT',
      message: 'error decrypting data encryption key: InvalidCiphertextException',
    });
  });
});

describe('awskms plugin: settings', () => {
  it('takes the key id from AWSKMS_WRAPPER_KEY_ID, then VAULT_AWSKMS_SEAL_KEY_ID, then the config', () => {
    const config = { kms_key_id: 'from-config' };
    expect(readAwsKmsOptions(config, {}).keyId).toBe('from-config');
    expect(readAwsKmsOptions(config, { VAULT_AWSKMS_SEAL_KEY_ID: 'vault-env' }).keyId).toBe('vault-env');
    expect(readAwsKmsOptions(config, { VAULT_AWSKMS_SEAL_KEY_ID: 'vault-env', AWSKMS_WRAPPER_KEY_ID: 'wrapper-env' }).keyId).toBe('wrapper-env');
    expect(readAwsKmsOptions({ ...config, disallow_env_vars: '1' }, { AWSKMS_WRAPPER_KEY_ID: 'x' }).keyId).toBe('from-config');
    expect(() => readAwsKmsOptions({ ...config, disallow_env_vars: 'yes' }, {})).toThrow(
      'strconv.ParseBool: parsing "yes": invalid syntax',
    );
  });

  it('takes the endpoint from AWSKMS_ENDPOINT, then AWS_KMS_ENDPOINT, then the config', () => {
    const config = { kms_key_id: 'k', endpoint: 'http://config:1' };
    expect(readAwsKmsOptions(config, {}).endpoint).toBe('http://config:1');
    expect(readAwsKmsOptions(config, { AWS_KMS_ENDPOINT: 'http://old:2' }).endpoint).toBe('http://old:2');
    expect(readAwsKmsOptions(config, { AWS_KMS_ENDPOINT: 'http://old:2', AWSKMS_ENDPOINT: 'http://new:3' }).endpoint).toBe('http://new:3');
    expect(readAwsKmsOptions({ ...config, disallow_env_vars: 'true' }, { AWSKMS_ENDPOINT: 'http://new:3' }).endpoint).toBe('http://config:1');
    expect(readAwsKmsOptions({ kms_key_id: 'k', endpoint: 'vpce.example' }, {}).endpoint).toBe('https://vpce.example');
    expect(readAwsKmsOptions({ kms_key_id: 'k' }, {}).endpoint).toBeUndefined();
  });

  it('takes the region from the config, then AWS_REGION, then AWS_DEFAULT_REGION, then us-east-1', () => {
    const env = { AWS_REGION: 'eu-west-1', AWS_DEFAULT_REGION: 'eu-west-2' };
    expect(readAwsKmsOptions({ kms_key_id: 'k', region: 'ap-northeast-1' }, env).region).toBe('ap-northeast-1');
    expect(readAwsKmsOptions({ kms_key_id: 'k' }, env).region).toBe('eu-west-1');
    expect(readAwsKmsOptions({ kms_key_id: 'k' }, { AWS_DEFAULT_REGION: 'eu-west-2' }).region).toBe('eu-west-2');
    expect(readAwsKmsOptions({ kms_key_id: 'k' }, {}).region).toBe('us-east-1');
  });

  it('fails without a key id with Vault\'s text, before any client exists', async () => {
    const factory = vi.fn();
    await expect(createAwsKmsSeal({ region: 'us-east-1' }, ctx(), factory)).rejects.toMatchObject({
      code: 'SEAL_INVALID_CONFIG',
      message: MISSING_KEY_ID,
    });
    expect(MISSING_KEY_ID).toBe('key id not found in env or config for aws kms wrapper configuration');
    expect(factory).not.toHaveBeenCalled();
    await expect(plugin.create({ kms_key_id: 'k', role_arn: 'arn:aws:iam::1:role/x' }, ctx())).rejects.toMatchObject({
      code: 'SEAL_INVALID_CONFIG',
    });
  });

  it('uses config credentials over ctx.env ones, both halves or neither', () => {
    const env = { AWS_ACCESS_KEY_ID: 'ENVKEY', AWS_SECRET_ACCESS_KEY: 'envsecret', AWS_SESSION_TOKEN: 'envtoken' };
    const fromConfig = readAwsKmsOptions({ kms_key_id: 'k', access_key: 'CFGKEY', secret_key: 'cfgsecret' }, env);
    expect(fromConfig).toMatchObject({ credentialSource: 'config', credentials: { accessKeyId: 'CFGKEY', secretAccessKey: 'cfgsecret' } });
    expect(fromConfig.credentials?.sessionToken).toBeUndefined();
    expect(readAwsKmsOptions({ kms_key_id: 'k' }, env)).toMatchObject({
      credentialSource: 'env',
      credentials: { accessKeyId: 'ENVKEY', secretAccessKey: 'envsecret', sessionToken: 'envtoken' },
    });
    expect(readAwsKmsOptions({ kms_key_id: 'k' }, { AWS_ACCESS_KEY_ID: 'ENVKEY' })).toMatchObject({ credentialSource: 'none' });
    expect(() => readAwsKmsOptions({ kms_key_id: 'k', access_key: 'CFGKEY' }, env)).toThrow(HALF_STATIC_CREDENTIALS);
  });
});

describe('awskms plugin: errors', () => {
  it('fails create() with Vault\'s DescribeKey text as SEAL_UNAVAILABLE and closes the client', async () => {
    const fake = new FakeKms();
    fake.fail.describe = awsError('NotFoundException', 400, 'Key not found');
    await expect(createAwsKmsSeal({ kms_key_id: 'k' }, ctx(), () => fake)).rejects.toMatchObject({
      code: 'SEAL_UNAVAILABLE',
      message: 'error fetching AWS KMS wrapping key information: Key not found',
    });
    expect(fake.closed).toBe(true);
  });

  it('tells "KMS unreachable or refusing" (retry) from "KMS said no to this blob"', async () => {
    const { fake, wrapper } = await seal();
    const blob = await wrapper.encrypt(Buffer.from('x'));
    const cases: [Error, string][] = [
      [Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:4566'), { code: 'ECONNREFUSED' }), 'SEAL_UNAVAILABLE'],
      [awsError('ThrottlingException', 400), 'SEAL_UNAVAILABLE'],
      [awsError('KMSInternalException', 500), 'SEAL_UNAVAILABLE'],
      [awsError('AccessDeniedException', 400), 'SEAL_UNAVAILABLE'],
      [awsError('IncorrectKeyException', 400), 'SEAL_DECRYPT'],
      [awsError('NotFoundException', 400), 'SEAL_DECRYPT'],
    ];
    for (const [err, code] of cases) {
      fake.fail.decrypt = err;
      await expect(wrapper.decrypt(blob)).rejects.toMatchObject({ code, message: `error decrypting data encryption key: ${err.message}` });
    }
    fake.fail.encrypt = awsError('InvalidKeyUsageException', 400, 'key usage is SIGN_VERIFY');
    await expect(wrapper.encrypt(Buffer.from('x'))).rejects.toMatchObject({
      code: 'SEAL_ENCRYPT',
      message: 'error encrypting data: key usage is SIGN_VERIFY',
    });
  });

  it('never puts a configured secret or session token into an error or its cause', async () => {
    const config = { kms_key_id: 'k', access_key: 'AKIAIOSFODNN7EXAMPLE', secret_key: SECRET, session_token: TOKEN };
    const { fake, wrapper } = await seal(config);
    fake.fail.decrypt = awsError('InvalidSignatureException', 400, `String-to-sign ... ${SECRET} x-amz-security-token:${TOKEN}`);
    const err = (await wrapper.decrypt(await wrapper.encrypt(Buffer.from('x'))).catch((e: Error) => e)) as Error;
    const text = `${err.message} ${(err.cause as Error).message} ${JSON.stringify(err)}`;
    expect(text).toContain('[redacted]');
    for (const s of [SECRET, TOKEN, 'AKIAIOSFODNN7EXAMPLE']) expect(text).not.toContain(s);
  });
});

describe('awskms plugin: the SDK client', () => {
  let server: Server | undefined;
  afterEach(async () => {
    vi.unstubAllEnvs();
    await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
    server = undefined;
  });

  /** A loopback KMS speaking awsJson1_1 that records what the SDK sent. */
  async function loopbackKms(): Promise<{ endpoint: string; seen: { target: string; headers: IncomingHttpHeaders; body: Record<string, unknown> }[] }> {
    const seen: { target: string; headers: IncomingHttpHeaders; body: Record<string, unknown> }[] = [];
    server = createServer((req, res) => {
      let raw = '';
      req.on('data', (d: Buffer) => (raw += d.toString()));
      req.on('end', () => {
        const target = String(req.headers['x-amz-target']).replace('TrentService.', '');
        seen.push({ target, headers: req.headers, body: JSON.parse(raw || '{}') as Record<string, unknown> });
        const reply: Record<string, unknown> =
          target === 'DescribeKey' ? { KeyMetadata: { KeyId: 'k-1', Arn: ARN } }
          : target === 'Encrypt' ? { KeyId: ARN, CiphertextBlob: Buffer.from('wrapped').toString('base64') }
          : { KeyId: ARN, Plaintext: Buffer.alloc(32, 1).toString('base64') };
        res.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' }).end(JSON.stringify(reply));
      });
    });
    await new Promise<void>((r) => server!.listen(0, '127.0.0.1', () => r()));
    return { endpoint: `http://127.0.0.1:${(server!.address() as { port: number }).port}`, seen };
  }

  /** Credentials, region and an endpoint in process.env and ~/.aws files: none of them may be used. */
  function stubProcessEnv(): void {
    const dir = mkdtempSync(join(tmpdir(), 'awskms-unit-'));
    writeFileSync(join(dir, 'credentials'), '[default]\naws_access_key_id = AKIAFROMFILE00000001\naws_secret_access_key = filesecret\n');
    writeFileSync(join(dir, 'config'), '[default]\nregion = eu-central-1\n');
    vi.stubEnv('AWS_ACCESS_KEY_ID', 'AKIAPROCESSENV000001');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'processsecret');
    vi.stubEnv('AWS_REGION', 'eu-west-3');
    vi.stubEnv('AWS_SHARED_CREDENTIALS_FILE', join(dir, 'credentials'));
    vi.stubEnv('AWS_CONFIG_FILE', join(dir, 'config'));
    vi.stubEnv('AWS_ENDPOINT_URL_KMS', 'http://127.0.0.1:9');
  }

  it('never reads credentials or region from process.env or ~/.aws: only config and ctx.env', async () => {
    stubProcessEnv();
    const { endpoint, seen } = await loopbackKms();
    await expect(plugin.create({ kms_key_id: 'k', endpoint }, ctx())).rejects.toMatchObject({
      code: 'SEAL_UNAVAILABLE',
      message: expect.stringContaining('error fetching AWS KMS wrapping key information: no AWS credentials'),
    });
    expect(seen).toHaveLength(0);
    const wrapper = await plugin.create({ kms_key_id: 'k', endpoint }, ctx({ AWS_ACCESS_KEY_ID: 'AKIACTXENV0000000001', AWS_SECRET_ACCESS_KEY: 's' }));
    await wrapper.encrypt(Buffer.from('x'));
    await wrapper.close?.();
    expect(String(seen[0]!.headers.authorization)).toMatch(/Credential=AKIACTXENV0000000001\/\d{8}\/us-east-1\/kms\/aws4_request/);
  });

  it('sends Encrypt with the configured KeyId and Decrypt with the blob alone, retrying once at most', async () => {
    const { endpoint, seen } = await loopbackKms();
    const opts = readAwsKmsOptions({ kms_key_id: 'alias/vault', endpoint }, { AWS_ACCESS_KEY_ID: 'a', AWS_SECRET_ACCESS_KEY: 'b' });
    const wrapper = await createAwsKmsSeal({ kms_key_id: 'alias/vault', endpoint }, ctx({ AWS_ACCESS_KEY_ID: 'a', AWS_SECRET_ACCESS_KEY: 'b' }));
    const blob = await wrapper.encrypt(Buffer.from('x'));
    await wrapper.decrypt(blob).catch(() => undefined); // the loopback's data key does not open it
    await wrapper.close();
    expect(seen.map((s) => s.target)).toEqual(['DescribeKey', 'Encrypt', 'Decrypt']);
    expect(seen[1]!.body).toMatchObject({ KeyId: 'alias/vault' });
    expect(seen[2]!.body).toEqual({ CiphertextBlob: Buffer.from('wrapped').toString('base64') });
    const sdk = newKmsSdkClient(opts);
    expect(await sdk.config.maxAttempts()).toBe(2);
    expect(await sdk.config.region()).toBe('us-east-1');
    sdk.destroy();
  });
});
