import { parseExact } from '../json/parse.js';
import { stringifyExact } from '../json/stringify.js';
import type { StorageView } from './types.js';

/** What a view is cut from: the barrier, or another view's store. */
export interface Store {
  get(key: string): Promise<Uint8Array | null>;
  put(key: string, value: Uint8Array): Promise<void>;
  delete(key: string): Promise<void>;
  list(prefix: string): Promise<string[]>;
}

/** A prefix of the barrier (Vault's BarrierView): keys are relative, and never escape the prefix. */
export class PrefixView implements StorageView {
  readonly #store: Store;
  readonly #prefix: string;

  constructor(store: Store, prefix: string) {
    this.#store = store;
    this.#prefix = prefix;
  }

  get prefix(): string {
    return this.#prefix;
  }

  get(key: string): Promise<Uint8Array | null> {
    return this.#store.get(this.#prefix + key);
  }

  put(key: string, value: Uint8Array): Promise<void> {
    return this.#store.put(this.#prefix + key, value);
  }

  delete(key: string): Promise<void> {
    return this.#store.delete(this.#prefix + key);
  }

  list(prefix: string): Promise<string[]> {
    return this.#store.list(this.#prefix + prefix);
  }

  sub(prefix: string): StorageView {
    return new PrefixView(this.#store, this.#prefix + prefix);
  }
}

/** JSON helpers over a view, the common case for backends. */
export async function getJson<T>(view: Pick<StorageView, 'get'>, key: string): Promise<T | null> {
  const raw = await view.get(key);
  return raw ? (JSON.parse(Buffer.from(raw).toString('utf8')) as T) : null;
}

export async function putJson(view: Pick<StorageView, 'put'>, key: string, value: unknown): Promise<void> {
  await view.put(key, Buffer.from(JSON.stringify(value)));
}

/** getJson for user data: every number comes back with the text it was stored with (src/json). */
export async function getExactJson<T>(view: Pick<StorageView, 'get'>, key: string): Promise<T | null> {
  const raw = await view.get(key);
  return raw ? (parseExact(Buffer.from(raw).toString('utf8')) as T) : null;
}

/** putJson for user data: kept numbers stored as their text, any nesting depth. */
export async function putExactJson(view: Pick<StorageView, 'put'>, key: string, value: unknown): Promise<void> {
  await view.put(key, Buffer.from(stringifyExact(value)));
}
