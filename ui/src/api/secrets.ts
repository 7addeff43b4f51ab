/**
 * The Secrets pages' calls: the secret engines' mount table, and the KV engine in both versions
 * (Vault's API: v1 answers at <mount>/<path>; v2 under <mount>/data/, metadata/, delete/,
 * undelete/ and destroy/). A path never starts or ends with "/" here; a folder ends with one.
 */
import { ApiError, type ApiClient } from './client.js';

export interface SecretMount {
  /** The mount path with its trailing slash (`secret/`). */
  path: string;
  type: string;
  description: string;
  options: Record<string, string> | null;
}

/** The KV version a mount runs: 2 when its options say so (Vault's isKVv2), else 1; 0 when not KV. */
export function kvVersion(mount: Pick<SecretMount, 'type' | 'options'>): 0 | 1 | 2 {
  if (mount.type !== 'kv' && mount.type !== 'generic') return 0;
  return mount.options?.['version'] === '2' ? 2 : 1;
}

/** One version in a v2 secret's metadata. `deletion_time` is "" when not deleted. */
export interface VersionMeta {
  created_time: string;
  deletion_time: string;
  destroyed: boolean;
}

export interface KvMetadata {
  current_version: number;
  oldest_version: number;
  max_versions: number;
  created_time: string;
  updated_time: string;
  versions: Record<string, VersionMeta>;
}

export type SecretData = Record<string, unknown>;

/** A version is readable unless destroyed or deleted (a deletion time in the past). */
export function versionState(v: VersionMeta, now = Date.now()): 'live' | 'deleted' | 'destroyed' {
  if (v.destroyed) return 'destroyed';
  if (v.deletion_time && Date.parse(v.deletion_time) <= now) return 'deleted';
  return 'live';
}

const enc = (path: string): string => path.split('/').map(encodeURIComponent).join('/');

function join(mount: string, ...parts: string[]): string {
  return [mount.replace(/\/+$/, ''), ...parts.filter((p) => p !== '')].map(enc).join('/');
}

/** The engines the UI can enable (the ones it can browse). */
export const ENGINE_CHOICES = ['kv-v2', 'kv', 'transit'] as const;
export type EngineChoice = (typeof ENGINE_CHOICES)[number];

type MountTable = Record<string, Omit<SecretMount, 'path'>>;

function toMounts(table: MountTable): SecretMount[] {
  return Object.entries(table)
    .map(([path, m]) => ({ path, type: m.type, description: m.description ?? '', options: m.options ?? null }))
    .sort((a, b) => a.path.localeCompare(b.path));
}

/** undefined for a 404 (nothing there), the answer otherwise; other failures throw. */
async function orNotFound<T>(call: Promise<T | undefined>): Promise<T | undefined> {
  try {
    return await call;
  } catch (err) {
    if (err instanceof ApiError && err.status === 404) return undefined;
    throw err;
  }
}

export const secrets = {
  /**
   * The secret engines this token may see: sys/internal/ui/mounts (as Vault's UI reads them: only
   * mounts the token's policies reach), or sys/mounts when that fails (a server without it).
   */
  async mounts(api: ApiClient): Promise<SecretMount[]> {
    try {
      const res = await api.get<{ data?: { secret?: MountTable } }>('sys/internal/ui/mounts');
      return toMounts(res?.data?.secret ?? {});
    } catch (err) {
      if (!(err instanceof ApiError) || err.status !== 404) throw err;
    }
    const res = await api.get<{ data?: MountTable }>('sys/mounts');
    return toMounts(res?.data ?? {});
  },

  /**
   * Enables a secrets engine at a path (POST sys/mounts/<path>, as `vault secrets enable`): KV v2
   * is type kv with options.version "2". The server's refusal (a path in use, a reserved path, no
   * permission) is thrown as its ApiError.
   */
  async enable(api: ApiClient, path: string, engine: EngineChoice, description: string): Promise<string> {
    const mount = path.trim().replace(/^\/+|\/+$/g, '');
    if (mount === '') throw new Error('a mount path is required');
    const body: Record<string, unknown> = { type: engine === 'transit' ? 'transit' : 'kv' };
    if (description.trim() !== '') body['description'] = description.trim();
    if (engine !== 'transit') body['options'] = { version: engine === 'kv-v2' ? '2' : '1' };
    await api.post(`sys/mounts/${enc(mount)}`, body);
    return mount;
  },

  /** One mount, by any path inside it (sys/internal/ui/mounts/<path>). */
  async mount(api: ApiClient, path: string): Promise<SecretMount> {
    const res = await api.get<{ data: Omit<SecretMount, 'path'> & { path: string } }>(`sys/internal/ui/mounts/${enc(path.replace(/^\/+/, ''))}`);
    if (!res) throw new Error(`the server sent no answer for the mount ${path}`);
    const m = res.data;
    return { path: m.path, type: m.type, description: m.description ?? '', options: m.options ?? null };
  },
};

export const kv = {
  /** The keys in a folder (`""` is the mount's root); sub-folders end with "/". Empty when none. */
  async list(api: ApiClient, mount: string, version: 1 | 2, folder: string): Promise<string[]> {
    const dir = folder.replace(/\/+$/, '');
    const path = version === 2 ? join(mount, 'metadata', dir) : join(mount, dir);
    const res = await orNotFound(api.list<{ data?: { keys?: string[] } }>(`${path}/`));
    return [...(res?.data?.keys ?? [])].sort();
  },

  /** A secret's data (a v2 version when given, else the current one); undefined when absent, deleted or destroyed. */
  async read(api: ApiClient, mount: string, version: 1 | 2, path: string, at?: number): Promise<SecretData | undefined> {
    if (version === 1) return (await orNotFound(api.get<{ data: SecretData }>(join(mount, path))))?.data;
    const query = at === undefined ? '' : `?version=${at}`;
    const res = await orNotFound(api.get<{ data: { data: SecretData | null } }>(`${join(mount, 'data', path)}${query}`));
    return res?.data.data ?? undefined;
  },

  /** Writes the whole secret: v1 replaces it, v2 adds a version (its number is returned). */
  async write(api: ApiClient, mount: string, version: 1 | 2, path: string, data: SecretData): Promise<number | undefined> {
    if (version === 1) {
      await api.put(join(mount, path), data);
      return undefined;
    }
    const res = await api.put<{ data?: { version?: number } }>(join(mount, 'data', path), { data });
    return res?.data?.version;
  },

  /** v1: removes the secret. v2: soft-deletes the current version. */
  async delete(api: ApiClient, mount: string, version: 1 | 2, path: string): Promise<void> {
    await api.delete(version === 2 ? join(mount, 'data', path) : join(mount, path));
  },

  async metadata(api: ApiClient, mount: string, path: string): Promise<KvMetadata | undefined> {
    return (await orNotFound(api.get<{ data: KvMetadata }>(join(mount, 'metadata', path))))?.data;
  },

  async deleteVersions(api: ApiClient, mount: string, path: string, versions: number[]): Promise<void> {
    await api.put(join(mount, 'delete', path), { versions });
  },

  async undelete(api: ApiClient, mount: string, path: string, versions: number[]): Promise<void> {
    await api.put(join(mount, 'undelete', path), { versions });
  },

  async destroy(api: ApiClient, mount: string, path: string, versions: number[]): Promise<void> {
    await api.put(join(mount, 'destroy', path), { versions });
  },

  /** The secret with every version and its metadata, for good. */
  async deleteMetadata(api: ApiClient, mount: string, path: string): Promise<void> {
    await api.delete(join(mount, 'metadata', path));
  },
};
