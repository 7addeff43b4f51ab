/**
 * Rules that span keys or blocks, checked once every file is merged and the environment applied.
 * Texts are Vault's where Vault has one (command/server/config.go, configutil/kms.go, vault/core.go).
 */
import { ConfigError } from '../errors.js';
import type { ServerConfig, SourcePos, StorageConfig } from './types.js';

/** A configuration before validation: the storage block may still be missing. */
export type DraftConfig = Omit<ServerConfig, 'storage'> & { storage?: StorageConfig };

export interface ValidateOptions {
  /** `-dev` builds its own listener; files must declare one. */
  dev: boolean;
  /** Where top-level values came from (keyed by their HCL name), for error positions. */
  positions?: ReadonlyMap<string, SourcePos>;
}

const MAX_SEALS = 2;

export function validateConfig(cfg: DraftConfig, opts: ValidateOptions): asserts cfg is ServerConfig {
  const onlyFile: SourcePos | undefined = cfg.files.length === 1 ? { file: cfg.files[0]! } : undefined;
  const at = (key: string): Partial<SourcePos> => opts.positions?.get(key) ?? onlyFile ?? {};

  if (!cfg.storage) {
    throw new ConfigError('CONFIG_INVALID', 'A storage backend must be specified', onlyFile);
  }
  if (!opts.dev && cfg.listeners.length === 0) {
    throw new ConfigError('CONFIG_INVALID', 'at least one "listener" block is required', onlyFile);
  }
  for (const l of cfg.listeners) {
    if (l.tlsDisable) continue;
    const missing = [!l.tlsCertFile && 'tls_cert_file', !l.tlsKeyFile && 'tls_key_file'].filter(Boolean);
    if (missing.length > 0) {
      const what = missing.join(' and ');
      const verb = missing.length > 1 ? 'are' : 'is';
      throw new ConfigError(
        'CONFIG_INVALID',
        `error loading TLS cert: ${what} ${verb} required when TLS is enabled (set tls_disable = true for plain HTTP)`,
        l.pos,
      );
    }
  }
  validateSeals(cfg);

  if (cfg.defaultLeaseTtl > cfg.maxLeaseTtl) {
    throw new ConfigError('CONFIG_INVALID', 'cannot have DefaultLeaseTTL larger than MaxLeaseTTL', at('default_lease_ttl'));
  }
  if (cfg.apiAddr !== undefined && cfg.apiAddr !== '' && !/^[A-Za-z][A-Za-z0-9+.-]*:/.test(cfg.apiAddr)) {
    throw new ConfigError('CONFIG_INVALID', "redirect address must include scheme (ex. 'http')", at('api_addr'));
  }
}

/** Zero seals is Shamir; two mean a migration, so exactly one of them is the old, disabled one. */
function validateSeals(cfg: DraftConfig): void {
  const seals = cfg.seals;
  if (seals.length > MAX_SEALS) {
    throw new ConfigError('CONFIG_INVALID', 'only two or less "seal" blocks are permitted', seals[MAX_SEALS]!.pos);
  }
  const shamirDisabled = seals.find((s) => s.type === 'shamir' && s.disabled);
  if (shamirDisabled) {
    throw new ConfigError(
      'CONFIG_INVALID',
      'Shamir seals cannot be set disabled (they should simply not be set)',
      shamirDisabled.pos,
    );
  }
  if (seals.length === 2) {
    const [a, b] = seals as [(typeof seals)[0], (typeof seals)[0]];
    if (a.disabled && b.disabled) {
      throw new ConfigError('CONFIG_INVALID', 'seals: two seals provided but both are disabled', b.pos);
    }
    if (!a.disabled && !b.disabled) {
      throw new ConfigError('CONFIG_INVALID', 'seals: two seals provided but neither is disabled', b.pos);
    }
  }
}
