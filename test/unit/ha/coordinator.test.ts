/** The HA standby loop (src/ha/coordinator.ts) over a shared storage and an in-process lock table. */
import { afterEach, describe, expect, it } from 'vitest';
import shamir from '../../../plugins/shamir/index.js';
import { createAdvertisement } from '../../../src/ha/advertisement.js';
import { nullLogger } from '../../../src/log/logger.js';
import { sealFor } from '../../../src/seal/create-seals.js';
import { aead } from '../../../src/seal/plugin-api.js';
import { assemble, type Assembled } from '../../../src/server/assemble.js';
import { createInmemBackend } from '../../../src/storage/inmem.js';
import type { Backend } from '../../../src/storage/types.js';
import { FakeHABackend, FakeLockTable } from './fake-ha.js';

const nodes: Assembled[] = [];

async function node(storage: Backend, table: FakeLockTable, n: number): Promise<Assembled> {
  const seal = sealFor(await shamir.create({}, { logger: nullLogger(), env: {}, aead }));
  const self = createAdvertisement({ nodeId: `node-${n}`, apiAddr: `http://127.0.0.${n}:8200`, clusterAddr: `https://127.0.0.${n}:8201`, version: '1.0.0' });
  const a = assemble({
    storage,
    storageType: 'inmem',
    seal,
    logger: nullLogger(),
    version: '1.0.0',
    buildDate: 'b',
    ha: { backend: new FakeHABackend(table), self, stepDownSleepMs: 200 },
  });
  nodes.push(a);
  return a;
}

async function until(what: () => boolean, ms = 3_000): Promise<void> {
  const end = Date.now() + ms;
  while (!what()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
}

async function cluster(n: number): Promise<{ all: Assembled[]; key: Buffer; token: string; table: FakeLockTable }> {
  const storage = createInmemBackend();
  const table = new FakeLockTable();
  const all = await Promise.all(Array.from({ length: n }, (_, i) => node(storage, table, i + 1)));
  const init = await all[0]!.core.initialize({ secret_shares: 1, secret_threshold: 1 });
  const key = Buffer.from(init.keys_base64[0]!, 'base64');
  for (const a of all) await a.core.unseal(key);
  await until(() => all.some((a) => a.ha!.state === 'active'));
  return { all, key, token: init.root_token, table };
}

const active = (all: Assembled[]) => all.filter((a) => a.ha!.state === 'active');

afterEach(async () => {
  for (const a of nodes.splice(0)) await a.core.close();
});

describe('HA coordinator', () => {
  it('unsealed nodes become one active and standbys; only the active serves', async () => {
    const { all, token } = await cluster(3);
    expect(active(all)).toHaveLength(1);
    const standbys = all.filter((a) => a.ha!.state === 'standby');
    expect(standbys).toHaveLength(2);
    expect(active(all)[0]!.services.sealed).toBe(false);
    for (const s of standbys) {
      expect(s.core.sealed).toBe(false);
      expect(s.services.sealed).toBe(true);
      await expect(s.services.authenticate(token)).rejects.toMatchObject({ status: 503 });
    }
    const leader = await standbys[0]!.ha!.leader();
    expect(leader.isSelf).toBe(false);
    expect(leader.leader?.node_id).toBe(active(all)[0]!.ha!.self.node_id);
    expect((await active(all)[0]!.ha!.leader()).isSelf).toBe(true);
  });

  it('step-down hands the lock to a standby, which reads what the old active wrote (no stale cache)', async () => {
    const { all, token } = await cluster(2);
    const first = active(all)[0]!;
    const other = all.find((a) => a !== first)!;
    await first.services.authenticate(token);
    const mount = first.services.router.match('cubbyhole/x')!.mounted;
    await mount.storage.put('k', new TextEncoder().encode('v1'));
    expect(first.ha!.stepDown()).toBe(true);
    await until(() => other.ha!.state === 'active');
    expect(first.ha!.state).toBe('standby');
    expect(first.services.sealed).toBe(true);
    const there = other.services.router.match('cubbyhole/x')!.mounted;
    expect(new TextDecoder().decode((await there.storage.get('k'))!)).toBe('v1');
    await there.storage.put('k', new TextEncoder().encode('v2'));
    // The first node takes over again after the step-down pause, and must not serve its old cached v1.
    expect(other.ha!.stepDown()).toBe(true);
    await until(() => first.ha!.state === 'active');
    const back = first.services.router.match('cubbyhole/x')!.mounted;
    expect(new TextDecoder().decode((await back.storage.get('k'))!)).toBe('v2');
  });

  it('a node whose lock is taken stops serving and refuses writes at once', async () => {
    const { all, table } = await cluster(1);
    const only = all[0]!;
    const mount = only.services.router.match('cubbyhole/x')!.mounted;
    table.steal('core/lock');
    await until(() => only.ha!.state === 'standby');
    expect(only.services.sealed).toBe(true);
    await expect(mount.storage.put('k', new Uint8Array([1]))).rejects.toMatchObject({ code: 'STORAGE_NOT_ACTIVE' });
  });

  it('a node that cannot renew fences itself before its TTL runs out, then takes over again', async () => {
    const { all, table } = await cluster(1);
    const only = all[0]!;
    table.down = true;
    await until(() => only.ha!.state === 'standby');
    table.down = false;
    await until(() => only.ha!.state === 'active');
  });

  it('sealing a standby or the active node gives the lock up', async () => {
    const { all, table } = await cluster(2);
    const first = active(all)[0]!;
    const other = all.find((a) => a !== first)!;
    await other.core.seal();
    expect(other.ha!.state).toBe('sealed');
    await first.core.seal();
    expect(table.rows.has('core/lock')).toBe(false);
  });

  it('lists every node heard from for sys/ha-status', async () => {
    const { all } = await cluster(3);
    const seen = await all[0]!.ha!.nodes();
    expect(seen.map((n) => n.ad.api_addr).sort()).toEqual(['http://127.0.0.1:8200', 'http://127.0.0.2:8200', 'http://127.0.0.3:8200']);
  });
});
