/**
 * The acknowledged records of the group-commit log not yet checkpointed into their files
 * (file-commit.ts): the last state of each key (a value, or null for a delete), and an index of
 * what each folder holds, so that a listing costs the size of its folder, not of the overlay.
 */
import { segmentsOf } from './keys.js';

/** One logged state of a key; the object identifies the record (a checkpoint removes it only if unchanged). */
export interface OverlayEntry {
  value: Uint8Array | null;
}

/** Per child of a folder: how many overlay keys lie at or under it, and how many of those are puts. */
interface ChildCount {
  keys: number;
  puts: number;
}

export class Overlay {
  readonly #entries = new Map<string, OverlayEntry>();
  /** folder ("" or ending in "/") → child name (leaf, or folder with "/") → counts. */
  readonly #children = new Map<string, Map<string, ChildCount>>();

  get size(): number {
    return this.#entries.size;
  }

  get(key: string): OverlayEntry | undefined {
    return this.#entries.get(key);
  }

  set(key: string, entry: OverlayEntry): void {
    const old = this.#entries.get(key);
    this.#entries.set(key, entry);
    this.#count(key, old, entry);
  }

  /** Removes key if it still holds `entry` (a later write is kept). */
  removeIf(key: string, entry: OverlayEntry): void {
    if (this.#entries.get(key) !== entry) return;
    this.#entries.delete(key);
    this.#count(key, entry, undefined);
  }

  /** A copy of every entry, for a checkpoint. */
  snapshot(): Map<string, OverlayEntry> {
    return new Map(this.#entries);
  }

  /**
   * The children of prefix the overlay has something under: a leaf with whether it is a put, a
   * folder (ending in "/") with whether any key under it is a put.
   */
  under(prefix: string): [string, boolean][] {
    const children = this.#children.get(prefix);
    return children ? [...children].map(([name, c]) => [name, c.puts > 0]) : [];
  }

  #count(key: string, before: OverlayEntry | undefined, after: OverlayEntry | undefined): void {
    const dKeys = (after ? 1 : 0) - (before ? 1 : 0);
    const dPuts = (after && after.value !== null ? 1 : 0) - (before && before.value !== null ? 1 : 0);
    if (dKeys === 0 && dPuts === 0) return;
    const segments = segmentsOf(key);
    let folder = '';
    for (let i = 0; i < segments.length; i++) {
      const leaf = i === segments.length - 1;
      const name = leaf ? segments[i]! : `${segments[i]!}/`;
      let children = this.#children.get(folder);
      if (!children) this.#children.set(folder, (children = new Map()));
      const c = children.get(name) ?? { keys: 0, puts: 0 };
      c.keys += dKeys;
      c.puts += dPuts;
      if (c.keys === 0) {
        children.delete(name);
        if (children.size === 0) this.#children.delete(folder);
      } else children.set(name, c);
      folder += name;
    }
  }
}
