/**
 * The seal plugin contract: the ONLY module that code under plugins/ imports. A seal wraps and
 * unwraps small secrets (the root key, the recovery key); each blob records what is needed to
 * decrypt it later (the key id that wrapped it, the wrapped data key) so a key rotation never
 * strands old data.
 */
import { aeadOpen, aeadSeal } from '../crypto/aead.js';
import type { Logger } from '../log/types.js';

export type { Logger };

/**
 * The error a wrapper throws: `SEAL_UNAVAILABLE` (the KMS could not be reached or refused; the core
 * retries), `SEAL_ENCRYPT` / `SEAL_DECRYPT` (it answered, and said no), `SEAL_INVALID_CONFIG` (create()).
 */
export { SealError } from '../errors.js';

/** AES-256-GCM for plugins that wrap locally (shamir; the local half of envelope encryption). */
export const aead = { seal: aeadSeal, open: aeadOpen };

export interface SealedBlob {
  /** Base64 of the ciphertext (for AES-GCM seals: nonce || ciphertext || tag). */
  ciphertext: string;
  /** Base64 IV where the wrapper keeps it apart from the ciphertext. */
  iv?: string;
  keyInfo?: {
    mechanism?: number;
    keyId?: string;
    /** Base64 of the data key as wrapped by the KMS (envelope encryption). */
    wrappedKey?: string;
  };
}

export interface SealContext {
  logger: Logger;
  /** The environment to read settings from (never process.env directly). */
  env: Readonly<Record<string, string | undefined>>;
  /** AES-256-GCM, so that a plugin outside this tree needs no import at all. */
  aead: typeof aead;
}

/**
 * A seal setting with go-kms-wrapping's precedence: the first environment variable that is set,
 * then the config key, then the default. `disallow_env_vars = "true"` in the config skips the
 * environment.
 */
export function readSetting(
  config: Readonly<Record<string, string>>,
  env: Readonly<Record<string, string | undefined>>,
  key: string,
  envNames: readonly string[] = [],
  fallback = '',
): string {
  if (config.disallow_env_vars !== 'true') {
    for (const name of envNames) {
      const v = env[name];
      if (v !== undefined && v !== '') return v;
    }
  }
  return config[key] ?? fallback;
}

export interface SealWrapper {
  readonly type: string;
  /** Current key id; changes after a KMS key rotation. */
  keyId(): string;
  encrypt(plaintext: Uint8Array, aad?: Uint8Array): Promise<SealedBlob>;
  decrypt(blob: SealedBlob, aad?: Uint8Array): Promise<Uint8Array>;
  health?(): Promise<void>;
  close?(): Promise<void>;
}

export interface SealPlugin {
  apiVersion: 1;
  type: string;
  /** Config keys never logged (secret_key, token, ...). */
  sensitiveKeys: readonly string[];
  create(config: Readonly<Record<string, string>>, ctx: SealContext): Promise<SealWrapper>;
}

