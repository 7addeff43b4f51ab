/**
 * The KV v2 records and the rules on them, as vault-plugin-secrets-kv keeps them (types.proto,
 * path_data.go AddVersion, delete_version_after.go), and the response shapes built from them.
 * Timestamps are kept as Go prints them ("" = not set); durations as whole seconds.
 */
import { formatGoDuration, parseTimestamp } from '../clock.js';

export interface VersionMetadata {
  created_time: string;
  /** "" when the version is not (scheduled to be) deleted. */
  deletion_time: string;
  destroyed: boolean;
}

export interface KeyMetadata {
  key: string;
  versions: Record<string, VersionMetadata>;
  current_version: number;
  oldest_version: number;
  created_time: string;
  updated_time: string;
  max_versions: number;
  cas_required: boolean;
  /** Seconds; 0 = not set. */
  delete_version_after: number;
  custom_metadata: Record<string, string> | null;
}

export interface KvConfig {
  max_versions: number;
  cas_required: boolean;
  /** Seconds; 0 = not set, -1 = disabled for every key (Vault's `disabled` duration). */
  delete_version_after: number;
}

/** One stored version: the secret itself. */
export interface VersionRecord {
  created_time: string;
  data: Record<string, unknown>;
}

/** Versions kept when neither the mount nor the key sets max_versions. */
export const DEFAULT_MAX_VERSIONS = 10;
export const DELETE_VERSION_AFTER_DISABLED = -1;

export const EMPTY_CONFIG: KvConfig = { max_versions: 0, cas_required: false, delete_version_after: 0 };

export function newKeyMetadata(key: string, now = ''): KeyMetadata {
  return {
    key,
    versions: {},
    current_version: 0,
    oldest_version: 0,
    created_time: now,
    updated_time: now,
    max_versions: 0,
    cas_required: false,
    delete_version_after: 0,
    custom_metadata: null,
  };
}

export function versionOf(meta: KeyMetadata, n: number): VersionMetadata | undefined {
  return Object.hasOwn(meta.versions, String(n)) ? meta.versions[String(n)] : undefined;
}

/**
 * Adds the next version and slides the window of kept versions: the larger of the key's and the
 * mount's max_versions applies (10 when neither is set). Returns the new version's metadata and
 * the highest version number that fell out of the window (0 when none).
 */
export function addVersion(
  meta: KeyMetadata,
  created: string,
  deletion: string,
  configMaxVersions: number,
): { version: VersionMetadata; versionToDelete: number } {
  const version: VersionMetadata = { created_time: created, deletion_time: deletion, destroyed: false };
  meta.current_version += 1;
  meta.versions[String(meta.current_version)] = version;
  meta.updated_time = created;
  if (!meta.created_time) meta.created_time = created;
  const max = Math.max(meta.max_versions, configMaxVersions) || DEFAULT_MAX_VERSIONS;
  if (meta.current_version - meta.oldest_version >= max) {
    const versionToDelete = meta.current_version - max;
    for (let i = meta.oldest_version; i <= versionToDelete; i++) delete meta.versions[String(i)];
    meta.oldest_version = versionToDelete + 1;
    return { version, versionToDelete };
  }
  return { version, versionToDelete: 0 };
}

/** When a version made at `createdNs` is deleted: the smaller non-zero of the two settings; undefined for never. */
export function deletionTimeFor(createdNs: bigint, config: KvConfig, meta: KeyMetadata): bigint | undefined {
  if (config.delete_version_after === DELETE_VERSION_AFTER_DISABLED) return undefined;
  const mount = config.delete_version_after;
  const key = meta.delete_version_after;
  if (mount === 0 && key === 0) return undefined;
  let min = key;
  if ((mount !== 0 && mount < min) || min === 0) min = mount;
  return createdNs + BigInt(min) * 1_000_000_000n;
}

/** Whether the version's deletion time has passed. */
export function isDeleted(version: VersionMetadata, nowNs: bigint): boolean {
  return version.deletion_time !== '' && parseTimestamp(version.deletion_time) < nowNs;
}

/** The per-version block of data read, write and patch responses (keys in Go's sorted order). */
export function versionView(meta: KeyMetadata, n: number, version: VersionMetadata): Record<string, unknown> {
  return {
    created_time: version.created_time,
    custom_metadata: meta.custom_metadata,
    deletion_time: version.deletion_time,
    destroyed: version.destroyed,
    version: n,
  };
}

/** metadata/<path> read. */
export function metadataView(meta: KeyMetadata): Record<string, unknown> {
  const versions: Record<string, unknown> = {};
  for (const [n, v] of Object.entries(meta.versions)) {
    versions[n] = { created_time: v.created_time, deletion_time: v.deletion_time, destroyed: v.destroyed };
  }
  return {
    cas_required: meta.cas_required,
    created_time: meta.created_time,
    current_version: meta.current_version,
    custom_metadata: meta.custom_metadata,
    delete_version_after: formatGoDuration(meta.delete_version_after),
    max_versions: meta.max_versions,
    oldest_version: meta.oldest_version,
    updated_time: meta.updated_time,
    versions,
  };
}

/** config read. */
export function configView(config: KvConfig): Record<string, unknown> {
  return {
    cas_required: config.cas_required,
    delete_version_after: formatGoDuration(config.delete_version_after),
    max_versions: config.max_versions,
  };
}
