/**
 * The pkcs11 seal's token failures: HsmError with a kind the wrapper maps to its SealError codes,
 * read from the PKCS#11 return value (CKR_*) that pkcs11js puts in its errors.
 */
export type HsmErrorKind =
  | 'library' // the module could not be loaded or initialised
  | 'slot' // no such slot
  | 'token' // no token with that label, or no token in the slot
  | 'pin' // the PIN was refused
  | 'pin-locked' // the token locked the user PIN
  | 'key-missing' // no key with that label (and id)
  | 'key-type' // an object with that label that cannot do AES-GCM
  | 'data' // the token refused the ciphertext (wrong key, tampered data, wrong AAD)
  | 'device' // the token or library failed or went away: worth retrying
  | 'other';

export class HsmError extends Error {
  readonly kind: HsmErrorKind;
  /** The PKCS#11 return value's name, e.g. CKR_PIN_INCORRECT, when the library returned one. */
  readonly ckr: string | undefined;
  constructor(kind: HsmErrorKind, message: string, ckr?: string) {
    super(message);
    this.name = 'HsmError';
    this.kind = kind;
    this.ckr = ckr;
  }
}

/** What C_Decrypt returns for an AES-GCM tag that does not match, token by token. */
export const AUTH_FAILURES = new Set(['CKR_GENERAL_ERROR', 'CKR_FUNCTION_FAILED', 'CKR_ENCRYPTED_DATA_INVALID', 'CKR_ENCRYPTED_DATA_LEN_RANGE']);

const KIND_BY_CKR: Record<string, HsmErrorKind> = {
  CKR_PIN_INCORRECT: 'pin',
  CKR_PIN_INVALID: 'pin',
  CKR_PIN_LEN_RANGE: 'pin',
  CKR_PIN_LOCKED: 'pin-locked',
  CKR_PIN_EXPIRED: 'pin-locked',
  CKR_SLOT_ID_INVALID: 'slot',
  CKR_TOKEN_NOT_PRESENT: 'token',
  CKR_TOKEN_NOT_RECOGNIZED: 'token',
  CKR_ENCRYPTED_DATA_INVALID: 'data',
  CKR_ENCRYPTED_DATA_LEN_RANGE: 'data',
  CKR_KEY_TYPE_INCONSISTENT: 'key-type',
  CKR_KEY_FUNCTION_NOT_PERMITTED: 'key-type',
  CKR_MECHANISM_INVALID: 'key-type',
  CKR_MECHANISM_PARAM_INVALID: 'key-type',
  CKR_DEVICE_ERROR: 'device',
  CKR_DEVICE_MEMORY: 'device',
  CKR_DEVICE_REMOVED: 'device',
  CKR_SESSION_HANDLE_INVALID: 'device',
  CKR_SESSION_CLOSED: 'device',
  CKR_SESSION_COUNT: 'device',
  CKR_CRYPTOKI_NOT_INITIALIZED: 'device',
  CKR_GENERAL_ERROR: 'device',
  CKR_FUNCTION_FAILED: 'device',
  CKR_HOST_MEMORY: 'device',
  CKR_TOKEN_WRITE_PROTECTED: 'device',
};

/** The CKR_* name in a pkcs11js error, if any. */
export function ckrOf(err: unknown): string | undefined {
  const text = err instanceof Error ? `${err.message}\n${err.stack ?? ''}` : String(err);
  return /\b(CKR_[A-Z0-9_]+)\b/.exec(text)?.[1];
}

/** An error from pkcs11js as an HsmError: `<what>: CKR_…`. */
export function classify(err: unknown, what: string): HsmError {
  if (err instanceof HsmError) return err;
  const ckr = ckrOf(err);
  const kind = (ckr && KIND_BY_CKR[ckr]) || 'other';
  const detail = ckr ?? (err instanceof Error ? err.message : String(err));
  return new HsmError(kind, `${what}: ${detail}`, ckr);
}
