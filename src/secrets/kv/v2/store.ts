/**
 * Where KV v2 keeps things inside its mount's view. Everything lives under `.kv-v2/`, so that a
 * version 1 mount upgraded in place (its keys sit at the top of the same view) never collides
 * with it; Vault does the same under the mount's UUID.
 *
 *   .kv-v2/config                    mount settings (JSON KvConfig)
 *   .kv-v2/salt                      32 random bytes (hex), keys the version folders
 *   .kv-v2/upgrading                 the v1 → v2 upgrade marker {started_time, done}
 *   .kv-v2/metadata/<path>           one JSON KeyMetadata per secret, under the secret's own path
 *   .kv-v2/versions/<h:3>/<h:61>/<n> version n of a secret (JSON VersionRecord), h = hex
 *                                    HMAC-SHA256(salt, path): every version of one secret in one
 *                                    folder, which names neither the secret nor its neighbours
 *
 * Writes put the version first and then the metadata that points at it, so an acknowledged
 * version is never missing; removals drop the metadata first, so metadata never points at a
 * missing version. What a crash can leave behind is an unreferenced version file, which the next
 * write of that version number overwrites and which pruning or a metadata delete sweeps up.
 */
import { createHmac, createSecretKey, randomBytes, type KeyObject } from 'node:crypto';
import { getExactJson, getJson, putExactJson, putJson } from '../../../logical/storage-view.js';
import type { StorageView } from '../../../logical/types.js';
import { EMPTY_CONFIG, type KeyMetadata, type KvConfig, type VersionRecord } from './model.js';

export const V2_PREFIX = '.kv-v2/';
const CONFIG_KEY = `${V2_PREFIX}config`;
const SALT_KEY = `${V2_PREFIX}salt`;
export const UPGRADE_KEY = `${V2_PREFIX}upgrading`;
const METADATA_PREFIX = `${V2_PREFIX}metadata/`;
const VERSIONS_PREFIX = `${V2_PREFIX}versions/`;

/**
 * The salt, created on first use, as the KeyObject every V2Store of the mount shares (made once:
 * given raw bytes, every createHmac would build one). Callers serialise this (the backend does it
 * once, before serving).
 */
export async function loadOrCreateSalt(view: StorageView): Promise<KeyObject> {
  const raw = await view.get(SALT_KEY);
  const salt = raw ? Buffer.from(Buffer.from(raw).toString('utf8'), 'hex') : randomBytes(32);
  if (!raw) await view.put(SALT_KEY, Buffer.from(salt.toString('hex')));
  const key = createSecretKey(salt);
  salt.fill(0);
  return key;
}

export class V2Store {
  readonly #view: StorageView;
  readonly #salt: KeyObject;

  constructor(view: StorageView, salt: KeyObject) {
    this.#view = view;
    this.#salt = salt;
  }

  async config(): Promise<KvConfig> {
    return { ...EMPTY_CONFIG, ...((await getJson<Partial<KvConfig>>(this.#view, CONFIG_KEY)) ?? {}) };
  }

  async putConfig(config: KvConfig): Promise<void> {
    await putJson(this.#view, CONFIG_KEY, config);
  }

  async metadata(key: string): Promise<KeyMetadata | null> {
    return getJson<KeyMetadata>(this.#view, METADATA_PREFIX + key);
  }

  async putMetadata(meta: KeyMetadata): Promise<void> {
    await putJson(this.#view, METADATA_PREFIX + meta.key, meta);
  }

  async deleteMetadata(key: string): Promise<void> {
    await this.#view.delete(METADATA_PREFIX + key);
  }

  /** Children of a metadata folder ("" or ending in "/"): secrets by name, folders with "/". */
  async listMetadata(folder: string): Promise<string[]> {
    return this.#view.list(METADATA_PREFIX + folder);
  }

  #versionFolder(key: string): string {
    const h = createHmac('sha256', this.#salt).update(key, 'utf8').digest('hex');
    return `${VERSIONS_PREFIX}${h.slice(0, 3)}/${h.slice(3)}/`;
  }

  async version(key: string, n: number): Promise<VersionRecord | null> {
    return getExactJson<VersionRecord>(this.#view, `${this.#versionFolder(key)}${n}`);
  }

  async putVersion(key: string, n: number, record: VersionRecord): Promise<void> {
    await putExactJson(this.#view, `${this.#versionFolder(key)}${n}`, record);
  }

  async deleteVersion(key: string, n: number): Promise<void> {
    await this.#view.delete(`${this.#versionFolder(key)}${n}`);
  }

  /** Deletes the stored versions `keep` rejects (all of them without `keep`), oldest first. */
  async sweepVersions(key: string, keep: (n: number) => boolean = () => false): Promise<void> {
    const folder = this.#versionFolder(key);
    const numbers = (await this.#view.list(folder))
      .filter((name) => /^\d+$/.test(name))
      .map(Number)
      .sort((a, b) => a - b);
    for (const n of numbers) if (!keep(n)) await this.#view.delete(`${folder}${n}`);
  }
}
