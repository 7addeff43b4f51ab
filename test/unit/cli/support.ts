/**
 * Test support for the CLI and API client: a tiny real node:http server answering /v1 with
 * canned Vault JSON and recording what it received, and a CliIO over in-memory streams.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { afterEach, beforeEach } from 'vitest';
import type { CliIO } from '../../../src/cli/io.js';
import { BUILD_DATE, VERSION } from '../../../src/version.js';

export interface Recorded {
  method: string;
  url: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: string;
  json: unknown;
}

export interface Reply {
  status?: number;
  body?: unknown;
  raw?: string;
}

export type Route = Reply | ((req: Recorded) => Reply);

export interface FakeVault {
  address: string;
  requests: Recorded[];
  routes: Map<string, Route>;
  /** Sets the answer for "METHOD /v1/path" (path without query). */
  on(methodAndPath: string, route: Route): void;
  close(): Promise<void>;
}

export async function startFakeVault(routes: Record<string, Route> = {}): Promise<FakeVault> {
  const table = new Map<string, Route>(Object.entries(routes));
  const requests: Recorded[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const url = req.url ?? '/';
      const path = url.split('?')[0] ?? url;
      let json: unknown;
      try {
        json = body === '' ? undefined : JSON.parse(body);
      } catch {
        json = undefined;
      }
      const rec: Recorded = { method: req.method ?? '', url, path, headers: req.headers, body, json };
      requests.push(rec);
      const route = table.get(`${rec.method} ${path}`);
      const reply: Reply =
        route === undefined
          ? { status: 404, body: { errors: [] } }
          : typeof route === 'function'
            ? route(rec)
            : route;
      const status = reply.status ?? 200;
      if (reply.raw !== undefined) {
        res.writeHead(status, { 'Content-Type': 'text/plain' }).end(reply.raw);
      } else if (reply.body === undefined) {
        res.writeHead(status).end();
      } else {
        res.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(reply.body));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    address: `http://127.0.0.1:${port}`,
    requests,
    routes: table,
    on: (key, route) => void table.set(key, route),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A port nothing listens on (bound, then released). */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export interface MemoryIO extends CliIO {
  out(): string;
  errOut(): string;
}

function collect(stream: PassThrough): () => string {
  let text = '';
  stream.on('data', (c: Buffer) => {
    text += c.toString('utf8');
  });
  return () => text;
}

/** A CliIO with in-memory stdout/stderr and stdin fed from `stdin` (empty by default). */
export function memoryIO(options: {
  env?: NodeJS.ProcessEnv;
  home?: string;
  stdin?: string | CliIO['stdin'];
} = {}): MemoryIO {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out = collect(stdout);
  const errOut = collect(stderr);
  const stdin =
    typeof options.stdin === 'string' || options.stdin === undefined
      ? Readable.from(options.stdin === undefined ? [] : [options.stdin])
      : options.stdin;
  return {
    stdout,
    stderr,
    stdin: stdin as CliIO['stdin'],
    env: options.env ?? {},
    home: options.home ?? '/nonexistent-home',
    out,
    errOut,
  };
}

export interface TempHome {
  dir: string;
  cleanup: () => Promise<void>;
}

export async function tempHome(): Promise<TempHome> {
  const dir = await mkdtemp(join(tmpdir(), 'tsvault-cli-'));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/**
 * Registers beforeEach/afterEach hooks that make a fresh value with `open` before each test
 * and end it with `close` after it, and returns a stand-in whose fields and methods are the
 * current test's value (methods bound to it). Read it inside tests and hooks only.
 */
export function perTest<T extends object>(open: () => Promise<T>, close: (value: T) => Promise<void>): T {
  let current: T | undefined;
  beforeEach(async () => {
    current = await open();
  });
  afterEach(async () => {
    const value = current;
    current = undefined;
    if (value !== undefined) await close(value);
  });
  return new Proxy({} as T, {
    get(_target, key) {
      if (current === undefined) throw new Error(`perTest value read outside a test (${String(key)})`);
      const value: unknown = Reflect.get(current, key, current);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(current) : value;
    },
  });
}

/**
 * Per test, a fake server answering `routes` (a table, or a function making one) and a
 * temporary home directory; both are closed/removed after each test.
 */
export function useFakeVault(routes: Record<string, Route> | (() => Record<string, Route>) = {}): {
  vault: FakeVault;
  home: TempHome;
} {
  return {
    vault: perTest(
      () => startFakeVault(typeof routes === 'function' ? routes() : routes),
      (vault) => vault.close(),
    ),
    home: perTest(tempHome, (home) => home.cleanup()),
  };
}

/** sys/seal-status bodies behind the article's `vault status` outputs (Vault 1.13.2). */
export const SEALED_SHAMIR = {
  type: 'shamir',
  initialized: true,
  sealed: true,
  t: 3,
  n: 5,
  progress: 0,
  nonce: '',
  version: VERSION,
  build_date: BUILD_DATE,
  migration: false,
  recovery_seal: false,
  storage_type: 'file',
};

export const UNSEALED_SHAMIR = {
  ...SEALED_SHAMIR,
  sealed: false,
  cluster_name: 'vault-cluster-10632a7f',
  cluster_id: 'fba28066-1105-490f-126d-5b672267adbc',
};

export const UNSEALED_AWSKMS_113 = {
  ...SEALED_SHAMIR,
  sealed: false,
  recovery_seal: true,
  cluster_name: 'vault-cluster-c9fa2361',
  cluster_id: 'f4c9c8b5-9524-cb3a-49ec-34ca01200ebd',
};

export const LEADER_NO_HA = {
  ha_enabled: false,
  is_self: false,
  active_time: '0001-01-01T00:00:00Z',
  leader_address: '',
  leader_cluster_address: '',
  performance_standby: false,
  performance_standby_last_remote_wal: 0,
};

/** The article's text with its Version / Build Date replaced by ours. */
export function withOurVersion(articleText: string): string {
  return articleText
    .replace(/^(Version\s+)1\.13\.2$/m, (_m, k: string) => `${k}${VERSION}`)
    .replace(/^(Build Date\s+)2023-04-25T13:02:50Z$/m, (_m, k: string) => `${k}${BUILD_DATE}`);
}

export interface RunResult {
  code: number;
  out: string;
  err: string;
}

/**
 * Runs `vault <args>` through the dispatcher against a fake server, with VAULT_ADDR and
 * VAULT_TOKEN set (extra env and stdin optional).
 */
export async function runVault(
  vault: FakeVault,
  args: string[],
  options: { stdin?: string; env?: NodeJS.ProcessEnv; home?: string } = {},
): Promise<RunResult> {
  const { runCli } = await import('../../../src/cli/dispatch.js');
  const io = memoryIO({
    env: { VAULT_ADDR: vault.address, VAULT_TOKEN: 'hvs.root', ...options.env },
    home: options.home ?? '/nonexistent-home',
    stdin: options.stdin,
  });
  const code = await runCli(args, io);
  return { code, out: io.out(), err: io.errOut() };
}

/** "METHOD /path?query body" of every request the fake server received. */
export function requestLines(vault: FakeVault): string[] {
  return vault.requests.map((r) => `${r.method} ${r.url}${r.body === '' ? '' : ` ${r.body}`}`);
}
