/**
 * Revocation over the parent index (Vault's revokeInternal / revokeTreeInternal): a token is
 * first marked revocation-pending so it stops working at once, then its indexes go, then (unless
 * its whole tree is going) its children are made orphans, and its entry is deleted last. Trees are
 * walked depth-first with an explicit stack, children before parents, so depth is not bounded by
 * the call stack and a crash half-way leaves every survivor still reachable from its parent.
 */
import type { StorageView } from '../logical/types.js';
import type { Logger } from '../log/types.js';
import type { KeyedLock } from './keyed-lock.js';
import { REVOCATION_PENDING, type TokenEntry } from './token-entry.js';

export interface TokenTreeDeps {
  /** The token store's `sys/token/` view. */
  view: StorageView;
  locks: KeyedLock;
  load(hash: string): Promise<TokenEntry | null>;
  save(entry: TokenEntry): Promise<void>;
  onRevoke?: ((entry: TokenEntry) => Promise<void>) | undefined;
  logger?: Logger | undefined;
}

export class TokenTree {
  readonly #d: TokenTreeDeps;
  /** Hashes being revoked right now: a second revocation of the same token is a no-op. */
  readonly #pending = new Set<string>();

  constructor(deps: TokenTreeDeps) {
    this.#d = deps;
  }

  async #children(hash: string): Promise<string[]> {
    return (await this.#d.view.list(`parent/${hash}/`)).filter((k) => !k.endsWith('/'));
  }

  /** Revoke one token; with `skipOrphan` false its children become orphans. */
  async revokeOne(hash: string, skipOrphan: boolean): Promise<void> {
    if (this.#pending.has(hash)) return;
    this.#pending.add(hash);
    try {
      const entry = await this.#d.locks.run(hash, async () => {
        const found = await this.#d.load(hash);
        if (found && found.num_uses !== REVOCATION_PENDING) {
          found.num_uses = REVOCATION_PENDING;
          await this.#d.save(found);
        }
        return found;
      });
      if (!entry) return;
      await this.#d.onRevoke?.(entry);
      const { view } = this.#d;
      if (entry.parent !== '') await view.delete(`parent/${entry.parent}/${hash}`);
      if (entry.accessor !== '') await view.delete(`accessor/${entry.accessor}`);
      if (!skipOrphan) {
        for (const child of await this.#children(hash)) {
          await this.#d.locks.run(child, async () => {
            const c = await this.#d.load(child);
            if (c && c.parent === hash) {
              c.parent = '';
              c.orphan = true;
              await this.#d.save(c);
            }
          });
          await view.delete(`parent/${hash}/${child}`);
        }
      }
      await view.delete(`id/${hash}`);
    } finally {
      this.#pending.delete(hash);
    }
  }

  /** Revoke a token and all its descendants, leaves first. */
  async revokeTree(root: string): Promise<void> {
    const stack: { hash: string; parent: string }[] = [{ hash: root, parent: '' }];
    const seen = new Set<string>();
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      seen.add(top.hash);
      const children: string[] = [];
      for (const child of await this.#children(top.hash)) {
        if (seen.has(child)) {
          // A cycle (or an index left by an entry already gone): drop the index, never loop.
          await this.#d.view.delete(`parent/${top.hash}/${child}`);
          this.#d.logger?.warn('token cycle found');
        } else children.push(child);
      }
      if (children.length > 0) {
        for (const child of children) stack.push({ hash: child, parent: top.hash });
        continue;
      }
      await this.revokeOne(top.hash, true);
      // The index entry under the parent goes even when the child's entry was already missing.
      if (top.parent !== '') await this.#d.view.delete(`parent/${top.parent}/${top.hash}`);
      stack.pop();
    }
  }
}
