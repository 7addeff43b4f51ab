/**
 * Loads Vault's server configuration: files and directories (`-config`, repeatable), one decoded
 * file at a time, merged as Vault's Config.Merge does, then the environment over the files and the
 * defaults under both. The result is validated and deep-frozen.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { ConfigError } from '../errors.js';
import { checkStorageSettings } from '../storage/registry.js';
import { blockItems, findNode, parseConfigSource, posOf, type ParsedSource } from './hcl.js';
import {
  DEFAULT_LEASE_TTL,
  DEV_LISTEN_ADDRESS_ENV,
  decodeListener,
  decodeSeal,
  decodeStorage,
  HA_STORAGE_KEYS,
  IGNORED_TOP_LEVEL,
  type KeySpec,
  LISTENER,
  LISTENER_KEY,
  SEAL_KEYS,
  type ScalarField,
  STORAGE_KEYS,
  TOP_LEVEL,
  unknownField,
} from './schema.js';
import type {
  ConfigWarning,
  ListenerConfig,
  SealBlockConfig,
  ServerConfig,
  SourcePos,
  StorageConfig,
  TelemetryConfig,
} from './types.js';
import { decodeTelemetry, TELEMETRY_KEY } from './telemetry.js';
import { type DraftConfig, validateConfig } from './validate.js';

interface Setting {
  value: unknown;
  pos: SourcePos;
}

/** What one file says (or several, merged), before the environment and the defaults. */
interface PartialConfig {
  scalars: Partial<Record<ScalarField, Setting>>;
  storage?: StorageConfig;
  haStorage?: StorageConfig;
  listeners: ListenerConfig[];
  seals: SealBlockConfig[];
  telemetry?: TelemetryConfig;
  warnings: ConfigWarning[];
}

const emptyPartial = (): PartialConfig => ({ scalars: {}, listeners: [], seals: [], warnings: [] });

/** Reads every `-config` path (file or directory) in order. Throws ConfigError. */
export async function loadConfig(paths: string[], env: NodeJS.ProcessEnv): Promise<ServerConfig> {
  if (paths.length === 0) {
    throw new ConfigError('CONFIG_READ', 'Must specify at least one config path using -config');
  }
  let merged = emptyPartial();
  const files: string[] = [];
  for (const path of paths) {
    for (const file of await configFiles(path)) {
      merged = mergePartial(merged, decodeFile(await parseConfigSource(await readText(file), file)));
      files.push(file);
    }
  }
  const { config, positions } = finish(merged, env, files);
  validateConfig(config, { dev: false, positions });
  return deepFreeze(config);
}

/** `vault server -dev`: in-memory storage, one plain-HTTP listener, Shamir, UI on, no mlock. */
export function devConfig(env: NodeJS.ProcessEnv, opts: { listenAddress?: string } = {}): ServerConfig {
  const pos: SourcePos = { file: '-dev' };
  const address = opts.listenAddress ?? (env[DEV_LISTEN_ADDRESS_ENV] || LISTENER.address.default!);
  const listener: ListenerConfig = { type: 'tcp', address, tlsDisable: true, tlsMinVersion: 'tls12', pos };
  const merged: PartialConfig = {
    scalars: { ui: { value: true, pos }, disableMlock: { value: true, pos } },
    storage: { type: 'inmem', config: {}, pos },
    listeners: [listener],
    seals: [],
    warnings: [],
  };
  const { config, positions } = finish(merged, env, []);
  validateConfig(config, { dev: true, positions });
  return deepFreeze(config);
}

async function readText(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (err) {
    throw readError(file, err);
  }
}

function readError(file: string, err: unknown): ConfigError {
  const reason = err instanceof Error ? err.message : String(err);
  return new ConfigError('CONFIG_READ', `unable to read configuration: ${reason}`, { file }, { cause: err });
}

/** A file as given, or a directory's `*.hcl` and `*.json` files in lexical order (not recursive). */
async function configFiles(path: string): Promise<string[]> {
  try {
    if (!(await stat(path)).isDirectory()) return [path];
    const entries = await readdir(path, { withFileTypes: true });
    return entries
      .filter((e) => !e.isDirectory() && /\.(hcl|json)$/.test(e.name) && !isEditorTemp(e.name))
      .map((e) => e.name)
      .sort()
      .map((name) => join(path, name));
  } catch (err) {
    throw readError(path, err);
  }
}

/** Vault skips vim and emacs temporary files in a config directory. */
function isEditorTemp(name: string): boolean {
  return name.endsWith('~') || name.startsWith('.#') || (name.startsWith('#') && name.endsWith('#'));
}

/** One file's tree → typed settings; unknown keys become warnings with their position. */
function decodeFile(parsed: ParsedSource): PartialConfig {
  const { data, nodes, file } = parsed;
  const out = emptyPartial();
  const nodesOf = (key: string) => nodes.filter((n) => n.key === key);
  const scalarByHcl = new Map(Object.entries(TOP_LEVEL).map(([f, s]) => [s.hcl, f as ScalarField]));
  // Vault reads `backend` only when there is no `storage` (likewise `ha_backend`).
  const storageKey = STORAGE_KEYS.find((k) => data[k] !== undefined);
  const haStorageKey = HA_STORAGE_KEYS.find((k) => data[k] !== undefined);
  const order = (key: string): number => {
    const n = findNode(nodes, key);
    return n ? n.line * 1e6 + n.col : Number.MAX_SAFE_INTEGER;
  };
  const keys = Object.keys(data).sort((a, b) => order(a) - order(b));
  for (const key of keys) {
    const raw = data[key];
    const pos = posOf(file, findNode(nodes, key));
    const field = scalarByHcl.get(key);
    if (field !== undefined) {
      try {
        out.scalars[field] = { value: (TOP_LEVEL[field] as KeySpec<unknown>).parse(raw), pos };
      } catch (err) {
        const reason = err instanceof Error ? err.message : String(err);
        throw new ConfigError('CONFIG_INVALID', `invalid value for ${key}: ${reason}`, pos, { cause: err });
      }
    } else if (key === storageKey) {
      out.storage = decodeStorage(blockItems(raw, nodesOf(key), file, key), key, checkStorageSettings);
    } else if (key === haStorageKey) {
      out.haStorage = decodeStorage(blockItems(raw, nodesOf(key), file, key), key, checkStorageSettings);
    } else if (key === LISTENER_KEY) {
      out.listeners = blockItems(raw, nodesOf(key), file, key).map((i) => decodeListener(i, out.warnings));
    } else if ((SEAL_KEYS as readonly string[]).includes(key)) {
      out.seals.push(...blockItems(raw, nodesOf(key), file, key).map((i) => decodeSeal(i, key)));
    } else if (key === TELEMETRY_KEY) {
      out.telemetry = decodeTelemetry(blockItems(raw, nodesOf(key), file, key), out.warnings);
    } else if (!IGNORED_TOP_LEVEL.has(key)) {
      out.warnings.push({ pos, message: unknownField(key) });
    }
  }
  out.seals.sort((a, b) => (a.pos.line ?? 0) - (b.pos.line ?? 0) || (a.pos.col ?? 0) - (b.pos.col ?? 0));
  return out;
}

/** Vault's Config.Merge: blocks replace or append, scalars follow their key's merge rule. */
function mergePartial(a: PartialConfig, b: PartialConfig): PartialConfig {
  const scalars: PartialConfig['scalars'] = { ...a.scalars };
  for (const [field, next] of Object.entries(b.scalars) as [ScalarField, Setting][]) {
    const prev = a.scalars[field];
    const rule = TOP_LEVEL[field].merge;
    if (prev === undefined || rule === 'last') scalars[field] = next;
    else if (rule === 'or' && next.value === true) scalars[field] = next;
    else if (rule === 'max' && (next.value as number) > (prev.value as number)) scalars[field] = next;
  }
  const merged: PartialConfig = {
    scalars,
    listeners: [...a.listeners, ...b.listeners],
    seals: [...a.seals, ...b.seals],
    warnings: [...a.warnings, ...b.warnings],
  };
  const storage = b.storage ?? a.storage;
  const haStorage = b.haStorage ?? a.haStorage;
  if (storage) merged.storage = storage;
  if (haStorage) merged.haStorage = haStorage;
  // Vault's SharedConfig.Merge: a later file's telemetry block replaces the earlier one.
  const telemetry = b.telemetry ?? a.telemetry;
  if (telemetry) merged.telemetry = telemetry;
  return merged;
}

/** Environment over files over defaults; records where each top-level value came from. */
function finish(
  merged: PartialConfig,
  env: NodeJS.ProcessEnv,
  files: string[],
): { config: DraftConfig; positions: Map<string, SourcePos> } {
  const positions = new Map<string, SourcePos>();
  const values: Partial<Record<ScalarField, unknown>> = {};
  for (const [field, spec] of Object.entries(TOP_LEVEL) as [ScalarField, KeySpec<unknown>][]) {
    const fromEnv = envSetting(spec, env);
    const setting = fromEnv ?? merged.scalars[field];
    if (setting) {
      values[field] = setting.value;
      positions.set(spec.hcl, setting.pos);
    } else if (spec.default !== undefined) values[field] = spec.default;
  }
  // Vault treats a zero TTL as "use the default".
  const ttl = (v: unknown): number => (v === 0 ? DEFAULT_LEASE_TTL : (v as number));
  const config = {
    ...values,
    defaultLeaseTtl: ttl(values.defaultLeaseTtl),
    maxLeaseTtl: ttl(values.maxLeaseTtl),
    storage: merged.storage,
    listeners: merged.listeners,
    seals: merged.seals,
    files,
    warnings: merged.warnings,
  } as DraftConfig;
  if (merged.haStorage) config.haStorage = merged.haStorage;
  if (merged.telemetry) config.telemetry = merged.telemetry;
  for (const field of Object.keys(config) as (keyof DraftConfig)[]) {
    if (config[field] === undefined) delete config[field];
  }
  return { config, positions };
}

function envSetting(spec: KeySpec<unknown>, env: NodeJS.ProcessEnv): Setting | undefined {
  for (const name of spec.env ?? []) {
    const raw = env[name];
    if (raw === undefined || raw === '') continue;
    try {
      return { value: (spec.envParse ?? spec.parse)(raw), pos: { file: `environment variable ${name}` } };
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      throw new ConfigError('CONFIG_INVALID', `Error parsing the environment variable ${name}: ${reason}`, {}, {
        cause: err,
      });
    }
  }
  return undefined;
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}
