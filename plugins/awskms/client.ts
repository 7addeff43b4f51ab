/**
 * The narrow slice of AWS KMS the seal uses (go-kms-wrapping's KmsApi: DescribeKey, Encrypt,
 * Decrypt), so unit tests inject a fake. The real one is @aws-sdk/client-kms, configured so that
 * nothing is looked up behind the operator's back: explicit region, endpoint and credentials
 * (a provider that throws when none are configured, never the SDK's default chain of
 * process.env, ~/.aws and instance metadata), every setting the SDK would otherwise load from the
 * environment or ~/.aws/config given explicitly, and short timeouts with one retry so an outage
 * shows up in the logs within seconds.
 *
 * The SDK is required (its CommonJS build: one bundled file per package) when the first client is
 * made, not imported with the plugin: importing its ES modules costs about twice the start-up time
 * (~190 ms against ~85 ms on Node 20, measured alone) and ~6 MiB more memory, and nothing that does
 * not talk to KMS (diagnose's config checks, the plugin's tests of options) pays for it at all.
 */
import { createRequire } from 'node:module';
import type { KMSClient } from '@aws-sdk/client-kms';
import type { AwsCredentials, AwsKmsOptions } from './options.js';

export const CONNECT_TIMEOUT_MS = 2_000;
export const REQUEST_TIMEOUT_MS = 5_000;
export const MAX_ATTEMPTS = 2;

export interface DescribedKey {
  /** The bare key id (a UUID). */
  keyId: string;
  /** The key ARN; what Encrypt returns as its KeyId. */
  arn: string | undefined;
}

export interface EncryptedKey {
  /** The ARN of the KMS key that encrypted (an alias resolved to its target). */
  keyId: string;
  ciphertextBlob: Uint8Array;
}

export interface KmsApi {
  describeKey(keyId: string): Promise<DescribedKey>;
  encrypt(keyId: string, plaintext: Uint8Array): Promise<EncryptedKey>;
  /** No KeyId: for symmetric keys KMS reads it from the ciphertext blob (as Vault's wrapper). */
  decrypt(ciphertextBlob: Uint8Array): Promise<Uint8Array>;
  close(): void;
}

export type KmsClientFactory = (opts: AwsKmsOptions) => KmsApi;

/** Thrown by the credential provider when neither the config nor ctx.env has credentials. */
export class MissingCredentialsError extends Error {
  constructor() {
    super(
      'no AWS credentials: set access_key and secret_key in the seal block, or AWS_ACCESS_KEY_ID and ' +
        'AWS_SECRET_ACCESS_KEY in the environment (shared credential files and instance metadata are not read)',
    );
    this.name = 'MissingCredentialsError';
  }
}

type ClientKms = typeof import('@aws-sdk/client-kms');
let clientKms: ClientKms | undefined;

function sdk(): ClientKms {
  const require = createRequire(import.meta.url);
  clientKms ??= require('@aws-sdk/client-kms') as ClientKms;
  return clientKms;
}

function credentialProvider(creds: AwsCredentials | undefined): () => Promise<AwsCredentials> {
  return async () => {
    if (!creds) throw new MissingCredentialsError();
    return creds;
  };
}

function missing(what: string): Error {
  return Object.assign(new Error(`AWS KMS returned no ${what}`), { name: 'KmsResponseError' });
}

/** The SDK's KMSClient with every setting explicit (see the file comment). */
export function newKmsSdkClient(opts: AwsKmsOptions): KMSClient {
  const { KMSClient } = sdk();
  return new KMSClient({
    region: opts.region,
    ...(opts.endpoint !== undefined ? { endpoint: opts.endpoint } : {}),
    credentials: credentialProvider(opts.credentials),
    maxAttempts: MAX_ATTEMPTS,
    retryMode: 'standard',
    // 'auto' would probe instance metadata; the handler below makes the mode's timeouts moot.
    defaultsMode: 'standard',
    requestHandler: { connectionTimeout: CONNECT_TIMEOUT_MS, requestTimeout: REQUEST_TIMEOUT_MS },
    useFipsEndpoint: false,
    useDualstackEndpoint: false,
    userAgentAppId: async () => undefined,
    authSchemePreference: [],
    disableClockSkewCorrection: false,
    // Without an endpoint: AWS's regional one, never AWS_ENDPOINT_URL_KMS or ~/.aws `endpoint_url`.
    ignoreConfiguredEndpointUrls: true,
  });
}

export class SdkKmsClient implements KmsApi {
  readonly #sdk: KMSClient;

  constructor(opts: AwsKmsOptions) {
    this.#sdk = newKmsSdkClient(opts);
  }

  async describeKey(keyId: string): Promise<DescribedKey> {
    const out = await this.#sdk.send(new (sdk().DescribeKeyCommand)({ KeyId: keyId }));
    const meta = out.KeyMetadata;
    if (!meta?.KeyId) throw missing('key information');
    return { keyId: meta.KeyId, arn: meta.Arn };
  }

  async encrypt(keyId: string, plaintext: Uint8Array): Promise<EncryptedKey> {
    const out = await this.#sdk.send(new (sdk().EncryptCommand)({ KeyId: keyId, Plaintext: plaintext }));
    if (!out.KeyId || !out.CiphertextBlob) throw missing('ciphertext');
    return { keyId: out.KeyId, ciphertextBlob: out.CiphertextBlob };
  }

  async decrypt(ciphertextBlob: Uint8Array): Promise<Uint8Array> {
    const out = await this.#sdk.send(new (sdk().DecryptCommand)({ CiphertextBlob: ciphertextBlob }));
    if (!out.Plaintext) throw missing('plaintext');
    return out.Plaintext;
  }

  close(): void {
    this.#sdk.destroy();
  }
}

export const createSdkKmsClient: KmsClientFactory = (opts) => new SdkKmsClient(opts);
