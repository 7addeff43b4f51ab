import type { Daemon } from './daemon.js';

export interface SignalSource {
  on(signal: NodeJS.Signals, listener: () => void): unknown;
  off(signal: NodeJS.Signals, listener: () => void): unknown;
}

/** The process's signal listeners, installed before start-up and kept: held, then routed. */
export interface SignalGate {
  /** Routes SIGHUP to `reload` and SIGINT/SIGTERM to `stop`; what came during start-up runs now. */
  open(handlers: { reload(): void; stop(): void }): void;
  close(): void;
  /** Aborts at the first SIGINT/SIGTERM during start-up: a start-up that waits (for storage) gives up. */
  readonly stopRequested: AbortSignal;
}

const STOP_SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM'];

/**
 * Installs the listeners before start-up, so that a signal sent as soon as the listeners answer
 * (systemd, a test, an operator) is neither fatal (SIGHUP's default) nor lost: Node can drop a
 * signal that arrives while listeners are swapped, so they never are. During start-up a SIGHUP is
 * remembered (one reload follows), a first SIGINT/SIGTERM too (a clean stop follows); a second
 * one ends the process at once, as if nothing were installed, so a hung start-up can be killed.
 */
export function holdSignals(source: SignalSource): SignalGate {
  let target: { reload(): void; stop(): void } | undefined;
  let reloadHeld = false;
  let stopHeld = false;
  const stopRequested = new AbortController();
  const onHup = (): void => {
    if (target) target.reload();
    else reloadHeld = true;
  };
  const onStop = (): void => {
    if (target) {
      target.stop();
      return;
    }
    stopHeld = true;
    stopRequested.abort();
    for (const s of STOP_SIGNALS) source.off(s, onStop);
  };
  source.on('SIGHUP', onHup);
  for (const s of STOP_SIGNALS) source.on(s, onStop);
  return {
    stopRequested: stopRequested.signal,
    open(handlers) {
      target = handlers;
      if (stopHeld) {
        for (const s of STOP_SIGNALS) source.on(s, onStop);
        handlers.stop();
      } else if (reloadHeld) {
        reloadHeld = false;
        handlers.reload();
      }
    },
    close() {
      target = undefined;
      source.off('SIGHUP', onHup);
      for (const s of STOP_SIGNALS) source.off(s, onStop);
    },
  };
}

/**
 * SIGHUP reloads; SIGTERM or SIGINT stops cleanly (listeners closed, barrier sealed, storage
 * closed). Resolves once stopped.
 */
export function runUntilSignalled(
  daemon: Daemon,
  source: SignalSource,
  out: { write(s: string): unknown },
  gate: SignalGate = holdSignals(source),
): Promise<void> {
  return new Promise((resolve) => {
    let stopping = false;
    const reload = (): void => {
      out.write('==> Vault reload triggered\n');
      void daemon.reload();
    };
    const stop = (): void => {
      if (stopping) return;
      stopping = true;
      out.write('==> Vault shutdown triggered\n');
      // As before start-up: a second SIGINT/SIGTERM during a slow shutdown ends the process.
      gate.close();
      daemon.stop().then(resolve, (err: unknown) => {
        daemon.logger.error('error during shutdown', { error: (err as Error).message });
        resolve();
      });
    };
    gate.open({ reload, stop });
  });
}
