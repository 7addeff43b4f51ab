/**
 * Watches the `-config` files and the seal plugin directory (chokidar). Nothing here changes the
 * running server:
 * - an edit to a config file (or a `.hcl`/`.json` file added to or removed from a config
 *   directory) is loaded and validated as SIGHUP would, then logged: "config changed; reload to
 *   apply", or the error with its file:line:col;
 * - a plugin added, changed or removed under the plugin directory is logged by type; it is never
 *   imported, and the running seal keeps the code it started with (a restart loads the new one).
 * Events are debounced so that an editor's write-rename-chmod sequence is one change. chokidar is
 * imported when watching starts, after the listeners are up, not with the daemon's modules.
 */
import { stat } from 'node:fs/promises';
import { basename, dirname, relative, resolve, sep } from 'node:path';
import type { FSWatcher } from 'chokidar';
import type { Logger } from '../log/types.js';
import { readConfig, type ConfigSource } from './phases.js';

export interface WatchOptions {
  source: ConfigSource;
  pluginDirectory: string;
  /** The seal type in use: a change to its plugin is logged as a warning. */
  activeSealType: string;
  logger: Logger;
  debounceMs?: number;
}

export interface ConfigWatcher {
  close(): Promise<void>;
}

type Closer = () => Promise<void>;

const READY_WAIT_MS = 5_000;

const CONFIG_FILE = /\.(hcl|json)$/;

/** Vault skips editor temp files in a config directory; so does the watcher. */
function isEditorTemp(name: string): boolean {
  return name.endsWith('~') || name.startsWith('.#') || (name.startsWith('#') && name.endsWith('#'));
}

/** What to watch for the -config paths: directories to watch and a filter for their entries. */
async function configTargets(paths: readonly string[]): Promise<{ dirs: string[]; relevant: (p: string) => boolean }> {
  const files = new Set<string>();
  const dirs = new Set<string>();
  const configDirs = new Set<string>();
  for (const raw of paths) {
    const path = resolve(raw);
    const isDir = await stat(path).then((s) => s.isDirectory(), () => false);
    if (isDir) {
      dirs.add(path);
      configDirs.add(path);
    } else {
      // The parent, not the file: an editor's atomic save replaces the file's inode.
      dirs.add(dirname(path));
      files.add(path);
    }
  }
  const relevant = (p: string): boolean => {
    const path = resolve(p);
    if (files.has(path)) return true;
    const name = basename(path);
    return configDirs.has(dirname(path)) && CONFIG_FILE.test(name) && !isEditorTemp(name);
  };
  return { dirs: [...dirs], relevant };
}

/** Resolves on the watcher's first scan being done, or after `ms` at most: start-up never waits on it for long. */
function readyWithin(watcher: FSWatcher, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    timer.unref();
    watcher.once('ready', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

function debounced(ms: number, fn: () => void): { (): void; cancel(): void } {
  let timer: NodeJS.Timeout | undefined;
  const call = (): void => {
    clearTimeout(timer);
    timer = setTimeout(fn, ms);
    timer.unref();
  };
  call.cancel = () => clearTimeout(timer);
  return call;
}

async function watchConfig(opts: WatchOptions, debounceMs: number): Promise<Closer | undefined> {
  if (opts.source.configPaths.length === 0) return undefined;
  const { dirs, relevant } = await configTargets(opts.source.configPaths);
  const logger = opts.logger;
  const changed = new Set<string>();
  const validate = debounced(debounceMs, () => {
    const files = [...changed].join(',');
    changed.clear();
    readConfig(opts.source).then(
      () => logger.info('config changed; reload to apply', { files }),
      (err: unknown) =>
        logger.error('config changed but does not load; the running configuration is kept', {
          error: (err as Error).message,
        }),
    );
  });
  const { watch } = await import('chokidar');
  const watcher = watch(dirs, { ignoreInitial: true, persistent: false, depth: 0 });
  const onEvent = (path: string): void => {
    if (!relevant(path)) return;
    changed.add(path);
    validate();
  };
  watcher.on('add', onEvent).on('change', onEvent).on('unlink', onEvent);
  watcher.on('error', (err) => logger.warn('watching the configuration failed', { error: (err as Error).message }));
  await readyWithin(watcher, READY_WAIT_MS);
  return async () => {
    validate.cancel();
    await watcher.close();
  };
}

const inDependencies = (path: string): boolean => path.split(sep).includes('node_modules');

async function watchPlugins(opts: WatchOptions, debounceMs: number): Promise<Closer | undefined> {
  const root = resolve(opts.pluginDirectory);
  if (!(await stat(root).then((s) => s.isDirectory(), () => false))) return undefined;
  const logger = opts.logger;
  const known = new Set<string>();
  const pending = new Map<string, { paths: Set<string>; removed: boolean; report: ReturnType<typeof debounced> }>();
  const typeOf = (path: string): string | undefined => {
    const rel = relative(root, resolve(path));
    if (rel === '' || rel.startsWith('..')) return undefined;
    return rel.split(sep)[0];
  };
  const report = (type: string): void => {
    const entry = pending.get(type);
    pending.delete(type);
    if (!entry) return;
    const active = type === opts.activeSealType;
    const fields = { type, paths: [...entry.paths].join(','), active };
    const level = active ? logger.warn.bind(logger) : logger.info.bind(logger);
    if (entry.removed) {
      known.delete(type);
      level('seal plugin removed from the plugin directory; the running seal is not affected', fields);
    } else if (!known.has(type)) {
      known.add(type);
      level('new seal plugin detected; it is not loaded until a restart configures it', fields);
    } else {
      level('seal plugin changed on disk; the running seal is not affected (restart to load it)', fields);
    }
  };
  const { watch } = await import('chokidar');
  // A plugin's own files, not its node_modules: most of the folders are dependencies, and scanning
  // them at start took as much CPU as the first auto-unseal attempt beside it.
  const watcher = watch(root, { ignoreInitial: false, persistent: false, depth: 3, ignored: inDependencies });
  let ready = false;
  const onEvent = (kind: 'add' | 'change' | 'unlink') => (path: string): void => {
    const type = typeOf(path);
    if (type === undefined) return;
    if (!ready) {
      known.add(type);
      return;
    }
    let entry = pending.get(type);
    if (!entry) {
      const flush = debounced(debounceMs, () => report(type));
      entry = { paths: new Set(), removed: false, report: flush };
      pending.set(type, entry);
    }
    entry.paths.add(relative(root, path) || type);
    // The whole folder gone is a removal (its files' unlinks come with it); a file gone is a change.
    const isFolder = relative(root, resolve(path)) === type;
    if (isFolder) entry.removed = kind === 'unlink';
    entry.report();
  };
  watcher.on('add', onEvent('add')).on('addDir', onEvent('add')).on('change', onEvent('change'));
  watcher.on('unlink', onEvent('change')).on('unlinkDir', onEvent('unlink'));
  watcher.on('error', (err) => logger.warn('watching the plugin directory failed', { error: (err as Error).message }));
  await readyWithin(watcher, READY_WAIT_MS);
  ready = true;
  return async () => {
    for (const entry of pending.values()) entry.report.cancel();
    await watcher.close();
  };
}

/** Starts both watchers; resolves once they are ready (events before that are not reported). */
export async function startWatching(opts: WatchOptions): Promise<ConfigWatcher> {
  const debounceMs = opts.debounceMs ?? 150;
  const closers = (await Promise.all([watchConfig(opts, debounceMs), watchPlugins(opts, debounceMs)])).filter(
    (c): c is Closer => c !== undefined,
  );
  opts.logger.debug('watching for changes', {
    config: opts.source.configPaths.join(','),
    plugin_directory: opts.pluginDirectory,
  });
  return {
    async close() {
      await Promise.all(closers.map((c) => c()));
    },
  };
}
