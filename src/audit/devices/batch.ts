/**
 * Group writes for a device: entries that arrive while the device's previous write is in flight go
 * out together, in arrival order, in its next write (one system call instead of one each). Each
 * caller's promise settles with the write that carried its entry, so an entry is on its way to the
 * file before its request goes on, and a failed write fails every request it carried (fail closed).
 * The writes themselves run in the device's Serial, between its reopen and close.
 */
import type { Serial } from './serial.js';

interface Pending {
  data: Buffer;
  resolve: () => void;
  reject: (err: unknown) => void;
}

export class WriteBatcher {
  readonly #serial: Serial;
  readonly #write: (data: Buffer) => Promise<void>;
  #pending: Pending[] = [];
  #scheduled = false;

  constructor(serial: Serial, write: (data: Buffer) => Promise<void>) {
    this.#serial = serial;
    this.#write = write;
  }

  add(data: Buffer): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.#pending.push({ data, resolve, reject });
      if (this.#scheduled) return;
      this.#scheduled = true;
      void this.#serial.run(() => this.#flush());
    });
  }

  async #flush(): Promise<void> {
    this.#scheduled = false;
    const batch = this.#pending;
    this.#pending = [];
    try {
      await this.#write(batch.length === 1 ? batch[0]!.data : Buffer.concat(batch.map((p) => p.data)));
      for (const p of batch) p.resolve();
    } catch (err) {
      for (const p of batch) p.reject(err);
    }
  }
}
