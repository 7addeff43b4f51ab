/**
 * A copy of the configuration that is safe to log: every seal setting except `disabled` (a
 * field of its own) is replaced by "redacted", and so are storage settings that look secret.
 */
import { SENSITIVE_STORAGE_KEYS } from './schema.js';
import type { ServerConfig, StorageConfig } from './types.js';

export const REDACTED = 'redacted';

function isSensitiveStorageKey(key: string): boolean {
  const k = key.toLowerCase();
  return SENSITIVE_STORAGE_KEYS.some((s) => k === s || k.endsWith(`_${s}`));
}

function redactStorage(storage: StorageConfig): Record<string, unknown> {
  const config = Object.fromEntries(
    Object.entries(storage.config).map(([k, v]) => [k, isSensitiveStorageKey(k) ? REDACTED : v]),
  );
  return { ...structuredClone(storage), config };
}

export function sanitizeConfig(cfg: ServerConfig): Record<string, unknown> {
  const copy: Record<string, unknown> = structuredClone(cfg) as unknown as Record<string, unknown>;
  copy.storage = redactStorage(cfg.storage);
  if (cfg.haStorage) copy.haStorage = redactStorage(cfg.haStorage);
  copy.seals = cfg.seals.map((s) => ({
    ...structuredClone(s),
    config: Object.fromEntries(Object.keys(s.config).map((k) => [k, REDACTED])),
  }));
  return copy;
}
