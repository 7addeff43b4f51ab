import type { Daemon } from './daemon.js';

export interface SignalSource {
  on(signal: NodeJS.Signals, listener: () => void): unknown;
  off(signal: NodeJS.Signals, listener: () => void): unknown;
}

/**
 * SIGHUP reloads; SIGTERM or SIGINT stops cleanly (listeners closed, barrier sealed, storage
 * closed). Resolves once stopped.
 */
export function runUntilSignalled(daemon: Daemon, source: SignalSource, out: { write(s: string): unknown }): Promise<void> {
  return new Promise((resolve) => {
    let stopping = false;
    const onHup = (): void => {
      out.write('==> Vault reload triggered\n');
      void daemon.reload();
    };
    const onStop = (): void => {
      if (stopping) return;
      stopping = true;
      out.write('==> Vault shutdown triggered\n');
      source.off('SIGHUP', onHup);
      source.off('SIGINT', onStop);
      source.off('SIGTERM', onStop);
      daemon.stop().then(resolve, (err: unknown) => {
        daemon.logger.error('error during shutdown', { error: (err as Error).message });
        resolve();
      });
    };
    source.on('SIGHUP', onHup);
    source.on('SIGINT', onStop);
    source.on('SIGTERM', onStop);
  });
}
