/**
 * `vault operator diagnose`: the server's start-up checked step by step without starting it, as
 * Vault's command/operator_diagnose.go does — the configuration parses; storage is there, owned
 * and moded right, and takes a write/read/delete of a probe key under `diagnose/latency/` (removed
 * again); the seal plugin loads and its wrapper is created; the auto-unseal KMS or transit server
 * answers an encrypt/decrypt round trip; TLS files load and the key matches the certificate; the
 * listener addresses can be bound. Every network step has a short time limit. Nothing is left
 * behind: a missing storage directory is reported, not created.
 */
import { randomUUID } from 'node:crypto';
import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { ServerConfig } from '../config/types.js';
import { nullLogger } from '../log/logger.js';
import type { LogFields, Logger } from '../log/types.js';
import { isShamirType } from '../seal/create-seals.js';
import type { SealWrapper } from '../seal/plugin-api.js';
import type { Backend } from '../storage/types.js';
import { Check, finish, type DiagnoseResult } from './diagnose-result.js';
import { checkListenerBind, checkListenerTls } from './diagnose-listeners.js';
import {
  activeSealType,
  createSealWrapper,
  loadActiveSealPlugin,
  openStorage,
  pluginDirectoryOf,
  readConfig,
  type ConfigSource,
} from './phases.js';

/** What -skip accepts, as Vault's: the checks that misbehave next to a running server. */
export const DIAGNOSE_SKIPS = ['listener', 'storage', 'autounseal'] as const;

export interface DiagnoseOptions {
  source: ConfigSource;
  skip?: ReadonlySet<string>;
  /** Limit for each step that may wait on a disk or the network; default 10 s. */
  timeoutMs?: number;
}

export interface DiagnoseReport {
  root: DiagnoseResult;
  /** The checks could not go on (the configuration did not load): Vault exits 4 then. */
  aborted: boolean;
}

/** Vault's threshold for the storage latency warning. */
const LATENCY_WARNING_MS = 100;

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function codeOf(err: unknown): string {
  return (err as NodeJS.ErrnoException).code ?? messageOf(err);
}

/** A logger that keeps the plugin's warnings and errors, to show them under its check. */
function capturingLogger(lines: string[]): Logger {
  const keep = (msg: string, fields?: LogFields): void => {
    const kv = Object.entries(fields ?? {}).map(([k, v]) => `${k}=${String(v)}`);
    lines.push(kv.length > 0 ? `${msg}: ${kv.join(' ')}` : msg);
  };
  const noop = (): void => {};
  const logger: Logger = { trace: noop, debug: noop, info: noop, warn: keep, error: keep, named: () => logger };
  return logger;
}

type DirState = 'ready' | 'missing' | 'broken';

async function checkStorageDirectory(check: Check, configured: string | undefined): Promise<DirState> {
  if (!configured) {
    check.fail("'path' must be set");
    return 'broken';
  }
  const root = resolve(configured);
  const uid = process.getuid?.();
  let st;
  try {
    st = await stat(root);
  } catch (err) {
    if (codeOf(err) !== 'ENOENT') {
      check.fail(`Storage directory ${root} cannot be read: ${codeOf(err)}.`);
      return 'broken';
    }
    try {
      await access(dirname(root), constants.W_OK | constants.X_OK);
      check.warn(`Storage directory ${root} does not exist; the server will create it (mode 0700) at start.`);
      return 'missing';
    } catch (e) {
      check.fail(`Storage directory ${root} does not exist and cannot be created: ${codeOf(e)}.`);
      return 'broken';
    }
  }
  if (!st.isDirectory()) {
    check.fail(`Storage path ${root} is not a directory.`);
    return 'broken';
  }
  const mode = `0${(st.mode & 0o777).toString(8)}`;
  if ((st.mode & 0o077) !== 0) {
    check.warn(`Storage directory ${root} has mode ${mode}; 0700 is expected (it holds the encrypted data and the sealed root key).`);
  }
  if (uid !== undefined && st.uid !== uid) {
    check.warn(`Storage directory ${root} is owned by uid ${st.uid}, but diagnose runs as uid ${uid}; run diagnose as the user the server runs as.`);
  }
  try {
    await access(root, constants.W_OK | constants.X_OK);
  } catch (err) {
    check.fail(`Storage directory ${root} is not writable by uid ${uid ?? '?'}: ${codeOf(err)}.`);
    check.advise(`The server's user must own ${root}: chown -R vault:vault ${root} && chmod 0700 ${root}`);
    return 'broken';
  }
  if (check.result.warnings.length === 0) check.ok(`${root} exists, mode ${mode}, owned by uid ${st.uid} and writable.`);
  return 'ready';
}

/** Vault's end-to-end check: put, get and delete a probe key, warning when one takes over 100 ms. */
async function probeStorage(check: Check, backend: Backend): Promise<void> {
  const key = `diagnose/latency/${randomUUID()}`;
  const value = new TextEncoder().encode('diagnoseSecret');
  const timings: [string, number][] = [];
  const timed = async <T>(op: string, fn: () => Promise<T>): Promise<T> => {
    const start = performance.now();
    const out = await fn();
    timings.push([op, performance.now() - start]);
    return out;
  };
  try {
    await timed('write', () => backend.put(key, value));
    const read = await timed('read', () => backend.get(key));
    if (read === null) throw new Error('No value found when reading generated data.');
    if (Buffer.compare(Buffer.from(read), Buffer.from(value)) !== 0) throw new Error('Storage get and put gave wrong values.');
  } finally {
    await timed('delete', () => backend.delete(key));
  }
  const [op, ms] = timings.reduce((a, b) => (b[1] > a[1] ? b : a));
  if (ms > LATENCY_WARNING_MS) check.warn(`Latency above 100 ms: duration: ${ms.toFixed(0)}ms, operation: ${op}`);
  else check.ok(`write, read and delete of ${key} took at most ${ms.toFixed(1)} ms.`);
}

async function checkStorage(check: Check, config: ServerConfig, timeoutMs: number): Promise<void> {
  let dir: DirState = 'ready';
  if (config.storage.type === 'file') dir = await checkStorageDirectory(check.child('Check Storage Directory'), config.storage.config.path);
  const create = check.child('Create Storage Backend');
  const probe = check.child('Check Storage Access');
  if (dir !== 'ready') {
    const why = dir === 'missing' ? 'The storage directory does not exist yet.' : 'The storage directory is unusable.';
    create.skip(why);
    probe.skip(why);
    return;
  }
  const backend = await create.run(() => openStorage(config, nullLogger()), timeoutMs);
  if (!backend) {
    probe.skip('Diagnose could not initialize storage backend.');
    return;
  }
  create.ok(`${config.storage.type} storage opened.`);
  try {
    await probe.run((c) => probeStorage(c, backend), timeoutMs);
  } finally {
    await backend.close?.();
  }
}

async function checkSeal(check: Check, config: ServerConfig, env: NodeJS.ProcessEnv, timeoutMs: number): Promise<SealWrapper | undefined> {
  const type = activeSealType(config);
  const load = check.child('Load Seal Plugin');
  const create = check.child('Create Seal Wrapper');
  const plugin = await load.run(() => loadActiveSealPlugin(config, nullLogger()), timeoutMs);
  if (!plugin) {
    load.advise(`The plugin directory is ${pluginDirectoryOf(config)} (plugin_directory); each seal type is a folder there with a plugin.json.`);
    create.skip('No seal plugin to create the seal with.');
    return undefined;
  }
  load.ok(`"${type}" from ${pluginDirectoryOf(config)}.`);
  const lines: string[] = [];
  const wrapper = await create.run(() => createSealWrapper(config, plugin, capturingLogger(lines), env), timeoutMs);
  for (const line of lines) create.warn(line);
  if (wrapper) create.ok(`${type} seal created.`);
  return wrapper;
}

/** Vault's "Check Autounseal Encryption": a value through the seal and back. */
async function checkAutounseal(check: Check, wrapper: SealWrapper | undefined, timeoutMs: number): Promise<void> {
  if (!wrapper) {
    check.fail('Diagnose could not create a barrier seal object.');
    return;
  }
  if (isShamirType(wrapper.type)) {
    check.skip('Skipping barrier encryption test. Only supported for auto-unseal.');
    return;
  }
  await check.run(async (c) => {
    const value = new TextEncoder().encode(`diagnose-${randomUUID()}`);
    const start = performance.now();
    const blob = await wrapper.encrypt(value);
    const back = await wrapper.decrypt(blob);
    if (Buffer.compare(Buffer.from(back), Buffer.from(value)) !== 0) throw new Error('Barrier returned incorrect decrypted value for mock data.');
    c.ok(`${wrapper.type} round trip in ${(performance.now() - start).toFixed(0)} ms, key id ${wrapper.keyId()}.`);
  }, timeoutMs);
  if (check.result.status === 'failure') {
    check.advise(`The ${wrapper.type} seal's KMS (or transit server) must answer from this host: check its endpoint, credentials and key.`);
  }
}

export async function runDiagnose(opts: DiagnoseOptions): Promise<DiagnoseReport> {
  const skip = opts.skip ?? new Set<string>();
  const timeoutMs = opts.timeoutMs ?? 10_000;
  const root = new Check('Vault Diagnose');
  const parse = root.child('Parse Configuration');
  let config: ServerConfig;
  try {
    config = await readConfig(opts.source);
  } catch (err) {
    parse.fail(`Could not parse configuration: ${messageOf(err)}.`);
    finish(root.result);
    return { root: root.result, aborted: true };
  }
  parse.ok('Vault configuration syntax is ok.');
  for (const w of config.warnings) parse.warn(`${w.pos.file}${w.pos.line ? `:${w.pos.line}:${w.pos.col ?? 1}` : ''}: ${w.message}.`);

  const storage = root.child('Check Storage');
  if (skip.has('storage')) storage.skip('Skipped (-skip=storage).');
  else await checkStorage(storage, config, timeoutMs);

  const wrapper = await checkSeal(root.child('Create Vault Server Configuration Seals'), config, opts.source.env, timeoutMs);

  const listeners = root.child('Start Listeners');
  await checkListenerTls(listeners.child('Check Listener TLS'), config.listeners);
  const bind = listeners.child('Create Listeners');
  if (skip.has('listener')) bind.skip('Skipped (-skip=listener).');
  else await checkListenerBind(bind, config.listeners);

  const autounseal = root.child('Check Autounseal Encryption');
  if (skip.has('autounseal')) autounseal.skip('Skipped (-skip=autounseal).');
  else await checkAutounseal(autounseal, wrapper, timeoutMs);
  await wrapper?.close?.().catch(() => undefined);

  finish(root.result);
  return { root: root.result, aborted: false };
}
