import type { LogSink } from './logger.js';

/**
 * Holds log lines back until the start banner is out, then streams them (Vault's gated writer),
 * so that `==> Vault server started!` comes before the first log line.
 */
export class GatedSink implements LogSink {
  #target: LogSink;
  #held: string[] | undefined = [];

  constructor(target: LogSink) {
    this.#target = target;
  }

  write(line: string): void {
    if (this.#held) this.#held.push(line);
    else this.#target.write(line);
  }

  open(): void {
    const held = this.#held ?? [];
    this.#held = undefined;
    for (const line of held) this.#target.write(line);
  }
}
