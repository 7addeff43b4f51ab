/**
 * PostgreSQL restarted under load, and stopped at tsvault's start (issue 11): requests fail with a
 * clear 5xx while it is down, no node crashes, the nodes recover by themselves and nothing
 * acknowledged is lost; a node started while PostgreSQL is down stays up, says why and retries.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { activeNodes, createCluster, FAST_LOCK_ENV, getJson, lostWrites, putKv, waitFor, type Cluster } from '../support/ha-cluster.js';
import { recordSecret } from '../support/leak-check.js';
import { startPostgres, type TestPostgres } from '../support/postgres.js';

let pg: TestPostgres | undefined;
const clusters: Cluster[] = [];
afterAll(async () => {
  for (const c of clusters) await c.stopAll('SIGKILL');
  pg?.remove();
});

describe('PostgreSQL outages', () => {
  it('restarted under load: clear 5xx while down, recovery by itself, nothing acknowledged lost', async () => {
    pg = await startPostgres({ dedicated: true });
    recordSecret(pg.password);
    const cluster = await createCluster({ nodes: 2, env: FAST_LOCK_ENV, connectionUrl: pg.url });
    clusters.push(cluster);
    const nodes = cluster.nodes;
    await cluster.startAll();
    const init = JSON.parse(nodes[0]!.vault(['operator', 'init', '-key-shares=1', '-key-threshold=1', '-format=json']).stdout) as { root_token: string; unseal_keys_b64: string[] };
    recordSecret(init.root_token);
    recordSecret(init.unseal_keys_b64[0]!);
    for (const n of nodes) expect(n.vault(['operator', 'unseal', init.unseal_keys_b64[0]!]).code).toBe(0);
    await waitFor(async () => (await activeNodes(nodes)).length === 1, 20_000, 'an active node');
    expect(nodes[0]!.vault(['secrets', 'enable', '-path=secret', 'kv-v2'], undefined, { VAULT_TOKEN: init.root_token }).code).toBe(0);

    const acked = new Map<string, string>();
    const failures: Array<{ status: number; errors?: string[] }> = [];
    let writing = true;
    const writers = nodes.map(async (node, w) => {
      for (let seq = 0; writing; seq++) {
        const k = `w${w}/k${seq}`;
        const v = `${seq}-${Date.now()}`;
        const r = await putKv(node, init.root_token, k, v, 20_000);
        if (r.status >= 200 && r.status < 300) acked.set(k, v);
        else {
          failures.push(r);
          await new Promise((res) => setTimeout(res, 100));
        }
      }
    });
    await waitFor(async () => acked.size > 20, 10_000, 'writes before the outage');
    pg.stop();
    const ackedAtStop = acked.size;
    await new Promise((r) => setTimeout(r, 6_000));
    // Down: writes fail with a 5xx that says what is wrong; the processes are all still there.
    const during = failures.filter((f) => f.status >= 500);
    expect(during.length).toBeGreaterThan(0);
    expect(during.some((f) => (f.errors ?? []).some((e) => e.length > 0 && e !== 'internal error'))).toBe(true);
    for (const n of nodes) expect(await n.exited(10)).toBe(false);
    pg.start();
    await waitFor(async () => acked.size > ackedAtStop + 20, 60_000, 'writes after PostgreSQL is back');
    writing = false;
    await Promise.all(writers);
    await waitFor(async () => (await activeNodes(nodes)).length === 1, 30_000, 'one active node again');
    expect(await lostWrites(nodes[1]!, init.root_token, acked), 'acknowledged writes that did not read back').toEqual([]);
    for (const n of nodes) expect(n.output).not.toContain(pg.password);
  }, 300_000);

  it('stopped at start: the node stays up, logs why and retries, then serves once it is back', async () => {
    const db = pg ?? (await startPostgres({ dedicated: true }));
    pg = db;
    const cluster = await createCluster({ nodes: 1, connectionUrl: db.url, env: { TSVAULT_STORAGE_RETRY_INTERVAL: '500ms' } });
    clusters.push(cluster);
    const node = cluster.nodes[0]!;
    db.stop();
    const starting = node.start();
    await node.waitForOutput(/storage is unreachable; retrying[\s\S]*storage is unreachable; retrying/, 15_000);
    expect(node.output).toMatch(/\[WARN\]  storage\.postgresql: storage is unreachable; retrying: .*error=/);
    expect(node.output).not.toContain(db.password);
    db.start();
    await starting;
    expect(node.output).toMatch(/storage is reachable/);
    expect((await getJson(node, 'sys/seal-status'))?.body).toMatchObject({ initialized: false, storage_type: 'postgresql' });
  }, 120_000);
});
