/**
 * Readiness of a KV v2 mount, with Vault's upgrade of version 1 data (vault-plugin-secrets-kv
 * upgrade.go): when a v1 mount is switched to v2 (or v2 is mounted over v1 data), every existing
 * key becomes version 1 of a versioned secret. An `upgrading` marker records the start and the
 * end; while keys are being moved, requests wait up to 15 ms and then get Vault's "Upgrading…"
 * error. Mounts with nothing to move are ready as soon as the marker is written.
 */
import type { KeyObject } from 'node:crypto';
import { badRequest } from '../../../logical/errors.js';
import { getJson, putJson } from '../../../logical/storage-view.js';
import type { StorageView } from '../../../logical/types.js';
import type { Logger } from '../../../log/types.js';
import { formatTimestamp, type Clock } from '../clock.js';
import { isJsonObject } from '../merge-patch.js';
import { addVersion, newKeyMetadata } from './model.js';
import { loadOrCreateSalt, UPGRADE_KEY, V2_PREFIX, V2Store } from './store.js';

/** Vault's text (upgrade.go upgradeCheck). */
export const UPGRADING_MESSAGE =
  'Upgrading from non-versioned to versioned data. This backend will be unavailable for a brief period and will resume service shortly.';

/** How long a request waits for a running upgrade before giving up (Vault: 15 ms). */
const UPGRADE_GRACE_MS = 15;

interface UpgradeInfo {
  started_time: string;
  done: boolean;
}

/** Every key of the view outside the v2 area: the v1 data to move. */
async function collectV1Keys(view: StorageView, prefix = ''): Promise<string[]> {
  const out: string[] = [];
  for (const name of await view.list(prefix)) {
    const key = prefix + name;
    if (prefix === '' && name === V2_PREFIX) continue;
    if (name.endsWith('/')) out.push(...(await collectV1Keys(view, key)));
    else out.push(key);
  }
  return out;
}

export class V2Readiness {
  readonly #logger: Logger;
  readonly #clock: Clock;
  #salt: KeyObject | undefined;
  #ready = false;
  #starting: Promise<void> | undefined;
  #upgrade: Promise<void> | undefined;

  constructor(logger: Logger, clock: Clock) {
    this.#logger = logger;
    this.#clock = clock;
  }

  /** Loads the salt and starts the upgrade if one is due; idempotent. */
  start(view: StorageView): Promise<void> {
    this.#starting ??= this.#start(view).catch((err: unknown) => {
      this.#starting = undefined;
      throw err;
    });
    return this.#starting;
  }

  /** The store for a request, once the mount is ready; Vault's 400 while an upgrade runs. */
  async store(view: StorageView): Promise<V2Store> {
    if (!this.#ready) {
      await this.start(view);
      if (!this.#ready) {
        const running = this.#upgrade ?? Promise.resolve();
        await Promise.race([running, new Promise((resolve) => setTimeout(resolve, UPGRADE_GRACE_MS).unref())]);
        if (!this.#ready) throw badRequest(UPGRADING_MESSAGE);
      }
    }
    return new V2Store(view, this.#salt!);
  }

  async #start(view: StorageView): Promise<void> {
    this.#salt = await loadOrCreateSalt(view);
    const info = await getJson<UpgradeInfo>(view, UPGRADE_KEY);
    if (info?.done) {
      this.#ready = true;
      return;
    }
    const started: UpgradeInfo = { started_time: formatTimestamp(this.#clock()), done: false };
    await putJson(view, UPGRADE_KEY, started);
    const keys = await collectV1Keys(view);
    if (keys.length === 0) {
      await putJson(view, UPGRADE_KEY, { ...started, done: true });
      this.#ready = true;
      return;
    }
    this.#logger.info('collecting keys to upgrade');
    this.#upgrade = this.#migrate(view, keys, started).then(
      () => {
        this.#ready = true;
      },
      (err: unknown) => {
        this.#logger.error('upgrading resulted in error', { error: err instanceof Error ? err.message : String(err) });
        this.#starting = undefined;
        this.#upgrade = undefined;
      },
    );
  }

  async #migrate(view: StorageView, keys: readonly string[], started: UpgradeInfo): Promise<void> {
    this.#logger.info('done collecting keys', { num_keys: keys.length });
    const store = new V2Store(view, this.#salt!);
    for (const key of keys) {
      const raw = await view.get(key);
      if (!raw) continue;
      let data: unknown;
      try {
        data = JSON.parse(Buffer.from(raw).toString('utf8'));
      } catch {
        data = undefined;
      }
      if (!isJsonObject(data)) {
        this.#logger.warn('skipping a key whose value is not a JSON object');
        continue;
      }
      const created = formatTimestamp(this.#clock());
      await store.putVersion(key, 1, { created_time: created, data });
      const meta = newKeyMetadata(key);
      addVersion(meta, created, '', 1);
      await store.putMetadata(meta);
      await view.delete(key);
    }
    await putJson(view, UPGRADE_KEY, { ...started, done: true });
    this.#logger.info('upgrading keys finished');
  }
}
