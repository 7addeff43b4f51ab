/**
 * Several tsvault servers on one PostgreSQL (the integration run's, TSVAULT_TEST_PG_URL), each with
 * its own port, api_addr and data, sharing a table pair of their own so that clusters of different
 * tests never meet. `vault` runs the CLI against one node.
 */
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort, ServerProcess, tempDir } from './harness.js';
import { recordSecret } from './leak-check.js';
import { PG_URL_ENV } from './postgres.js';

/** The integration run's PostgreSQL; its password is recorded for the leak check. */
export function pgUrl(): string {
  const url = process.env[PG_URL_ENV];
  if (!url) throw new Error(`${PG_URL_ENV} is not set: the integration run's global set-up starts PostgreSQL`);
  const password = decodeURIComponent(new URL(url.replace(/^postgres(ql)?:/, 'http:')).password);
  if (password) recordSecret(password);
  return url;
}

export interface ClusterOptions {
  nodes: number;
  /** HCL appended to every node's config (a seal block …). */
  extra?: string;
  env?: Record<string, string>;
  /** Table names; a fresh pair by default. */
  table?: string;
  haTable?: string;
  connectionUrl?: string;
  /** Lines added inside the storage block. */
  storageExtra?: string;
}

export interface Cluster {
  nodes: ServerProcess[];
  table: string;
  haTable: string;
  startAll(): Promise<void>;
  stopAll(signal?: NodeJS.Signals): Promise<void>;
}

/** Short lock timings for tests that kill nodes many times (Vault's are 15 s / 5 s / 1 s). */
export const FAST_LOCK_ENV = {
  TSVAULT_HA_LOCK_TTL: '4s',
  TSVAULT_HA_LOCK_RENEW_INTERVAL: '1s',
  TSVAULT_HA_LOCK_RETRY_INTERVAL: '250ms',
};

export async function createCluster(opts: ClusterOptions): Promise<Cluster> {
  const suffix = randomBytes(4).toString('hex');
  const table = opts.table ?? `kv_${suffix}`;
  const haTable = opts.haTable ?? `ha_${suffix}`;
  const url = opts.connectionUrl ?? pgUrl();
  const nodes: ServerProcess[] = [];
  for (let i = 0; i < opts.nodes; i++) {
    const dir = tempDir('tsvault-ha-');
    const port = await freePort();
    const address = `127.0.0.1:${port}`;
    const configPath = join(dir, 'vault.hcl');
    writeFileSync(
      configPath,
      [
        'log_level = "INFO"',
        `api_addr = "http://${address}"`,
        `cluster_addr = "https://127.0.0.1:${port + 1}"`,
        '',
        'storage "postgresql" {',
        `  connection_url = "${url}"`,
        `  table = "${table}"`,
        `  ha_table = "${haTable}"`,
        '  ha_enabled = "true"',
        ...(opts.storageExtra ? [opts.storageExtra] : []),
        '}',
        '',
        'listener "tcp" {',
        `  address = "${address}"`,
        '  tls_disable = 1',
        '}',
        opts.extra ?? '',
      ].join('\n'),
    );
    nodes.push(new ServerProcess({ dir, configPath, address, env: { ...(opts.env ?? {}) } }));
  }
  return {
    nodes,
    table,
    haTable,
    async startAll() {
      await Promise.all(nodes.map((n) => n.start()));
    },
    async stopAll(signal = 'SIGTERM') {
      await Promise.all(nodes.map((n) => n.stop(signal)));
    },
  };
}

/** GET a node's URL path; the status and JSON body (undefined on a connection failure). */
export async function getJson(node: ServerProcess, path: string, token?: string): Promise<{ status: number; body: any } | undefined> {
  try {
    const res = await fetch(`http://${node.address}/v1/${path}`, {
      headers: token ? { 'X-Vault-Token': token } : {},
      redirect: 'manual',
      signal: AbortSignal.timeout(5_000),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  } catch {
    return undefined;
  }
}

/** Which nodes say they are active (sys/health 200) right now. */
export async function activeNodes(nodes: readonly ServerProcess[]): Promise<ServerProcess[]> {
  const states = await Promise.all(nodes.map((n) => getJson(n, 'sys/health')));
  return nodes.filter((_, i) => states[i]?.status === 200);
}

export async function waitFor<T>(what: () => Promise<T | undefined | false>, timeoutMs: number, label: string): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await what();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${label}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * Reads every acknowledged KV v2 write back through `node`. A read that fails (a node taking over, a
 * standby still pointing at the previous active node) is tried again; a 200 with another value, or a
 * 404, is a lost write. Returns the lost ones, each with what was read.
 */
export async function lostWrites(node: ServerProcess, token: string, acked: ReadonlyMap<string, string>): Promise<string[]> {
  const lost: string[] = [];
  for (const [k, v] of acked) {
    const r = await waitFor(async () => {
      const got = await getJson(node, `secret/data/${k}`, token);
      return got && (got.status === 200 || got.status === 404) ? got : undefined;
    }, 30_000, `a read of ${k}`);
    if (r.body?.data?.data?.v !== v) lost.push(`${k}: ${r.status} ${JSON.stringify(r.body?.data?.data)}`);
  }
  return lost;
}

/**
 * Writes `{v: value}` to KV v2 `secret/data/<key>` through `node` (no redirect followed): the status,
 * Vault's errors when it failed, status 0 when nothing answered in time.
 */
export async function putKv(node: ServerProcess, token: string, key: string, value: string, timeoutMs: number): Promise<{ status: number; errors?: string[] }> {
  try {
    const res = await fetch(`http://${node.address}/v1/secret/data/${key}`, {
      method: 'PUT',
      headers: { 'X-Vault-Token': token, 'Content-Type': 'application/json' },
      body: JSON.stringify({ data: { v: value } }),
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await res.text();
    return { status: res.status, ...(res.ok ? {} : { errors: (JSON.parse(text || '{}') as { errors?: string[] }).errors }) };
  } catch {
    return { status: 0 };
  }
}
