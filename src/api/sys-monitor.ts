/**
 * sys/monitor ([V] api/sys_monitor.go): GET sys/monitor?log_level=&log_format= and the server's
 * log lines as they arrive, split like Go's bufio.ScanLines (a trailing "\r" dropped, a last
 * line without a newline still given). The lines end when the server closes the answer, the
 * connection breaks or `signal` aborts.
 */
import type { Sender } from './sender.js';

/** The lines of a byte stream, as bufio.Scanner with ScanLines yields them. */
export async function* scanLines(body: ReadableStream<Uint8Array>): AsyncGenerator<string> {
  const decoder = new TextDecoder();
  const reader = body.getReader();
  let pending = '';
  try {
    for (;;) {
      let chunk: ReadableStreamReadResult<Uint8Array>;
      try {
        chunk = await reader.read();
      } catch {
        break; // a broken or aborted stream ends the scan, as Scan() returning false does
      }
      if (chunk.done) break;
      pending += decoder.decode(chunk.value, { stream: true });
      let nl = pending.indexOf('\n');
      while (nl !== -1) {
        yield pending.slice(0, nl).replace(/\r$/, '');
        pending = pending.slice(nl + 1);
        nl = pending.indexOf('\n');
      }
    }
    pending += decoder.decode();
    if (pending !== '') yield pending.replace(/\r$/, '');
  } finally {
    reader.releaseLock();
    await body.cancel().catch(() => undefined);
  }
}

export const sysMonitor = {
  /** Opens the monitor stream (level "info" and format "standard" when empty, as Vault's client). */
  async monitor(this: Sender, logLevel: string, logFormat: string, signal?: AbortSignal): Promise<AsyncGenerator<string>> {
    const res = await this.stream('GET', 'sys/monitor', {
      query: { log_level: [logLevel || 'info'], log_format: [logFormat || 'standard'] },
      ...(signal ? { signal } : {}),
    });
    return scanLines(res.body);
  },
};
