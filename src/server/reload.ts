/**
 * SIGHUP (`systemctl reload vault`): re-read the configuration and apply what can change while
 * running — the log level, and the TLS certificate, key and minimum version of each listener
 * (new connections get them; open ones keep theirs). Everything else needs a restart: each such
 * change is logged by its HCL name and nothing of it is applied. Nothing is applied at all unless
 * the whole new configuration loads and every listener's certificate and key load and match: a
 * broken edit logs its error with file:line:col and leaves the running configuration in force.
 * systemd hears RELOADING=1 before and READY=1 after, whatever the outcome.
 */
import type { ListenerConfig, ServerConfig, SourcePos } from '../config/types.js';
import { loadTlsOptions, type BoundListener, type TlsOptions } from '../http/listener.js';
import type { RootLogger } from '../log/logger.js';
import type { Notifier } from './notify.js';
import { logConfigWarnings, readConfig, type ConfigSource } from './phases.js';

export type ReloadOutcome = 'applied' | 'failed';

export interface ReloadContext {
  source: ConfigSource;
  /** The configuration the server started with: what restart-only settings are compared against. */
  running: ServerConfig;
  logger: RootLogger;
  listeners: readonly BoundListener[];
  notifier: Notifier;
  /** Told the new configuration once it is applied (sys/config/state/sanitized shows it). */
  onApplied?: (next: ServerConfig) => void;
}

/** ServerConfig fields by the HCL name an operator knows them by. */
const HCL_NAMES: Readonly<Record<string, string>> = {
  storage: 'storage',
  haStorage: 'ha_storage',
  seals: 'seal',
  pluginDirectory: 'plugin_directory',
  logFormat: 'log_format',
  ui: 'ui',
  apiAddr: 'api_addr',
  clusterAddr: 'cluster_addr',
  clusterName: 'cluster_name',
  disableMlock: 'disable_mlock',
  defaultLeaseTtl: 'default_lease_ttl',
  maxLeaseTtl: 'max_lease_ttl',
};
/** Applied live (log level, listener TLS) or not settings at all. */
const LIVE_OR_META = new Set(['logLevel', 'listeners', 'files', 'warnings']);

/** A value with every `pos` left out, so that moving a block in the file is no change. */
function comparable(value: unknown): string {
  return JSON.stringify(value, (key, v: unknown) => (key === 'pos' ? undefined : v));
}

function where(pos: SourcePos): string {
  return `${pos.file}${pos.line ? `:${pos.line}:${pos.col ?? 1}` : ''}`;
}

/** Settings whose change needs a restart, with what changed. */
export function restartOnlyChanges(running: ServerConfig, next: ServerConfig): string[] {
  const changes: string[] = [];
  const keys = new Set([...Object.keys(running), ...Object.keys(next)]);
  for (const key of keys) {
    if (LIVE_OR_META.has(key)) continue;
    const a = (running as unknown as Record<string, unknown>)[key];
    const b = (next as unknown as Record<string, unknown>)[key];
    if (comparable(a) !== comparable(b)) changes.push(HCL_NAMES[key] ?? key);
  }
  if (running.listeners.length !== next.listeners.length) {
    changes.push(`listener count (${running.listeners.length} → ${next.listeners.length})`);
  }
  running.listeners.forEach((l, i) => {
    const n = next.listeners[i];
    if (!n) return;
    if (n.address !== l.address) changes.push(`listener ${i + 1} address (${l.address} → ${n.address})`);
    else if (n.tlsDisable !== l.tlsDisable) changes.push(`listener ${i + 1} tls_disable`);
  });
  return changes;
}

/** The listeners whose new block can be applied live: same place in the file, same address, same TLS on/off. */
function liveListeners(ctx: ReloadContext, next: ServerConfig): { bound: BoundListener; config: ListenerConfig }[] {
  const out: { bound: BoundListener; config: ListenerConfig }[] = [];
  ctx.listeners.forEach((bound, i) => {
    const config = next.listeners[i];
    if (config && config.address === bound.config.address && config.tlsDisable === bound.config.tlsDisable) {
      out.push({ bound, config });
    }
  });
  return out;
}

async function reloadOnce(ctx: ReloadContext): Promise<ReloadOutcome> {
  const { logger } = ctx;
  let next: ServerConfig;
  const prepared: { bound: BoundListener; options: TlsOptions }[] = [];
  try {
    next = await readConfig(ctx.source);
    for (const { bound, config } of liveListeners(ctx, next)) {
      if (config.tlsDisable) continue;
      try {
        prepared.push({ bound, options: loadTlsOptions(config) });
      } catch (err) {
        throw new Error(`${where(config.pos)}: ${(err as Error).message}`, { cause: err });
      }
    }
  } catch (err) {
    logger.error('could not reload configuration; keeping the running one', { error: (err as Error).message });
    return 'failed';
  }
  logConfigWarnings(logger, next);
  // log_level, and every per-logger level set through sys/loggers goes away (as Vault's reload).
  logger.setLevel(next.logLevel);
  ctx.onApplied?.(next);
  for (const { bound, options } of prepared) bound.setTls(options);
  for (const setting of restartOnlyChanges(ctx.running, next)) {
    logger.warn('configuration change needs a restart to take effect; not applied', { setting });
  }
  logger.info('reloaded configuration', {
    log_level: next.logLevel,
    ...(prepared.length > 0 ? { tls_reloaded: prepared.map((p) => p.bound.address).join(',') } : {}),
  });
  return 'applied';
}

/**
 * A reload function that runs one reload at a time: SIGHUPs that arrive while a reload waits to
 * start share it (it reads the files as they are by then), so the last edit always wins.
 */
export function createReloader(ctx: ReloadContext): () => Promise<ReloadOutcome> {
  let chain: Promise<unknown> = Promise.resolve();
  let waiting: Promise<ReloadOutcome> | undefined;
  const run = async (): Promise<ReloadOutcome> => {
    waiting = undefined;
    await ctx.notifier.reloading();
    try {
      return await reloadOnce(ctx);
    } finally {
      await ctx.notifier.ready();
    }
  };
  return () => {
    if (waiting) return waiting;
    const next = chain.then(run);
    waiting = next;
    chain = next.catch(() => undefined);
    return next;
  };
}
