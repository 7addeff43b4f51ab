/**
 * Rekeying the operators' key shares ([V] vault/rekey.go, http/sys_rekey.go): `sys/rekey`
 * (target barrier: the unseal key of a Shamir seal) and `sys/rekey-recovery-key` (target
 * recovery: the recovery key of an auto seal). A quorum of the current shares, given against the
 * nonce of the attempt, authorises new shares of a new key. Needs an unsealed server.
 *
 * Not supported, refused with a 400 naming the reason: PGP-encrypted shares (and so backups),
 * verification of the new shares before they take effect, and `sys/rekey` under an auto seal
 * (Vault rotates the root key there; KeyAuthority has no root-key rotation).
 */
import { randomUUID } from 'node:crypto';
import { combine } from '../crypto/shamir.js';
import { CoreError } from '../errors.js';
import type { Logger } from '../log/types.js';
import { MAX_SHARE_BYTES, MIN_SHARE_BYTES } from './generate-root.js';
import type { KeyAuthority, KeyConfig } from './key-authority.js';
import { validateSealConfig } from '../seal/seal-config.js';
import { UnsealProgress } from './unseal-progress.js';
import type { RekeyCompleteResponse as RekeyResult, RekeyInitRequest, RekeyStatusResponse as RekeyStatus, RekeyTarget } from '../wire/rekey.js';

export type { RekeyTarget } from '../wire/rekey.js';
/** Vault's RekeyStatusResponse, RekeyUpdateResponse once complete, and RekeyRequest body (src/wire). */
export type {
  RekeyStatusResponse as RekeyStatus,
  RekeyCompleteResponse as RekeyResult,
  RekeyInitRequest,
} from '../wire/rekey.js';

export interface RekeyOptions {
  authority: KeyAuthority;
  target: RekeyTarget;
  logger: Logger;
  /** Milliseconds since the epoch; tests pass a fake clock. */
  now?: () => number;
}

/** A cancel without the nonce is honoured once the attempt is this old (Vault 1.20: 10 minutes). */
export const CANCEL_WITHOUT_NONCE_AFTER_MS = 10 * 60 * 1000;

export const PGP_KEYS_NOT_SUPPORTED = 'pgp_keys is not supported by tsvault: the new key shares are returned unencrypted';
export const VERIFICATION_NOT_SUPPORTED =
  'require_verification is not supported by tsvault: the new key shares take effect when the rekey completes';

function fail(code: 'CORE_INVALID_REQUEST' | 'CORE_INTERNAL', message: string, cause?: unknown): CoreError {
  return new CoreError(code, message, cause === undefined ? undefined : { cause });
}

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

interface Attempt {
  nonce: string;
  shares: number;
  threshold: number;
  created: number;
}

/** One rekey attempt per target at a time, its shares held only in memory. */
export class Rekey {
  readonly target: RekeyTarget;
  readonly #authority: KeyAuthority;
  readonly #log: Logger;
  readonly #now: () => number;
  #attempt: Attempt | undefined;
  readonly #progress = new UnsealProgress();
  #queue: Promise<unknown> = Promise.resolve();

  constructor(opts: RekeyOptions) {
    this.target = opts.target;
    this.#authority = opts.authority;
    this.#log = opts.logger;
    this.#now = opts.now ?? Date.now;
  }

  #serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(fn, fn);
    this.#queue = run.catch(() => undefined);
    return run;
  }

  /** The current key config, refusing the recovery target where the seal has none, as Vault does. */
  async #config(): Promise<KeyConfig | null> {
    const config = await this.#authority.keyConfig();
    const refusal = this.target === 'recovery' ? config?.refusesRekey.recovery : undefined;
    if (refusal) throw fail('CORE_INVALID_REQUEST', refusal);
    return config;
  }

  #checkUnsealed(): void {
    if (this.#authority.sealed) throw new CoreError('BARRIER_SEALED');
  }

  #status(required: number): RekeyStatus {
    const a = this.#attempt;
    return {
      nonce: a?.nonce ?? '',
      started: a !== undefined,
      t: a?.threshold ?? 0,
      n: a?.shares ?? 0,
      progress: a ? this.#progress.progress : 0,
      required,
      pgp_fingerprints: null,
      backup: false,
      verification_required: false,
    };
  }

  /** GET .../init. */
  status(): Promise<RekeyStatus> {
    return this.#serial(async () => {
      const config = await this.#config();
      if (!config) throw fail('CORE_INVALID_REQUEST', 'server is not yet initialized');
      this.#checkUnsealed();
      return this.#status(config.threshold);
    });
  }

  /** PUT .../init: validates the new configuration and starts an attempt with a fresh nonce. */
  init(req: RekeyInitRequest): Promise<RekeyStatus> {
    return this.#serial(async () => {
      const config = await this.#config();
      const pgpKeys = req.pgp_keys ?? [];
      if (req.backup && pgpKeys.length === 0) {
        throw fail('CORE_INVALID_REQUEST', 'cannot request a backup of the new keys without providing PGP keys for encryption');
      }
      if (pgpKeys.length > 0 && pgpKeys.length !== req.secret_shares) throw fail('CORE_INVALID_REQUEST', 'incorrect number of PGP keys for rekey');
      if (pgpKeys.length > 0) throw fail('CORE_INVALID_REQUEST', PGP_KEYS_NOT_SUPPORTED);
      if (req.secret_threshold > req.secret_shares) throw fail('CORE_INVALID_REQUEST', 'provided threshold greater than the total shares');
      const shape = { secret_shares: req.secret_shares, secret_threshold: req.secret_threshold };
      if (this.target === 'barrier') {
        if (config?.refusesRekey.barrier) throw fail('CORE_INVALID_REQUEST', config.refusesRekey.barrier);
        if (req.require_verification) throw fail('CORE_INVALID_REQUEST', VERIFICATION_NOT_SUPPORTED);
        const invalid = validateSealConfig({ ...shape, stored_shares: 1 });
        if (invalid) {
          this.#log.error('invalid rekey seal configuration', { error: invalid });
          throw fail('CORE_INTERNAL', `invalid rekey seal configuration: ${invalid}`);
        }
      } else {
        if (req.stored_shares > 0) throw fail('CORE_INVALID_REQUEST', 'stored shares not supported by recovery key');
        const invalid = validateSealConfig({ ...shape, stored_shares: 0 });
        if (invalid) {
          this.#log.error('invalid recovery configuration', { error: invalid });
          throw fail('CORE_INTERNAL', `invalid recovery configuration: ${invalid}`);
        }
        if (req.require_verification) throw fail('CORE_INVALID_REQUEST', VERIFICATION_NOT_SUPPORTED);
      }
      this.#checkUnsealed();
      if (!config) throw fail('CORE_INVALID_REQUEST', 'server is not yet initialized');
      if (this.#attempt) throw fail('CORE_INVALID_REQUEST', 'rekey already in progress');
      this.#progress.reset();
      this.#attempt = { nonce: randomUUID(), shares: req.secret_shares, threshold: req.secret_threshold, created: this.#now() };
      this.#log.info('rekey initialized', {
        nonce: this.#attempt.nonce,
        shares: req.secret_shares,
        threshold: req.secret_threshold,
        validation_required: false,
        ...(this.target === 'barrier' ? { backup: false } : {}),
      });
      return this.#status(config.threshold);
    });
  }

  /**
   * DELETE .../init. Since Vault 1.20 (HCSEC-2025-11) an unauthenticated cancel must name the
   * attempt's nonce, unless the attempt is older than ten minutes: otherwise `invalid request`.
   */
  cancel(nonce: string): Promise<void> {
    return this.#serial(async () => {
      await this.#config();
      this.#checkUnsealed();
      const a = this.#attempt;
      if (a && a.nonce !== nonce && this.#now() - a.created < CANCEL_WITHOUT_NONCE_AFTER_MS) {
        throw fail('CORE_INVALID_REQUEST', 'invalid request');
      }
      this.reset();
    });
  }

  /** Forget the attempt and its shares (also when the server seals). */
  reset(): void {
    this.#attempt = undefined;
    this.#progress.reset();
  }

  /** PUT .../update: one current share; at the threshold the new shares. */
  update(key: Uint8Array, nonce: string): Promise<RekeyStatus | RekeyResult> {
    return this.#serial(async () => {
      const config = await this.#config();
      this.#checkUnsealed();
      if (key.length < MIN_SHARE_BYTES) throw fail('CORE_INVALID_REQUEST', `key is shorter than minimum ${MIN_SHARE_BYTES} bytes`);
      if (key.length > MAX_SHARE_BYTES) throw fail('CORE_INVALID_REQUEST', `key is longer than maximum ${MAX_SHARE_BYTES} bytes`);
      if (!config) throw fail('CORE_INVALID_REQUEST', 'Vault is not initialized');
      const a = this.#attempt;
      if (!a) throw fail('CORE_INVALID_REQUEST', `no ${this.target} rekey in progress`);
      if (nonce !== a.nonce) {
        throw fail('CORE_INVALID_REQUEST', `incorrect nonce supplied; nonce for this rekey operation is ${JSON.stringify(a.nonce)}`);
      }
      if (!this.#progress.add(key)) {
        const op = this.target === 'barrier' ? 'generation' : 'rekey';
        throw fail('CORE_INVALID_REQUEST', `given key has already been provided during this ${op} operation`);
      }
      if (this.#progress.progress < config.threshold) {
        this.#log.debug('cannot rekey yet, not enough keys', { keys: this.#progress.progress, threshold: config.threshold });
        return this.#status(config.threshold);
      }
      await this.#authorise(config.threshold);
      let shares: Uint8Array[];
      try {
        shares = await this.#authority.rekey(this.target, a.shares, a.threshold);
      } catch (cause) {
        this.#log.error('rekey failed', { error: messageOf(cause) });
        throw fail('CORE_INTERNAL', `failed to perform ${this.target} rekey: ${messageOf(cause)}`, cause);
      }
      if (this.target === 'barrier') {
        this.#log.info('security barrier rekeyed', { stored: 1, shares: a.shares, threshold: a.threshold });
      }
      this.reset();
      const result: RekeyResult = {
        nonce,
        complete: true,
        keys: shares.map((s) => Buffer.from(s).toString('hex')),
        keys_base64: shares.map((s) => Buffer.from(s).toString('base64')),
        pgp_fingerprints: null,
        backup: false,
        verification_required: false,
      };
      for (const s of shares) s.fill(0);
      return result;
    });
  }

  /**
   * Combines the collected shares (dropping them either way) and verifies the result, with
   * Vault's texts: a recovery key mismatch is a 400 `recovery key verification failed: ...`; a
   * wrong unseal key surfaces as Vault's 500 `failed to read root key: invalid key: ...`.
   */
  async #authorise(threshold: number): Promise<void> {
    const parts = this.#progress.take();
    const what = this.target === 'barrier' ? 'root' : 'recovery';
    let combined: Uint8Array;
    try {
      combined = threshold === 1 ? Uint8Array.from(parts[0]!) : combine(parts);
    } catch (cause) {
      throw fail('CORE_INTERNAL', `failed to compute ${what} key: ${messageOf(cause)}`, cause);
    } finally {
      for (const p of parts) p.fill(0);
    }
    try {
      await this.#authority.verify(combined);
    } catch (cause) {
      if (!(cause instanceof CoreError) || cause.status >= 500) throw cause;
      this.#log.error(`${this.target === 'barrier' ? 'root' : 'recovery'} key verification failed`, { error: cause.message });
      if (this.target === 'recovery') throw fail('CORE_INVALID_REQUEST', cause.message, cause);
      const inner = cause.message.replace(/^unable to retrieve stored keys: /, '');
      throw fail('CORE_INTERNAL', `failed to read root key: ${inner}`, cause);
    } finally {
      combined.fill(0);
    }
  }
}
