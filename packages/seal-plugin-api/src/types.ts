/**
 * The seal plugin contract. A seal wraps and unwraps small secrets (the root key, the recovery
 * key); each blob records what is needed to decrypt it later (the key id that wrapped it, the
 * wrapped data key) so a key rotation never strands old data.
 */
import type { KeyObject } from 'node:crypto';

export type LogFields = Record<string, unknown>;

/**
 * The logger a plugin receives in its SealContext. Message first, then key/value pairs, as hclog
 * prints them: `2023-05-03T08:52:59.787Z [INFO]  core.seal: message: key=value`.
 */
export interface Logger {
  trace(msg: string, fields?: LogFields): void;
  debug(msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
  /** A child logger whose module name is `<parent>.<name>`. */
  named(name: string): Logger;
}

/** AES-256-GCM (nonce || ciphertext || tag), as the server hands it to plugins in SealContext. */
/** The key: 32 raw bytes, or a secret KeyObject (createSecretKey) a plugin makes once and reuses. */
export interface Aead {
  seal(key: Uint8Array | KeyObject, plaintext: Uint8Array, aad?: Uint8Array): Uint8Array;
  open(key: Uint8Array | KeyObject, sealed: Uint8Array, aad?: Uint8Array): Uint8Array;
}

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
  /** AES-256-GCM, so that a plugin needs no crypto of its own. */
  aead: Aead;
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

/** The contract version this package describes (SealPlugin.apiVersion, plugin.json's apiVersion). */
export const SEAL_PLUGIN_API_VERSION = 1;

/** The default export of a plugin's entry module. */
export interface SealPlugin {
  apiVersion: 1;
  /** Equals the HCL label: seal "awskms" { … }; lower-case letters, digits, "_" and "-". */
  type: string;
  /** Config keys never logged (secret_key, token, ...). */
  sensitiveKeys: readonly string[];
  create(config: Readonly<Record<string, string>>, ctx: SealContext): Promise<SealWrapper>;
}
