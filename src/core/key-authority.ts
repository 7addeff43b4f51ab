/**
 * What generate-root and rekey need from the core: which key shares authorise them, a check of
 * combined shares, and the two things they produce (a root token, new shares). Under Shamir the
 * shares are unseal-key shares (the KEK); under an auto seal they are recovery-key shares.
 */
export interface KeyConfig {
  /** Shares held by the operators and the threshold that authorises (barrier or recovery config). */
  shares: number;
  threshold: number;
  /**
   * Rekey targets the seal does not support, each with the text that refuses it (from the Seal:
   * Shamir has no recovery key; tsvault does not rekey an auto seal's barrier key).
   */
  refusesRekey: Readonly<Partial<Record<'barrier' | 'recovery', string>>>;
  /** The seal type, for messages (`shamir`, `awskms`, `transit`). */
  sealType: string;
}

export interface KeyAuthority {
  /** Null when not initialised. */
  keyConfig(): Promise<KeyConfig | null>;
  /**
   * Check shares that combine to `combined` (or the single share itself when threshold is 1).
   * Throws CoreError 400 with Vault's text on a mismatch:
   * recovery → `recovery key verification failed: recovery key does not match submitted values`;
   * shamir → `unable to retrieve stored keys: invalid key: failed to decrypt keys from storage: ...`.
   */
  verify(combined: Uint8Array): Promise<void>;
  /** A new root token (root policy, no TTL), stored like the one made at init. */
  createRootToken(): Promise<string>;
  /**
   * Replace the operators' key with a new one split into `shares`/`threshold`, after the old one was
   * verified. Shamir: new KEK wrapping the same root key (Vault also rotates the root key; we do not
   * yet), new barrier seal config. Auto: new recovery key stored wrapped by the seal, new recovery
   * config. Returns the new shares (the raw key when shares is 1). Writes are ordered so a crash
   * leaves either the old or the new key working.
   */
  rekey(target: 'barrier' | 'recovery', shares: number, threshold: number): Promise<Uint8Array[]>;
  /** Whether unsealed (both operations need an unsealed server in Vault except generate-root). */
  readonly sealed: boolean;
}
