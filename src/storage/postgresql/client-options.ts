/**
 * libpq keywords → node-postgres pool options: address, credentials, TLS by `sslmode` (with
 * sslrootcert/sslcert/sslkey read from their files), timeouts and the pool's size.
 *
 * sslmode as libpq: `disable` and `allow` connect in the clear; `prefer` (the default) tries TLS
 * without verifying the server and falls back to a plain connection when the server has no TLS
 * (database.ts does the fall-back); `require` encrypts without verifying (verifies the CA when
 * sslrootcert is given, as libpq); `verify-ca` checks the chain; `verify-full` the chain and the name.
 */
import { readFileSync } from 'node:fs';
import type { ConnectionOptions } from 'node:tls';
import type { PoolConfig } from 'pg';
import { StorageError } from '../../errors.js';
import type { ConnInfo } from './conninfo.js';

/** Keywords this backend understands; others (pgx's pool_max_conns, …) are ignored with a warning. */
export const KNOWN_KEYWORDS = new Set([
  'host', 'hostaddr', 'port', 'user', 'password', 'dbname', 'sslmode', 'sslrootcert', 'sslcert', 'sslkey',
  'connect_timeout', 'application_name', 'options',
]);

const SSL_MODES = ['disable', 'allow', 'prefer', 'require', 'verify-ca', 'verify-full'] as const;
type SslMode = (typeof SSL_MODES)[number];

export interface Timeouts {
  /** Giving up on opening a connection (connect_timeout in the connection string wins). */
  connectMs: number;
  /** Server-side statement_timeout of every statement; the client gives up a little later. */
  queryMs: number;
}

export interface PoolSizing {
  max: number;
  /** Vault's max_idle_connections; 0 or less: close connections as soon as they are idle. */
  maxIdle: number | undefined;
}

export interface ClientOptions {
  /** Options for the pool; `ssl` as sslmode says. */
  config: PoolConfig;
  /** `prefer`: the options to fall back to when the server does not speak TLS. */
  plainFallback: PoolConfig | undefined;
  /** Keywords of the connection string that were not understood (for a warning). */
  ignored: string[];
}

/** How long idle connections stay open when max_idle_connections allows them (pg-pool's default). */
const IDLE_TIMEOUT_MS = 10_000;
/** The client-side query timeout's margin over statement_timeout (for a server that stops answering). */
const CLIENT_TIMEOUT_MARGIN_MS = 2_000;

function invalid(message: string): StorageError {
  return new StorageError('CONFIG_INVALID', message);
}

function readPem(keyword: string, path: string): Buffer {
  try {
    return readFileSync(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
    throw invalid(`cannot read ${keyword} ${path}: ${code}`);
  }
}

function tlsOptions(info: ConnInfo, mode: SslMode, servername: string | undefined): ConnectionOptions | false {
  if (mode === 'disable' || mode === 'allow') return false;
  const tls: ConnectionOptions = {};
  if (info['sslcert']) tls.cert = readPem('sslcert', info['sslcert']);
  if (info['sslkey']) tls.key = readPem('sslkey', info['sslkey']);
  const ca = info['sslrootcert'] ? readPem('sslrootcert', info['sslrootcert']) : undefined;
  if (ca) tls.ca = ca;
  if (servername !== undefined && !/^[\d.:]+$/.test(servername)) tls.servername = servername;
  const verifyChain = mode === 'verify-ca' || mode === 'verify-full' || (mode === 'require' && ca !== undefined);
  tls.rejectUnauthorized = verifyChain;
  if (verifyChain && mode !== 'verify-full') tls.checkServerIdentity = () => undefined;
  return tls;
}

function port(info: ConnInfo): number | undefined {
  const raw = info['port'];
  if (raw === undefined || raw === '') return undefined;
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || n < 1 || n > 65535) throw invalid(`invalid port ${JSON.stringify(raw)} in the connection settings`);
  return n;
}

function connectTimeout(info: ConnInfo, fallbackMs: number): number {
  const raw = info['connect_timeout'];
  if (raw === undefined || raw === '') return fallbackMs;
  if (!/^\d+$/.test(raw)) throw invalid(`invalid connect_timeout ${JSON.stringify(raw)} (seconds)`);
  // libpq: 0 means wait forever; tsvault never waits forever, so 0 keeps the default.
  const seconds = Number(raw);
  return seconds === 0 ? fallbackMs : Math.max(2, seconds) * 1000;
}

export function clientOptions(info: ConnInfo, timeouts: Timeouts, sizing: PoolSizing): ClientOptions {
  const modeRaw = info['sslmode'] ?? 'prefer';
  if (!(SSL_MODES as readonly string[]).includes(modeRaw)) {
    throw invalid(`invalid sslmode ${JSON.stringify(modeRaw)}: use one of ${SSL_MODES.join(', ')}`);
  }
  const mode = modeRaw as SslMode;
  const name = info['host'];
  const host = info['hostaddr'] || name;
  const socket = host?.startsWith('/') ?? false;
  const base: PoolConfig = {
    host,
    port: port(info),
    user: info['user'],
    password: info['password'],
    database: info['dbname'],
    application_name: info['application_name'] ?? 'tsvault',
    options: info['options'],
    connectionTimeoutMillis: connectTimeout(info, timeouts.connectMs),
    statement_timeout: timeouts.queryMs,
    query_timeout: timeouts.queryMs + CLIENT_TIMEOUT_MARGIN_MS,
    keepAlive: true,
    max: sizing.max,
    idleTimeoutMillis: sizing.maxIdle !== undefined && sizing.maxIdle <= 0 ? 1 : IDLE_TIMEOUT_MS,
  };
  for (const key of Object.keys(base) as (keyof PoolConfig)[]) if (base[key] === undefined) delete base[key];
  const ignored = Object.keys(info).filter((k) => !KNOWN_KEYWORDS.has(k));
  // libpq never uses TLS over a Unix socket.
  const ssl = socket ? false : tlsOptions(info, mode, name);
  const config: PoolConfig = { ...base, ssl };
  const plainFallback = mode === 'prefer' && ssl !== false ? { ...base, ssl: false } : undefined;
  return { config, plainFallback, ignored };
}
