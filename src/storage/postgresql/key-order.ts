/**
 * Writes to one key, applied in the order they were issued: the pool runs statements on several
 * connections at once, so two unawaited puts of one key could otherwise commit in either order.
 * Different keys still run in parallel.
 */
export class KeyOrder {
  readonly #tails = new Map<string, Promise<void>>();

  run(key: string, op: () => Promise<void>): Promise<void> {
    const run = (this.#tails.get(key) ?? Promise.resolve()).then(op);
    const tail = run.catch(() => undefined);
    this.#tails.set(key, tail);
    void tail.then(() => {
      if (this.#tails.get(key) === tail) this.#tails.delete(key);
    });
    return run;
  }

  /** Resolves once every write issued so far has finished. */
  async drain(): Promise<void> {
    await Promise.all([...this.#tails.values()]);
  }
}
