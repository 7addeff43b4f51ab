/** What the migration tests share: filled backends, whole-backend dumps, failing and HA fakes. */
import { nullLogger } from '../../../../src/log/logger.js';
import type { HABackend, HALock, LockHolder } from '../../../../src/storage/ha.js';
import { createFileBackend } from '../../../../src/storage/file.js';
import { createInmemBackend } from '../../../../src/storage/inmem.js';
import { walkKeys } from '../../../../src/storage/migrate/walk.js';
import type { Backend } from '../../../../src/storage/types.js';

export const bytes = (s: string): Uint8Array => new TextEncoder().encode(s);

/** Keys of awkward shapes and values of every byte, so that "byte for byte" means something. */
export function sampleEntries(count = 40): Map<string, Uint8Array> {
  const entries = new Map<string, Uint8Array>();
  for (let i = 0; i < count; i++) {
    const value = new Uint8Array(1 + ((i * 37) % 300));
    for (let j = 0; j < value.length; j++) value[j] = (i * 31 + j * 7) & 0xff;
    entries.set(`logical/${String(i % 7).padStart(2, '0')}/item-${String(i).padStart(3, '0')}`, value);
  }
  entries.set('core/keyring', bytes('keyring'));
  entries.set('core/seal-config', bytes('{"type":"shamir"}'));
  entries.set('core/migration/journal', bytes('seal migration journal: copied'));
  entries.set('a', bytes('leaf beside its folder'));
  entries.set('a/b', bytes('under a'));
  entries.set('a-b', bytes('sorts before a/'));
  entries.set('a0', bytes('sorts after a/'));
  entries.set('sys/token/id/h\u00e9', bytes('non-ASCII key'));
  entries.set('zero', new Uint8Array(0));
  return entries;
}

export async function fill(backend: Backend, entries: ReadonlyMap<string, Uint8Array>): Promise<void> {
  for (const [k, v] of entries) await backend.put(k, v);
}

/** Every key → value of a backend. */
export async function dump(backend: Backend): Promise<Map<string, Uint8Array>> {
  const out = new Map<string, Uint8Array>();
  for await (const key of walkKeys(backend)) out.set(key, (await backend.get(key))!);
  return out;
}

export const inmem = (): Backend => createInmemBackend();
export const fileAt = (path: string): Promise<Backend> => createFileBackend({ path }, nullLogger());

/** A backend whose put throws once `failAfter` puts (other than of `except`) succeeded. */
export function failingPuts(inner: Backend, failAfter: number, except = 'core/migration'): Backend & { puts: string[] } {
  const puts: string[] = [];
  return {
    type: inner.type,
    puts,
    get: (k) => inner.get(k),
    delete: (k) => inner.delete(k),
    list: (p) => inner.list(p),
    async put(k, v) {
      if (k !== except) {
        if (puts.length >= failAfter) throw new Error('disk full');
        puts.push(k);
      }
      return inner.put(k, v);
    },
  };
}

/** An inmem backend that is also an HABackend whose core/lock is held or not. */
export function haBackend(held: LockHolder): Backend & HABackend {
  const inner = createInmemBackend();
  const lock: HALock = { identity: 'x', lock: async () => null, unlock: async () => {}, heldUntil: () => 0 };
  return {
    type: 'fake-ha',
    haEnabled: true,
    get: (k) => inner.get(k),
    put: (k, v) => inner.put(k, v),
    delete: (k) => inner.delete(k),
    list: (p) => inner.list(p),
    lockWith: () => lock,
    holder: async () => held,
    recordNode: async () => {},
    nodes: async () => [],
  };
}
