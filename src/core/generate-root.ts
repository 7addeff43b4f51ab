/**
 * Root token generation from a quorum of key shares ([V] vault/generate_root.go and
 * http/sys_generate_root.go): start an attempt (with an OTP, or one is made), collect shares
 * against the nonce, and at the threshold check the combined key, create a root token and return
 * it XORed with the OTP. Under an auto seal the shares are recovery shares. Needs an unsealed
 * server, as Vault does outside recovery mode. PGP encryption of the token is not supported.
 */
import { randomUUID } from 'node:crypto';
import { combine } from '../crypto/shamir.js';
import { encodeToken, generateOtp, OTP_LENGTH } from '../crypto/root-token.js';
import { CoreError } from '../errors.js';
import type { Logger } from '../log/types.js';
import type { KeyAuthority } from './key-authority.js';
import { UnsealProgress } from './unseal-progress.js';
import type { GenerateRootStatusResponse as GenerateRootStatus } from '../wire/generate-root.js';

/** Vault's GenerateRootStatusResponse (src/wire). */
export type { GenerateRootStatusResponse as GenerateRootStatus } from '../wire/generate-root.js';

export interface GenerateRootOptions {
  authority: KeyAuthority;
  logger: Logger;
}

/** Key share sizes Vault accepts: barrier key length 16..32, plus one byte of share overhead. */
export const MIN_SHARE_BYTES = 16;
export const MAX_SHARE_BYTES = 33;

export const PGP_NOT_SUPPORTED =
  'pgp_key is not supported by tsvault: start root generation with an otp (or none, to have one generated)';

function badRequest(message: string, code: 'CORE_INVALID_REQUEST' | 'CORE_INVALID_KEY' = 'CORE_INVALID_REQUEST'): CoreError {
  return new CoreError(code, message);
}

function sealed(): CoreError {
  return new CoreError('BARRIER_SEALED');
}

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** One root generation attempt at a time, its shares held only in memory. */
export class GenerateRoot {
  readonly #authority: KeyAuthority;
  readonly #log: Logger;
  #attempt: { nonce: string; otp: string } | undefined;
  readonly #shares = new UnsealProgress();
  #queue: Promise<unknown> = Promise.resolve();

  constructor(opts: GenerateRootOptions) {
    this.#authority = opts.authority;
    this.#log = opts.logger;
  }

  #serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(fn, fn);
    this.#queue = run.catch(() => undefined);
    return run;
  }

  async #threshold(): Promise<number> {
    const config = await this.#authority.keyConfig();
    if (!config) throw badRequest('server is not yet initialized');
    if (this.#authority.sealed) throw sealed();
    return config.threshold;
  }

  #status(required: number, otp: string): GenerateRootStatus {
    return {
      nonce: this.#attempt?.nonce ?? '',
      started: this.#attempt !== undefined,
      progress: this.#shares.progress,
      required,
      complete: false,
      encoded_token: '',
      encoded_root_token: '',
      pgp_fingerprint: '',
      otp,
      otp_length: OTP_LENGTH,
    };
  }

  /** GET sys/generate-root/attempt. The OTP is never shown here. */
  status(): Promise<GenerateRootStatus> {
    return this.#serial(async () => this.#status(await this.#threshold(), ''));
  }

  /**
   * PUT sys/generate-root/attempt. Without an OTP (and without a PGP key) one is generated and
   * returned in this response only. An OTP wins over a PGP key, as in Vault.
   */
  start(opts: { otp?: string; pgpKey?: string } = {}): Promise<GenerateRootStatus> {
    return this.#serial(async () => {
      let otp = opts.otp ?? '';
      let generated = false;
      if (otp === '') {
        if (opts.pgpKey) throw badRequest(PGP_NOT_SUPPORTED);
        otp = generateOtp();
        generated = true;
      }
      if (otp.length !== OTP_LENGTH) throw badRequest('OTP string is wrong length');
      if (this.#authority.sealed) throw sealed();
      if (this.#attempt) throw badRequest('root generation already in progress');
      const required = await this.#threshold();
      this.#shares.reset();
      this.#attempt = { nonce: randomUUID(), otp };
      this.#log.info('root generation initialized', { nonce: this.#attempt.nonce });
      return this.#status(required, generated ? otp : '');
    });
  }

  /** DELETE sys/generate-root/attempt. */
  cancel(): Promise<void> {
    return this.#serial(async () => {
      if (this.#authority.sealed) throw sealed();
      this.reset();
    });
  }

  /** Forget the attempt and its shares (also when the server seals). */
  reset(): void {
    this.#attempt = undefined;
    this.#shares.reset();
  }

  /** PUT sys/generate-root/update: one share; at the threshold the encoded token. */
  update(key: Uint8Array, nonce: string): Promise<GenerateRootStatus> {
    return this.#serial(async () => {
      if (key.length < MIN_SHARE_BYTES) {
        throw badRequest(`invalid key: key is shorter than minimum ${MIN_SHARE_BYTES} bytes`, 'CORE_INVALID_KEY');
      }
      if (key.length > MAX_SHARE_BYTES) {
        throw badRequest(`invalid key: key is longer than maximum ${MAX_SHARE_BYTES} bytes`, 'CORE_INVALID_KEY');
      }
      const config = await this.#authority.keyConfig();
      if (!config) throw new CoreError('BARRIER_NOT_INITIALIZED');
      if (this.#authority.sealed) throw sealed();
      const attempt = this.#attempt;
      if (!attempt) throw badRequest('no root generation in progress');
      if (nonce !== attempt.nonce) {
        throw badRequest(`incorrect nonce supplied; nonce for this root generation operation is ${JSON.stringify(attempt.nonce)}`);
      }
      if (!this.#shares.add(key)) {
        throw badRequest('given key has already been provided during this generation operation');
      }
      const progress = this.#shares.progress;
      const required = config.threshold;
      const result: GenerateRootStatus = { ...this.#status(required, ''), nonce, progress, otp_length: 0 };
      if (progress < required) {
        this.#log.debug('cannot generate root, not enough keys', { keys: progress, threshold: required });
        return result;
      }

      const token = await this.#authorise(required);
      let encoded: string;
      try {
        encoded = encodeToken(token, attempt.otp);
      } catch (cause) {
        throw new CoreError('CORE_INTERNAL', messageOf(cause), { cause });
      }
      this.#log.info('root generation finished', { nonce: attempt.nonce });
      this.#attempt = undefined;
      return { ...result, complete: progress === required, encoded_token: encoded, encoded_root_token: encoded };
    });
  }

  /** Combines the collected shares (dropping them either way), verifies, makes the token. */
  async #authorise(threshold: number): Promise<string> {
    const parts = this.#shares.take();
    let combined: Uint8Array;
    try {
      combined = threshold === 1 ? Uint8Array.from(parts[0]!) : combine(parts);
    } catch (cause) {
      throw new CoreError('CORE_INVALID_KEY', `failed to compute root key: ${messageOf(cause)}`, { cause });
    } finally {
      for (const p of parts) p.fill(0);
    }
    try {
      await this.#authority.verify(combined);
    } catch (cause) {
      const message = `unable to authenticate: ${messageOf(cause)}`;
      this.#log.error('root generation aborted', { error: message });
      const code = cause instanceof CoreError && cause.status >= 500 ? 'CORE_INTERNAL' : 'CORE_INVALID_KEY';
      throw new CoreError(code, `root generation aborted: ${message}`, { cause });
    } finally {
      combined.fill(0);
    }
    return this.#authority.createRootToken();
  }
}
