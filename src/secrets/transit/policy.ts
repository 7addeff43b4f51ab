/**
 * A transit key ("policy" in keysutil): its versions and settings, stored as Vault stores them at
 * `policy/<name>` (JSON, big integers as bare numbers) with every version also kept in
 * `archive/<name>`. Versions below min_decryption_version live only in the archive, as in Vault.
 * Policies are treated as immutable once cached: writers clone, change, persist, then swap.
 */
import { InternalError } from './errors.js';
import type { KeyTypeId } from './key-types.js';

export interface KeyEntry {
  /** Symmetric key, HMAC key of an `hmac` key, or the 64-byte Ed25519 private key. */
  readonly key: Buffer | null;
  readonly hmacKey: Buffer | null;
  /** Creation time as Go's time.Time JSON. */
  readonly time: string;
  /** Creation time in Unix seconds (Vault's deprecated `creation_time`, still filled). */
  readonly creationTime: number;
  readonly ecX?: bigint;
  readonly ecY?: bigint;
  readonly ecD?: bigint;
  /** PEM (ECDSA) or base64 (Ed25519) public key. */
  readonly publicKey?: string;
  readonly convergentVersion?: number;
}

export interface Policy {
  name: string;
  type: KeyTypeId;
  keys: Map<number, KeyEntry>;
  keySize: number;
  derived: boolean;
  kdf: number;
  convergentEncryption: boolean;
  convergentVersion: number;
  exportable: boolean;
  minDecryptionVersion: number;
  minEncryptionVersion: number;
  latestVersion: number;
  archiveVersion: number;
  archiveMinVersion: number;
  minAvailableVersion: number;
  deletionAllowed: boolean;
  allowPlaintextBackup: boolean;
  versionTemplate: string;
  autoRotatePeriodSeconds: number;
  imported: boolean;
  /** Stored fields this server does not interpret, written back unchanged. */
  extra: Record<string, unknown>;
}

/** keysutil: Kdf_hkdf_sha256, the KDF of every derived key made since Vault 0.9. */
export const KDF_HKDF_SHA256 = 1;
/** keysutil currentConvergentVersion. */
export const CONVERGENT_VERSION = 3;
export const ZERO_TIME = '0001-01-01T00:00:00Z';
const ZERO_ENTRY: KeyEntry = { key: null, hmacKey: null, time: ZERO_TIME, creationTime: 0 };

const BIG_MARK = '__transit_bigint__';
const BIG_FIELDS = /"(ec_x|ec_y|ec_d|auto_rotate_period)":(-?\d+)/g;

function b64(buf: Buffer | null): string | null {
  return buf ? buf.toString('base64') : null;
}

function entryJson(e: KeyEntry): Record<string, unknown> {
  const out: Record<string, unknown> = { key: b64(e.key), hmac_key: b64(e.hmacKey), time: e.time };
  if (e.ecX !== undefined) out.ec_x = e.ecX;
  if (e.ecY !== undefined) out.ec_y = e.ecY;
  if (e.ecD !== undefined) out.ec_d = e.ecD;
  if (e.publicKey) out.public_key = e.publicKey;
  if (e.convergentVersion) out.convergent_version = e.convergentVersion;
  out.creation_time = e.creationTime;
  return out;
}

function parseEntry(raw: Record<string, unknown>): KeyEntry {
  const bytes = (v: unknown) => (typeof v === 'string' ? Buffer.from(v, 'base64') : null);
  const big = (v: unknown) => (typeof v === 'string' && v !== '' ? BigInt(v) : undefined);
  const entry: KeyEntry = {
    key: bytes(raw.key),
    hmacKey: bytes(raw.hmac_key),
    time: typeof raw.time === 'string' ? raw.time : ZERO_TIME,
    creationTime: typeof raw.creation_time === 'number' ? raw.creation_time : 0,
    ...(big(raw.ec_x) !== undefined ? { ecX: big(raw.ec_x)!, ecY: big(raw.ec_y)!, ecD: big(raw.ec_d) } : {}),
    ...(typeof raw.public_key === 'string' && raw.public_key ? { publicKey: raw.public_key } : {}),
    ...(typeof raw.convergent_version === 'number' && raw.convergent_version ? { convergentVersion: raw.convergent_version } : {}),
  };
  return entry;
}

/** JSON with bigint values written as bare numbers, as Go writes big.Int and time.Duration. */
function stringify(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? `${BIG_MARK}${v}` : v)).replace(
    new RegExp(`"${BIG_MARK}(-?\\d+)"`, 'g'),
    '$1',
  );
}

/** JSON.parse that keeps the big-integer fields exact (as decimal strings). */
function parseBig(text: string): Record<string, unknown> {
  return JSON.parse(text.replace(BIG_FIELDS, '"$1":"$2"')) as Record<string, unknown>;
}

export function serializePolicy(p: Policy): string {
  const keys: Record<string, unknown> = {};
  for (const [v, e] of [...p.keys].sort((a, b) => a[0] - b[0])) keys[String(v)] = entryJson(e);
  return stringify({
    name: p.name,
    ...(p.keySize ? { key_size: p.keySize } : {}),
    keys,
    derived: p.derived,
    kdf: p.kdf,
    convergent_encryption: p.convergentEncryption,
    exportable: p.exportable,
    min_decryption_version: p.minDecryptionVersion,
    min_encryption_version: p.minEncryptionVersion,
    latest_version: p.latestVersion,
    archive_version: p.archiveVersion,
    archive_min_version: p.archiveMinVersion,
    min_available_version: p.minAvailableVersion,
    deletion_allowed: p.deletionAllowed,
    convergent_version: p.convergentVersion,
    type: p.type,
    backup_info: null,
    restore_info: null,
    allow_plaintext_backup: p.allowPlaintextBackup,
    version_template: p.versionTemplate,
    storage_prefix: '',
    auto_rotate_period: BigInt(p.autoRotatePeriodSeconds) * 1_000_000_000n,
    Imported: p.imported,
    AllowImportedKeyRotation: false,
    ...p.extra,
  });
}

export function parsePolicy(text: string): Policy {
  const raw = parseBig(text);
  const num = (k: string) => (typeof raw[k] === 'number' ? (raw[k] as number) : 0);
  const bool = (k: string) => raw[k] === true;
  const keys = new Map<number, KeyEntry>();
  for (const [v, e] of Object.entries((raw.keys ?? {}) as Record<string, Record<string, unknown>>)) keys.set(Number(v), parseEntry(e));
  const extra: Record<string, unknown> = {};
  for (const k of ['ParameterSet', 'HybridConfig']) if (k in raw) extra[k] = raw[k];
  const period = typeof raw.auto_rotate_period === 'string' ? BigInt(raw.auto_rotate_period) / 1_000_000_000n : 0n;
  return {
    name: String(raw.name ?? ''),
    type: num('type') as KeyTypeId,
    keys,
    keySize: num('key_size'),
    derived: bool('derived'),
    kdf: num('kdf'),
    convergentEncryption: bool('convergent_encryption'),
    convergentVersion: num('convergent_version'),
    exportable: bool('exportable'),
    minDecryptionVersion: num('min_decryption_version') || 1,
    minEncryptionVersion: num('min_encryption_version'),
    latestVersion: num('latest_version') || keys.size,
    archiveVersion: num('archive_version'),
    archiveMinVersion: num('archive_min_version'),
    minAvailableVersion: num('min_available_version'),
    deletionAllowed: bool('deletion_allowed'),
    allowPlaintextBackup: bool('allow_plaintext_backup'),
    versionTemplate: typeof raw.version_template === 'string' ? raw.version_template : '',
    autoRotatePeriodSeconds: Number(period),
    imported: bool('Imported'),
    extra,
  };
}

export function serializeArchive(entries: readonly KeyEntry[]): string {
  return stringify({ keys: entries.map(entryJson) });
}

export function parseArchive(text: string): KeyEntry[] {
  const raw = parseBig(text) as { keys?: Record<string, unknown>[] };
  return (raw.keys ?? []).map(parseEntry);
}

/** A copy safe to change: entries are shared (they are never changed in place). */
export function clonePolicy(p: Policy): Policy {
  return { ...p, keys: new Map(p.keys), extra: { ...p.extra } };
}

/**
 * keysutil handleArchiving, run before every persist: brings the archive up to the latest version
 * and drops versions below min_decryption_version from the policy, or brings them back from the
 * archive when the minimum was lowered. Returns the archive to write, or null when none is needed.
 */
export function applyArchiving(p: Policy, archive: KeyEntry[]): KeyEntry[] | null {
  const keysContainsMinimum = p.keys.has(p.minDecryptionVersion);
  if (p.minDecryptionVersion < 1) throw new InternalError(`minimum decryption version of ${p.minDecryptionVersion} is less than 1`);
  if (p.latestVersion < 1) throw new InternalError(`latest version of ${p.latestVersion} is less than 1`);
  if (!keysContainsMinimum && p.archiveVersion !== p.latestVersion) {
    throw new InternalError('need to move keys from archive but archive version not up-to-date');
  }
  if (p.archiveVersion > p.latestVersion) {
    throw new InternalError(`archive version of ${p.archiveVersion} is greater than the latest version ${p.latestVersion}`);
  }
  if (p.minEncryptionVersion > 0 && p.minEncryptionVersion < p.minDecryptionVersion) {
    throw new InternalError(
      `minimum decryption version of ${p.minDecryptionVersion} is greater than minimum encryption version ${p.minEncryptionVersion}`,
    );
  }
  if (p.minDecryptionVersion > p.latestVersion) {
    throw new InternalError(`minimum decryption version of ${p.minDecryptionVersion} is greater than the latest version ${p.latestVersion}`);
  }
  if (!keysContainsMinimum) {
    for (let i = p.minDecryptionVersion; i <= p.latestVersion; i++) {
      p.keys.set(i, archive[i - p.minAvailableVersion] ?? ZERO_ENTRY);
    }
    return null;
  }
  const next = archive.slice();
  while (next.length + p.minAvailableVersion < p.latestVersion + 1) next.push(ZERO_ENTRY);
  for (let i = p.archiveVersion + 1; i <= p.latestVersion; i++) {
    next[i - p.minAvailableVersion] = p.keys.get(i) ?? ZERO_ENTRY;
    p.archiveVersion = i;
  }
  for (let i = p.latestVersion - p.keys.size + 1; i < p.minDecryptionVersion; i++) p.keys.delete(i);
  return next;
}

/** keysutil getTemplateParts: the text before and after `{{version}}` ("vault:v" and ":"). */
export function templateParts(p: Policy): [string, string] {
  const parts = (p.versionTemplate || 'vault:v{{version}}:').split('{{version}}');
  if (parts.length !== 2) throw new InternalError('error parsing version template');
  return [parts[0]!, parts[1]!];
}

export function versionPrefix(p: Policy, ver: number): string {
  const [head, tail] = templateParts(p);
  return `${head}${ver}${tail}`;
}
