/**
 * Two HA nodes behind real loopback listeners: the standby forwards what it does not answer itself
 * to the active node (or redirects, with forwarding off), and sys/leader, sys/health and
 * sys/ha-status answer as Vault's do on each.
 */
import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import shamir from '../../../plugins/shamir/index.js';
import { createAdvertisement } from '../../../src/ha/advertisement.js';
import { createForwarder } from '../../../src/ha/forwarder.js';
import { createRequestHandler } from '../../../src/http/handler.js';
import { nullLogger } from '../../../src/log/logger.js';
import { sealFor } from '../../../src/seal/create-seals.js';
import { aead } from '../../../src/seal/plugin-api.js';
import { assemble, type Assembled } from '../../../src/server/assemble.js';
import { createInmemBackend } from '../../../src/storage/inmem.js';
import { FakeHABackend, FakeLockTable } from './fake-ha.js';

interface Node {
  a: Assembled;
  url: string;
  server: Server;
}

const open: Node[] = [];
/** A TTL long enough that a busy machine's late timers never fence the active node mid-test (nothing here waits for expiry). */
const SLACK = { ttlMs: 3000, renewMs: 100, retryMs: 20, marginMs: 50 };

async function listen(): Promise<{ server: Server; url: string; set(h: RequestListener): void }> {
  let handler: RequestListener = (_req, res) => res.end();
  const server = createServer((req, res) => handler(req, res));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return { server, url: `http://127.0.0.1:${port}`, set: (h) => (handler = h) };
}

async function pair(disabled = false): Promise<{ active: Node; standby: Node; token: string }> {
  const storage = createInmemBackend();
  const table = new FakeLockTable();
  const nodes: Node[] = [];
  for (let i = 0; i < 2; i++) {
    const l = await listen();
    const self = createAdvertisement({ nodeId: `n${i}`, apiAddr: l.url, clusterAddr: 'https://127.0.0.1:1', version: '1.0.0' });
    const seal = sealFor(await shamir.create({}, { logger: nullLogger(), env: {}, aead }));
    const a = assemble({ storage, storageType: 'inmem', seal, logger: nullLogger(), version: '1.0.0', buildDate: 'b', ha: { backend: new FakeHABackend(table, SLACK), self } });
    l.set(createRequestHandler(a.pipeline, nullLogger(), createForwarder({ node: a.ha!, disabled, logger: nullLogger() })));
    nodes.push({ a, url: l.url, server: l.server });
    open.push(nodes[i]!);
  }
  const init = await nodes[0]!.a.core.initialize({ secret_shares: 1, secret_threshold: 1 });
  const key = Buffer.from(init.keys_base64[0]!, 'base64');
  await nodes[0]!.a.core.unseal(key);
  while (nodes[0]!.a.ha!.state !== 'active') await new Promise((r) => setTimeout(r, 10));
  await nodes[1]!.a.core.unseal(key);
  // The standby forwards only once it has read who the active node is.
  for (;;) {
    const leader = (await (await fetch(`${nodes[1]!.url}/v1/sys/leader`)).json()) as { leader_address?: string };
    if (leader.leader_address) break;
    await new Promise((r) => setTimeout(r, 10));
  }
  return { active: nodes[0]!, standby: nodes[1]!, token: init.root_token };
}

afterEach(async () => {
  for (const n of open.splice(0)) {
    await n.a.core.close();
    n.server.closeAllConnections();
    await new Promise((r) => n.server.close(r));
  }
});

const json = async (res: Response) => ({ status: res.status, body: (await res.json()) as Record<string, unknown> });

describe('HA standby over HTTP', () => {
  it('forwards a write and a read through the standby to the active node', async () => {
    const { active, standby, token } = await pair();
    const headers = { 'X-Vault-Token': token, 'Content-Type': 'application/json' };
    const put = await fetch(`${standby.url}/v1/cubbyhole/app`, { method: 'PUT', headers, body: JSON.stringify({ password: 's3cret' }) });
    expect([put.status, put.status === 204 ? "" : await put.text()]).toEqual([204, ""]);
    const direct = await json(await fetch(`${active.url}/v1/cubbyhole/app`, { headers }));
    expect(direct.body.data).toEqual({ password: 's3cret' });
    const viaStandby = await json(await fetch(`${standby.url}/v1/cubbyhole/app`, { headers }));
    expect(viaStandby.body.data).toEqual({ password: 's3cret' });
  });

  it('answers sys/health 429 (200 with standbyok), sys/leader and sys/seal itself', async () => {
    const { active, standby } = await pair();
    const health = await json(await fetch(`${standby.url}/v1/sys/health`));
    expect(health.status).toBe(429);
    expect(health.body).toMatchObject({ initialized: true, sealed: false, standby: true });
    expect((await fetch(`${standby.url}/v1/sys/health?standbyok=true`)).status).toBe(200);
    expect((await fetch(`${active.url}/v1/sys/health`)).status).toBe(200);
    const leader = await json(await fetch(`${standby.url}/v1/sys/leader`));
    expect(leader.body).toMatchObject({ ha_enabled: true, is_self: false, leader_address: active.url, leader_cluster_address: 'https://127.0.0.1:1' });
    const self = await json(await fetch(`${active.url}/v1/sys/leader`));
    expect(self.body).toMatchObject({ ha_enabled: true, is_self: true, leader_address: active.url });
    expect(self.body.active_time).not.toBe('0001-01-01T00:00:00Z');
    const seal = await json(await fetch(`${standby.url}/v1/sys/seal`, { method: 'PUT' }));
    expect(seal).toEqual({ status: 500, body: { errors: ['vault cannot seal when in standby mode; please restart instead'] } });
  });

  it('lists both nodes in sys/ha-status, asked through either', async () => {
    const { active, standby, token } = await pair();
    const status = await json(await fetch(`${standby.url}/v1/sys/ha-status`, { headers: { 'X-Vault-Token': token } }));
    expect(status.status).toBe(200);
    const nodes = status.body.nodes as Array<Record<string, unknown>>;
    expect(nodes.map((n) => [n.api_address, n.active_node])).toEqual([
      [active.url, true],
      [standby.url, false],
    ]);
    expect(nodes[0]!.last_echo).toBeNull();
  });

  it('redirects with 307 instead when forwarding is off, and when the client asks', async () => {
    const off = await pair(true);
    const res = await fetch(`${off.standby.url}/v1/secret/x?version=2`, { redirect: 'manual', headers: { 'X-Vault-Token': off.token } });
    expect(res.status).toBe(307);
    expect(res.headers.get('location')).toBe(`${off.active.url}/v1/secret/x?version=2`);
    const on = await pair();
    const asked = await fetch(`${on.standby.url}/v1/sys/mounts`, {
      redirect: 'manual',
      headers: { 'X-Vault-Token': on.token, 'X-Vault-No-Request-Forwarding': 'true' },
    });
    expect(asked.status).toBe(307);
    expect(asked.headers.get('location')).toBe(`${on.active.url}/v1/sys/mounts`);
    expect((await fetch(`${on.standby.url}/v1/sys/mounts`, { redirect: 'manual', headers: { 'X-Vault-Token': on.token } })).status).toBe(200);
  });

  it('step-down needs sudo and hands the lock over', async () => {
    const { active, standby, token } = await pair();
    const res = await fetch(`${standby.url}/v1/sys/step-down`, { method: 'PUT', headers: { 'X-Vault-Token': token } });
    expect(res.status).toBe(204);
    for (let i = 0; i < 300 && standby.a.ha!.state !== 'active'; i++) await new Promise((r) => setTimeout(r, 10));
    expect(standby.a.ha!.state).toBe('active');
    expect(active.a.ha!.state).toBe('standby');
    const denied = await fetch(`${standby.url}/v1/sys/step-down`, { method: 'PUT' });
    expect(denied.status).toBe(403);
  });
});
