/**
 * The awskms seal (Vault's `seal "awskms"`, go-kms-wrapping wrappers/awskms): envelope encryption.
 * Each encrypt draws a random 32-byte data key, seals the plaintext with it locally (AES-256-GCM,
 * nonce || ciphertext || tag) and has KMS encrypt the data key with the configured key. The blob
 * keeps `{mechanism: 1, keyId: <ARN KMS reported>, wrappedKey}`; decrypt asks KMS to decrypt the
 * wrapped key without naming a key (KMS reads it from the blob), so blobs written before a key
 * rotation, or under a key an alias no longer points at, still open.
 *
 * The current key id is the key's ARN: from DescribeKey at create() (go-kms-wrapping HEAD stores
 * `KeyMetadata.Arn`; v2.0.x stored the bare KeyId and switched to the ARN at the first encrypt),
 * then from every Encrypt's output. It changes when the configured alias is pointed at another key
 * (or kms_key_id names another key) — what makes the core re-wrap its stored keys — and not on
 * AWS's automatic or on-demand rotation, which keeps the ARN and decrypts old blobs by itself.
 */
import { randomFillSync } from 'node:crypto';
import { SealError, type SealContext, type SealedBlob, type SealPlugin, type SealWrapper } from '@tsvault/seal-plugin-api';
import { createSdkKmsClient, MissingCredentialsError, type EncryptedKey, type KmsApi, type KmsClientFactory } from './client.js';
import { readAwsKmsOptions, secretsOf, type AwsKmsOptions } from './options.js';

/** go-kms-wrapping: AwsKmsEncrypt = 0 (KMS encrypts the data itself), AwsKmsEnvelopeAesGcmEncrypt = 1. */
export const MECHANISM_KMS = 0;
export const MECHANISM_ENVELOPE = 1;
const DATA_KEY_BYTES = 32;

/**
 * KMS errors after which retrying makes sense: no answer at all (refused, reset, timeout), a 5xx
 * or throttling, and refusals an operator fixes without touching the data (credentials, key
 * policy, a disabled key). Anything else (InvalidCiphertext, IncorrectKey, NotFound, …) is the
 * KMS answering "no" for this blob: SEAL_ENCRYPT / SEAL_DECRYPT.
 */
const RETRYABLE_NAMES = new Set([
  'ThrottlingException',
  'KMSInternalException',
  'DependencyTimeoutException',
  'KeyUnavailableException',
  'AccessDeniedException',
  'UnrecognizedClientException',
  'InvalidSignatureException',
  'IncompleteSignature',
  'ExpiredTokenException',
  'InvalidClientTokenId',
  'DisabledException',
  'KMSInvalidStateException',
  'TimeoutError',
]);

export function isUnavailable(err: unknown): boolean {
  if (err instanceof MissingCredentialsError) return true;
  const e = err as { name?: unknown; $metadata?: { httpStatusCode?: unknown } } | null;
  const status = e?.$metadata?.httpStatusCode;
  if (typeof status !== 'number') return true; // the request never got an HTTP answer
  if (status >= 500 || status === 429) return true;
  return typeof e?.name === 'string' && RETRYABLE_NAMES.has(e.name);
}

/** No HTTP answer at all, a 5xx or throttling: worth retrying, unlike an answer that says no. */
function unreachable(err: unknown): boolean {
  if (err instanceof MissingCredentialsError) return false;
  const status = (err as { $metadata?: { httpStatusCode?: unknown } } | null)?.$metadata?.httpStatusCode;
  return typeof status !== 'number' || status >= 500 || status === 429;
}

type Code = 'SEAL_UNAVAILABLE' | 'SEAL_ENCRYPT' | 'SEAL_DECRYPT';

export class AwsKmsWrapper implements SealWrapper {
  readonly type = 'awskms';
  readonly #client: KmsApi;
  readonly #configuredKeyId: string;
  readonly #secrets: string[];
  readonly #aead: SealContext['aead'];
  #currentKeyId: string;

  constructor(opts: AwsKmsOptions, client: KmsApi, currentKeyId: string, aead: SealContext['aead']) {
    this.#client = client;
    this.#aead = aead;
    this.#configuredKeyId = opts.keyId;
    this.#secrets = secretsOf(opts);
    this.#currentKeyId = currentKeyId;
  }

  keyId(): string {
    return this.#currentKeyId;
  }

  async encrypt(plaintext: Uint8Array, aad?: Uint8Array): Promise<SealedBlob> {
    const dataKey = randomFillSync(new Uint8Array(DATA_KEY_BYTES)); // not from Buffer's shared pool: zeroed below
    try {
      const sealed = this.#aead.seal(dataKey, plaintext, aad);
      let wrapped: EncryptedKey;
      try {
        wrapped = await this.#client.encrypt(this.#configuredKeyId, dataKey);
      } catch (err) {
        throw this.#error(isUnavailable(err) ? 'SEAL_UNAVAILABLE' : 'SEAL_ENCRYPT', 'error encrypting data', err);
      }
      // KMS reports the key's ARN even for an alias: the key that really wrapped this blob.
      this.#currentKeyId = wrapped.keyId;
      return {
        ciphertext: Buffer.from(sealed).toString('base64'),
        keyInfo: {
          mechanism: MECHANISM_ENVELOPE,
          keyId: wrapped.keyId,
          wrappedKey: Buffer.from(wrapped.ciphertextBlob).toString('base64'),
        },
      };
    } finally {
      dataKey.fill(0);
    }
  }

  async decrypt(blob: SealedBlob, aad?: Uint8Array): Promise<Uint8Array> {
    const info = blob.keyInfo;
    if (!info) throw new SealError('SEAL_DECRYPT', 'key info is nil');
    const mechanism = info.mechanism ?? MECHANISM_KMS;
    if (mechanism === MECHANISM_KMS) {
      // A blob KMS encrypted directly (go-kms-wrapping's WithoutEnvelope): nothing to open locally.
      return this.#kmsDecrypt(Buffer.from(blob.ciphertext, 'base64'), 'error decrypting data');
    }
    if (mechanism !== MECHANISM_ENVELOPE) throw new SealError('SEAL_DECRYPT', `invalid mechanism: ${mechanism}`);
    const dataKey = await this.#kmsDecrypt(
      Buffer.from(info.wrappedKey ?? '', 'base64'),
      'error decrypting data encryption key',
    );
    try {
      // A blob carried over from Vault keeps its IV apart; ours has the nonce in front.
      const body = Buffer.from(blob.ciphertext, 'base64');
      const sealed = blob.iv ? Buffer.concat([Buffer.from(blob.iv, 'base64'), body]) : body;
      return this.#aead.open(dataKey, sealed, aad);
    } catch (err) {
      throw new SealError('SEAL_DECRYPT', `error decrypting data: ${messageOf(err)}`, { cause: err });
    } finally {
      dataKey.fill(0);
    }
  }

  /** Encrypts a one-byte value, as Vault's key-id refresh does: a KMS round trip that also updates keyId(). */
  async health(): Promise<void> {
    await this.encrypt(Uint8Array.of(0));
  }

  async close(): Promise<void> {
    this.#client.close();
  }

  async #kmsDecrypt(ciphertextBlob: Uint8Array, prefix: string): Promise<Uint8Array> {
    try {
      return await this.#client.decrypt(ciphertextBlob);
    } catch (err) {
      throw this.#error(isUnavailable(err) ? 'SEAL_UNAVAILABLE' : 'SEAL_DECRYPT', prefix, err);
    }
  }

  /** Vault's `<prefix>: <AWS error>`, with any configured secret blanked out of the AWS text. */
  #error(code: Code, prefix: string, err: unknown): SealError {
    return sealError(code, prefix, err, this.#secrets);
  }
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function scrub(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const s of secrets) out = out.split(s).join('[redacted]');
  return out;
}

/**
 * The SDK's error is not kept as the cause: its message may quote a signed request, and loggers
 * print causes. The cause is a plain Error with the scrubbed text, the AWS error name and status.
 */
function sealError(code: Code, prefix: string, err: unknown, secrets: readonly string[]): SealError {
  const text = scrub(messageOf(err) || (err as { name?: string })?.name || 'unknown error', secrets);
  const name = err instanceof Error ? err.name : 'Error';
  const status = (err as { $metadata?: { httpStatusCode?: number } } | null)?.$metadata?.httpStatusCode;
  const cause = Object.assign(new Error(text), { name, ...(status !== undefined ? { httpStatusCode: status } : {}) });
  return new SealError(code, `${prefix}: ${text}`, { cause });
}

export async function createAwsKmsSeal(
  config: Readonly<Record<string, string>>,
  ctx: SealContext,
  newClient: KmsClientFactory = createSdkKmsClient,
): Promise<AwsKmsWrapper> {
  const opts = readAwsKmsOptions(config, ctx.env);
  const client = newClient(opts);
  let current = opts.keyId;
  try {
    // Vault's SetConfig: "Test the client connection using provided key ID".
    const described = await client.describeKey(opts.keyId);
    current = described.arn ?? described.keyId;
  } catch (err) {
    const e = sealError('SEAL_UNAVAILABLE', 'error fetching AWS KMS wrapping key information', err, secretsOf(opts));
    // Unlike Vault, a KMS that cannot be reached at start (no answer, 5xx, throttling) does not stop
    // the server: the core's fetch-retry loop reports the cause and unseals once KMS answers. A KMS
    // that answers "no" (no such key, no credentials) is a configuration error and stops start-up.
    if (!unreachable(err)) {
      client.close();
      throw e;
    }
    ctx.logger.warn('awskms seal could not reach KMS at start; will retry', { error: e.message });
  }
  ctx.logger.debug('awskms seal configured', {
    region: opts.region,
    key_id: opts.keyId,
    current_key_id: current,
    ...(opts.endpoint !== undefined ? { endpoint: opts.endpoint } : {}),
    credentials: opts.credentialSource,
  });
  return new AwsKmsWrapper(opts, client, current, ctx.aead);
}

const plugin: SealPlugin = {
  apiVersion: 1,
  type: 'awskms',
  sensitiveKeys: ['access_key', 'secret_key', 'session_token'],
  create: (config, ctx) => createAwsKmsSeal(config, ctx),
};

export default plugin;
