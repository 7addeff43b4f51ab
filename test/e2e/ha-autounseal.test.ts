/**
 * The article's start-up loop across nodes (issue 11, item 4): three nodes with seal "awskms"
 * (LocalStack) on one PostgreSQL, started together before init. All three log the fetch-retry lines
 * every 5 s; `vault operator init` on one; the other two unseal by themselves within one retry
 * interval and become standbys. Then the same with Shamir, each standby unsealed with the shares.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { activeNodes, createCluster, getJson, waitFor, type Cluster } from '../support/ha-cluster.js';
import { recordSecret } from '../support/leak-check.js';
import { startLocalStack, type LocalStack } from '../support/localstack.js';

const FETCH = /\[INFO\]  core: stored unseal keys supported, attempting fetch$/gm;
const AWS_ENV = { AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test', AWS_EC2_METADATA_DISABLED: 'true' };

function statusRows(out: string): Record<string, string> {
  return Object.fromEntries(
    out
      .split('\n')
      .slice(2)
      .map((l) => /^(\S.*?)\s{2,}(.*)$/.exec(l))
      .filter((m): m is RegExpExecArray => m !== null)
      .map((m) => [m[1]!, m[2]!]),
  );
}

const clusters: Cluster[] = [];
let kms: LocalStack | undefined;
afterAll(async () => {
  for (const c of clusters) await c.stopAll();
  await kms?.stop();
});

describe('three HA nodes on PostgreSQL', () => {
  it('awskms: all loop before init; init on one; the other two unseal by themselves and stand by', async () => {
    kms = await startLocalStack();
    const keyId = await kms.createKey();
    const cluster = await createCluster({
      nodes: 3,
      extra: `seal "awskms" {\n  region = "us-east-1"\n  kms_key_id = "${keyId}"\n  endpoint = "${kms.endpoint}"\n}\n`,
      env: AWS_ENV,
    });
    clusters.push(cluster);
    const [a, b, c] = cluster.nodes as [typeof cluster.nodes[0], typeof cluster.nodes[0], typeof cluster.nodes[0]];
    await cluster.startAll();
    // Two fetch attempts each, 5 s apart: every node is in the article's loop.
    await Promise.all(cluster.nodes.map((n) => waitFor(async () => [...n.output.matchAll(FETCH)].length >= 2, 20_000, 'two fetch attempts')));
    for (const n of cluster.nodes) expect(n.output).toMatch(/stored unseal keys are supported, but none were found/);

    const init = b.vault(['operator', 'init', '-format=json']);
    expect(init.code, init.stderr).toBe(0);
    const result = JSON.parse(init.stdout) as { root_token: string; recovery_keys_b64: string[] };
    recordSecret(result.root_token);
    const initAt = Date.now();
    // The other two unseal by themselves within one retry interval (5 s) of the init, plus slack.
    await waitFor(async () => (await Promise.all([a, c].map((n) => getJson(n, 'sys/seal-status')))).every((s) => s?.body?.sealed === false), 8_000, 'the other nodes to unseal');
    expect(Date.now() - initAt).toBeLessThan(8_000);
    const active = await waitFor(async () => ((await activeNodes(cluster.nodes)).length === 1 ? (await activeNodes(cluster.nodes))[0] : undefined), 20_000, 'one active node');
    const standbys = cluster.nodes.filter((n) => n !== active);
    for (const n of standbys) {
      const health = await getJson(n, 'sys/health');
      expect(health?.status).toBe(429);
      expect(health?.body.standby).toBe(true);
    }

    // `vault status` as Vault shows it on each.
    const activeRows = statusRows(active.vault(['status']).stdout);
    expect(activeRows).toMatchObject({ 'Seal Type': 'awskms', 'Sealed': 'false', 'Storage Type': 'postgresql', 'HA Enabled': 'true', 'HA Mode': 'active' });
    expect(activeRows['Active Since']).toMatch(/^\d{4}-\d\d-\d\dT/);
    for (const n of standbys) {
      const r = n.vault(['status']);
      expect(r.code).toBe(0);
      const rows = statusRows(r.stdout);
      expect(rows).toMatchObject({ 'HA Enabled': 'true', 'HA Mode': 'standby', 'Active Node Address': `http://${active.address}`, 'HA Cluster': `https://127.0.0.1:${Number(active.address.split(':')[1]) + 1}` });
    }

    // Clients may talk to any node: a write through a standby is read back through the other.
    const token = { VAULT_TOKEN: result.root_token };
    expect(standbys[0]!.vault(['secrets', 'enable', '-path=secret', 'kv-v2'], undefined, token).code).toBe(0);
    const put = standbys[0]!.vault(['kv', 'put', 'secret/app', 'password=hunter2'], undefined, token);
    expect(put.code, put.stderr).toBe(0);
    const get = standbys[1]!.vault(['kv', 'get', '-field=password', 'secret/app'], undefined, token);
    expect(get.stdout).toBe('hunter2');

    const ha = await getJson(standbys[1]!, 'sys/ha-status', result.root_token);
    expect(ha?.status).toBe(200);
    expect((ha?.body.nodes as Array<{ api_address: string; active_node: boolean }>).map((x) => x.api_address).sort()).toEqual(
      cluster.nodes.map((n) => `http://${n.address}`).sort(),
    );
  });

  it('shamir: init on one node, every node unsealed with the same shares; one active, two standbys', async () => {
    const cluster = await createCluster({ nodes: 3 });
    clusters.push(cluster);
    await cluster.startAll();
    const [a] = cluster.nodes;
    const init = a!.vault(['operator', 'init', '-key-shares=3', '-key-threshold=2', '-format=json']);
    expect(init.code, init.stderr).toBe(0);
    const result = JSON.parse(init.stdout) as { root_token: string; unseal_keys_b64: string[] };
    for (const k of result.unseal_keys_b64) recordSecret(k);
    recordSecret(result.root_token);
    for (const n of cluster.nodes) {
      const s = n.vault(['status']);
      expect(s.code).toBe(2);
      expect(statusRows(s.stdout)['HA Enabled']).toBe('true');
      for (const key of result.unseal_keys_b64.slice(0, 2)) expect(n.vault(['operator', 'unseal', key]).code).toBe(0);
    }
    await waitFor(async () => (await activeNodes(cluster.nodes)).length === 1, 20_000, 'one active node');
    const modes = cluster.nodes.map((n) => statusRows(n.vault(['status']).stdout)['HA Mode']).sort();
    expect(modes).toEqual(['active', 'standby', 'standby']);
    // Vault's order: unsealed, standby, then on the node that gets the lock the post-unseal setup.
    const first = (await activeNodes(cluster.nodes))[0]!;
    expect(first.output).toMatch(
      /core: vault is unsealed\n.*core: entering standby mode\n[\s\S]*core: acquired lock, enabling active operation\n.*core: post-unseal setup starting\n[\s\S]*core: post-unseal setup complete/,
    );
    for (const n of cluster.nodes.filter((x) => x !== first)) expect(n.output).not.toMatch(/post-unseal setup starting/);
    // A standby that is stepped down to: operator step-down through any node moves the lock.
    const before = (await activeNodes(cluster.nodes))[0]!;
    const other = cluster.nodes.find((n) => n !== before)!;
    const down = other.vault(['operator', 'step-down'], undefined, { VAULT_TOKEN: result.root_token });
    expect(down.stdout).toBe(`Success! Stepped down: http://${other.address}\n`);
    const after = await waitFor(async () => {
      const act = await activeNodes(cluster.nodes);
      return act.length === 1 && act[0] !== before ? act[0] : undefined;
    }, 20_000, 'another node to take over');
    expect(after).not.toBe(before);
    expect(before.output).toMatch(/stepping down from active operation to standby/);
    expect(after.output).toMatch(/acquired lock, enabling active operation/);
  });
});
