import type { MountEntry } from './mount-table.js';
import { routePath } from './mount-table.js';
import type { Backend, StorageView } from './types.js';

export interface Mounted {
  entry: MountEntry;
  backend: Backend;
  storage: StorageView;
}

/** Longest-prefix routing over the mounted backends (Vault's router, a radix tree there). */
export class Router {
  #mounts = new Map<string, Mounted>();

  mount(m: Mounted): void {
    this.#mounts.set(routePath(m.entry), m);
  }

  unmount(path: string): Mounted | undefined {
    const m = this.#mounts.get(path);
    this.#mounts.delete(path);
    return m;
  }

  get(path: string): Mounted | undefined {
    return this.#mounts.get(path);
  }

  /** Whether a new mount at `path` would overlap an existing one (either is a prefix of the other). */
  conflicts(path: string): string | undefined {
    for (const p of this.#mounts.keys()) if (p.startsWith(path) || path.startsWith(p)) return p;
    return undefined;
  }

  /** The mount with the longest prefix of the request path, and the path inside it. */
  match(path: string): { mounted: Mounted; mountPoint: string; rest: string } | undefined {
    let best: string | undefined;
    const withSlash = path.endsWith('/') ? path : `${path}/`;
    for (const p of this.#mounts.keys()) {
      if ((path.startsWith(p) || withSlash === p) && (!best || p.length > best.length)) best = p;
    }
    if (!best) return undefined;
    return { mounted: this.#mounts.get(best)!, mountPoint: best, rest: path.length > best.length ? path.slice(best.length) : '' };
  }

  all(): Mounted[] {
    return [...this.#mounts.values()];
  }

  clear(): Mounted[] {
    const all = this.all();
    this.#mounts.clear();
    return all;
  }
}
