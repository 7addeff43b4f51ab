/**
 * Field names whose values tsvault never prints, in a log line or an error message, at any depth.
 *
 * Vault's audit devices HMAC every string in request and response data, the client token and (by
 * default, hmac_accessor) accessors (audit/hashstructure.go); its server log never prints such values
 * at all. tsvault's log takes key/value pairs from callers, so the names below are blanked wherever
 * they occur: top level, nested objects, objects inside arrays. Matching ignores case and treats `-`
 * as `_` (`X-Vault-Token`). `nonce` is not here: Vault logs it ("root generation initialized") and
 * serves it unauthenticated from sys/generate-root/attempt.
 */
export const REDACTED_FIELDS = [
  // unseal / recovery shares and the material they open
  'key',
  'keys',
  'keys_base64',
  'keys_b64',
  'unseal_key',
  'unseal_keys',
  'unseal_keys_b64',
  'unseal_keys_hex',
  'recovery_key',
  'recovery_keys',
  'recovery_keys_base64',
  'recovery_keys_b64',
  'recovery_keys_hex',
  'root_key',
  'master_key',
  // tokens and what stands for them
  'token',
  'client_token',
  'root_token',
  'accessor',
  'wrapped_accessor',
  'encoded_token',
  'encoded_root_token',
  'otp',
  'x_vault_token',
  'authorization',
  // seal and storage credentials (awskms, transit, pkcs11, azure)
  'access_key',
  'secret_key',
  'session_token',
  'client_secret',
  'pin',
  'password',
  // transit and KV payloads
  'plaintext',
  'ciphertext',
  'hmac_key',
] as const;

export const REDACTED = '[redacted]';

const SENSITIVE = new Set<string>(REDACTED_FIELDS);

export function isSensitiveField(name: string): boolean {
  return SENSITIVE.has(name.toLowerCase().replaceAll('-', '_'));
}

const MAX_DEPTH = 16;

function isPlain(value: object): boolean {
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

/**
 * `value` with every sensitive field's value replaced by REDACTED. Copy-on-write: objects and arrays
 * without anything to blank come back as they are, so the common case allocates nothing. Errors are
 * walked too (their own enumerable fields); other class instances (Buffers, Dates) are left to the
 * serializer. Cycles and depth beyond MAX_DEPTH end in a placeholder.
 */
export function redact(value: unknown, depth = 0, seen: object[] = []): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (seen.includes(value)) return '[circular]';
  if (depth >= MAX_DEPTH) return '[too deep]';
  seen.push(value);
  try {
    if (Array.isArray(value)) {
      let out: unknown[] | undefined;
      for (let i = 0; i < value.length; i++) {
        const v = redact(value[i], depth + 1, seen);
        if (v !== value[i]) (out ??= value.slice())[i] = v;
      }
      return out ?? value;
    }
    const isError = value instanceof Error;
    if (!isError && !isPlain(value)) return value;
    let out: Record<string, unknown> | undefined;
    for (const [k, v] of Object.entries(value)) {
      const r = isSensitiveField(k) ? REDACTED : redact(v, depth + 1, seen);
      if (r !== v) (out ??= { ...(value as Record<string, unknown>) })[k] = r;
    }
    if (isError && out) return { ...out, message: value.message, name: value.name };
    return out ?? value;
  } finally {
    seen.pop();
  }
}

/** Log fields with sensitive values blanked (see redact()). */
export function redactFields<T extends Record<string, unknown>>(fields: T): T {
  return redact(fields) as T;
}

/** A request value quoted in an error message, unless its field is sensitive. */
export function quoteInput(name: string, value: unknown): string {
  return isSensitiveField(name) ? REDACTED : JSON.stringify(value);
}
