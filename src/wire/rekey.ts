/** sys/rekey/* and sys/rekey-recovery-key/* ([V] api/sys_rekey.go). */

/** Which key shares a rekey replaces: the unseal key (sys/rekey) or the recovery key. */
export type RekeyTarget = 'barrier' | 'recovery';

/** GET/PUT .../init ([V] RekeyStatusResponse, fields in its order; verification_nonce is omitempty). */
export interface RekeyStatusResponse {
  nonce: string;
  started: boolean;
  t: number;
  n: number;
  progress: number;
  required: number;
  pgp_fingerprints: string[] | null;
  backup: boolean;
  verification_required: boolean;
  verification_nonce?: string;
}

/** PUT .../init body ([V] RekeyInitRequest). */
export interface RekeyInitRequest {
  secret_shares: number;
  secret_threshold: number;
  stored_shares: number;
  pgp_keys: string[] | null;
  backup: boolean;
  require_verification: boolean;
}

/** PUT .../update body. */
export interface RekeyUpdateRequest {
  key: string;
  nonce: string;
}

/** PUT .../update answer as a client reads it ([V] RekeyUpdateResponse, in its field order). */
export interface RekeyUpdateResponse {
  nonce: string;
  complete: boolean;
  keys: string[] | null;
  keys_base64: string[] | null;
  pgp_fingerprints: string[] | null;
  backup: boolean;
  verification_required: boolean;
  verification_nonce?: string;
}

/** The update answer once the threshold is reached: the new shares. */
export interface RekeyCompleteResponse extends RekeyUpdateResponse {
  complete: true;
  keys: string[];
  keys_base64: string[];
}
