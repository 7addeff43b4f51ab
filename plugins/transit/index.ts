/**
 * The transit seal: another Vault-compatible server's transit engine wraps the root key (Vault's
 * `seal "transit"`, go-kms-wrapping wrappers/transit). Encrypt sends the plaintext to
 * `<mount_path>/encrypt/<key_name>`; the blob keeps the transit ciphertext string (`vault:v1:…`)
 * as its bytes and the key id `<key_id_prefix>v1`, so any key version decrypts later.
 *
 * Unlike Vault, create() does not fail when the transit server is down or refuses (SEAL_UNAVAILABLE:
 * no answer, 5xx, 401/403/404): the failed test encryption is logged and encrypt/decrypt fail with
 * SEAL_UNAVAILABLE until the server answers, so the core's auto-unseal loop retries. Configuration
 * errors, and a test encryption the server rejects for good (400), still throw.
 */
import { SealError, type Logger, type SealContext, type SealedBlob, type SealPlugin, type SealWrapper } from '@tsvault/seal-plugin-api';
import { joinApiPath, TransitHttpClient, VaultRequestError, type VaultSecret } from './client.js';
import { readTransitOptions, type TransitOptions } from './options.js';
import { isTransient, TokenRenewer } from './renewal.js';

type Op = 'encrypt' | 'decrypt';

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** Go's base64.StdEncoding is strict; Buffer.from(…, 'base64') is not. */
const STRICT_BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

export class TransitWrapper implements SealWrapper {
  readonly type = 'transit';
  readonly #client: TransitHttpClient;
  readonly #opts: TransitOptions;
  readonly #renewer: TokenRenewer | undefined;
  #keyId = '';

  constructor(opts: TransitOptions, logger: Logger, client = new TransitHttpClient(opts)) {
    this.#opts = opts;
    this.#client = client;
    this.#renewer = !opts.disableRenewal && opts.token !== '' ? new TokenRenewer(client, logger) : undefined;
  }

  /** Starts renewal; never throws (the first failure is the caller's to log). */
  async start(): Promise<void> {
    await this.#renewer?.start();
  }

  keyId(): string {
    return this.#keyId;
  }

  async encrypt(plaintext: Uint8Array): Promise<SealedBlob> {
    const secret = await this.#call('encrypt', { plaintext: Buffer.from(plaintext).toString('base64') });
    const ciphertext = this.#field(secret, 'encrypt', 'ciphertext');
    const parts = ciphertext.split(':');
    if (parts.length !== 3) throw new SealError('SEAL_ENCRYPT', 'invalid ciphertext returned');
    const keyId = this.#opts.keyIdPrefix + parts[1];
    this.#keyId = keyId;
    return { ciphertext: Buffer.from(ciphertext, 'utf8').toString('base64'), keyInfo: { keyId } };
  }

  async decrypt(blob: SealedBlob): Promise<Uint8Array> {
    const ciphertext = Buffer.from(blob.ciphertext, 'base64').toString('utf8');
    const secret = await this.#call('decrypt', { ciphertext });
    const encoded = this.#field(secret, 'decrypt', 'plaintext');
    if (!STRICT_BASE64.test(encoded)) {
      throw new SealError('SEAL_DECRYPT', 'error base64-decoding plaintext: illegal base64 data');
    }
    return new Uint8Array(Buffer.from(encoded, 'base64'));
  }

  /** A round trip to the transit server (Vault's seal health check encrypts a test value). */
  async health(): Promise<void> {
    await this.encrypt(Buffer.from('a'));
  }

  async close(): Promise<void> {
    this.#renewer?.stop();
  }

  async #call(op: Op, body: Record<string, unknown>): Promise<VaultSecret | null> {
    const path = joinApiPath(this.#opts.mountPath, op, this.#opts.keyName);
    try {
      return await this.#client.write(path, body);
    } catch (err) {
      // 401/403/404 are refusals the operator fixes on the transit server: retryable as well.
      const s = err instanceof VaultRequestError ? err.status : undefined;
      const unavailable = !(err instanceof VaultRequestError) || isTransient(err) || s === 401 || s === 403 || s === 404;
      const code = unavailable ? 'SEAL_UNAVAILABLE' : op === 'encrypt' ? 'SEAL_ENCRYPT' : 'SEAL_DECRYPT';
      throw new SealError(code, messageOf(err), { cause: err });
    }
  }

  /** The go-kms-wrapping checks on the returned secret, with their texts. */
  #field(secret: VaultSecret | null, op: Op, name: 'ciphertext' | 'plaintext'): string {
    const code = op === 'encrypt' ? 'SEAL_ENCRYPT' : 'SEAL_DECRYPT';
    if (secret === null) throw new SealError(code, `after ${op} operation the returned secret from vault is nil`);
    if (secret.data === undefined || secret.data === null) {
      throw new SealError(code, `after ${op} operation no data was found in returned secret from vault`);
    }
    const v = secret.data[name];
    if (v === undefined || v === null) {
      throw new SealError(code, `after ${op} operation ${name} was not found in data returned from vault`);
    }
    if (typeof v !== 'string') {
      throw new SealError(code, `after ${op} operation ${name} in data returned from vault is not a string`);
    }
    return v;
  }
}

export async function createTransitSeal(config: Readonly<Record<string, string>>, ctx: SealContext): Promise<TransitWrapper> {
  const opts = await readTransitOptions(config, ctx.env);
  const logger = ctx.logger;
  if (opts.token === '') logger.info('no token provided to transit auto-seal');
  const wrapper = new TransitWrapper(opts, logger);
  await wrapper.start();
  try {
    // "Send a value to test the wrapper and to set the current key id" (Vault: fatal; here: logged).
    await wrapper.encrypt(Buffer.from('a'));
  } catch (err) {
    // The server answered and refused for good (a 400: wrong key type, bad reply): as Vault, fatal.
    if (!(err instanceof SealError) || err.code !== 'SEAL_UNAVAILABLE') {
      await wrapper.close();
      throw err;
    }
    logger.warn('transit seal test encryption failed; the seal will be retried when used', {
      address: opts.address.href,
      mount_path: opts.mountPath,
      key_name: opts.keyName,
      error: messageOf(err),
    });
  }
  return wrapper;
}

const plugin: SealPlugin = {
  apiVersion: 1,
  type: 'transit',
  sensitiveKeys: ['token'],
  create: createTransitSeal,
};

export default plugin;
