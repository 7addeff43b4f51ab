/**
 * A real PostgreSQL for tests: a throwaway cluster of test/services/postgres.sh in a temp folder, on
 * its own port, with a role and database `vault` (password auth over TCP). `TSVAULT_TEST_PG_URL`
 * reuses one already running (global-setup.ts starts one for the integration run and exports it);
 * tests that stop or restart PostgreSQL start a dedicated one. When PostgreSQL cannot be installed
 * or started, startPostgres() throws: the suite fails, it is never skipped.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import pg from 'pg';
import { freePort, ROOT, tempDir } from './harness.js';

export const SCRIPT = `${ROOT}/test/services/postgres.sh`;
export const PG_URL_ENV = 'TSVAULT_TEST_PG_URL';

export interface TestPostgres {
  /** postgres://vault:<password>@127.0.0.1:<port>/vault?sslmode=disable */
  readonly url: string;
  readonly host: string;
  readonly port: number;
  readonly user: string;
  readonly password: string;
  readonly database: string;
  /** Whether this helper owns the cluster (it can then stop and start it). */
  readonly dedicated: boolean;
  stop(): void;
  start(): void;
  /** Stops it (if this helper started it) and removes its folder. */
  remove(): void;
}

function run(args: string[]): Record<string, string> {
  const r = spawnSync('bash', [SCRIPT, ...args], { encoding: 'utf8', timeout: 10 * 60_000 });
  if (r.status !== 0) {
    throw new Error(`postgres.sh ${args[0]} failed (exit ${r.status ?? r.signal}):\n${(r.stderr ?? '').slice(-4000)}`);
  }
  const out: Record<string, string> = {};
  for (const line of r.stdout.split('\n')) {
    const at = line.indexOf('=');
    if (at > 0) out[line.slice(0, at)] = line.slice(at + 1);
  }
  return out;
}

let installed = false;

function fromUrl(url: string): TestPostgres {
  const u = new URL(url.replace(/^postgres(ql)?:/, 'http:'));
  const refuse = () => {
    throw new Error(`${PG_URL_ENV} names a PostgreSQL this helper did not start: start a dedicated one`);
  };
  return {
    url,
    host: u.hostname,
    port: Number(u.port || 5432),
    user: decodeURIComponent(u.username),
    password: decodeURIComponent(u.password),
    database: u.pathname.slice(1),
    dedicated: false,
    stop: refuse,
    start: refuse,
    remove: () => undefined,
  };
}

/** The run's PostgreSQL (TSVAULT_TEST_PG_URL) or, with `dedicated` or when unset, a new cluster. */
export async function startPostgres(opts: { dedicated?: boolean } = {}): Promise<TestPostgres> {
  const shared = process.env[PG_URL_ENV];
  if (shared && !opts.dedicated) return fromUrl(shared);
  if (!installed) {
    run(['install']);
    installed = true;
  }
  const dir = tempDir('tsvault-pg-');
  const port = await freePort();
  const env = run(['start', dir, String(port)]);
  if (!env.PG_CONNECTION_URL) throw new Error(`postgres.sh start printed no PG_CONNECTION_URL: ${Object.keys(env).join(',')}`);
  return {
    ...fromUrl(env.PG_CONNECTION_URL),
    dedicated: true,
    stop: () => void run(['stop', dir]),
    start: () => void run(['start', dir, String(port)]),
    remove: () => {
      run(['stop', dir]);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A table name no other test uses. */
export function uniqueTable(prefix = 't'): string {
  return `${prefix}_${randomBytes(6).toString('hex')}`;
}

/** A plain client for a test's own statements; the caller ends it. */
export async function connect(db: TestPostgres): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: db.url });
  client.on('error', () => undefined);
  await client.connect();
  return client;
}
