/**
 * One write at a time, in call order: a device's writes, reopen and close never overlap (Vault's
 * sinks hold a lock for each). A failed task rejects its own caller only.
 */
export class Serial {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(task: () => Promise<T>): Promise<T> {
    const result = this.tail.then(task, task);
    this.tail = result.catch(() => undefined);
    return result;
  }
}
