/**
 * A device's formatter: its options read once, its salt's hasher, and the bytes of one entry:
 * the prefix, the entry in JSON or JSONx, and a newline (Vault's JSON encoder ends each entry with
 * one; for JSONx, which Vault writes without, tsvault adds it too so every entry is one line).
 */
import { buildEntry, type EntryType } from './entry.js';
import { encodeJson, encodeJsonx } from './encode.js';
import { auditHasher, type Hasher } from './hash.js';
import { parseFormatOptions, type FormatOptions } from './format-options.js';
import type { AuditInput } from './types.js';

export interface AuditFormatter {
  readonly options: FormatOptions;
  /** The device's `hmac-sha256:<hex>` of a value (sys/audit-hash). */
  readonly hash: Hasher;
  format(type: EntryType, input: AuditInput): Buffer;
}

/** Throws AUDIT_INVALID_OPTIONS with Vault's text for an option value Vault refuses. */
export function createFormatter(options: Readonly<Record<string, string>>, salt: Uint8Array, now: () => Date = () => new Date()): AuditFormatter {
  const parsed = parseFormatOptions(options);
  const hash = auditHasher(salt);
  return {
    options: parsed,
    hash,
    format(type, input) {
      const entry = buildEntry(type, input, parsed, hash, now());
      const body = parsed.format === 'jsonx' ? encodeJsonx(entry) : encodeJson(entry);
      return Buffer.from(`${parsed.prefix}${body}\n`, 'utf8');
    },
  };
}
