/** The pipeline's audit entries: before and after the backend, refused requests too, failing closed. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startAuditServer, type AuditServer } from '../../support/audit-server.js';
import { metricsResponse } from '../../../src/telemetry/response.js';

let s: AuditServer;
beforeAll(async () => {
  s = await startAuditServer();
  await s.call('POST', 'sys/mounts/echo', { token: s.root, body: { type: 'echo' } });
  await s.call('POST', 'sys/mounts/kv', { token: s.root, body: { type: 'kv', options: { version: '2' } } });
  await s.call('PUT', 'sys/audit/a', { token: s.root, body: { type: 'fake' } });
  await s.call('PUT', 'sys/audit/b', { token: s.root, body: { type: 'fake' } });
});
afterAll(() => s.close());
beforeEach(() => {
  for (const d of s.fake.devices.values()) {
    d.failing = false;
    d.entries = [];
  }
  s.fake.events.length = 0;
  s.echoCalls.length = 0;
});

const a = () => s.fake.devices.get('a/')!;
const b = () => s.fake.devices.get('b/')!;

describe('audited requests', () => {
  it('writes the request entry before the backend runs and the response entry after', async () => {
    const res = await s.call('PUT', 'echo/thing', { token: s.root, body: { secret: 'p4ss' } });
    expect(res.status).toBe(200);
    expect(s.fake.events.filter((e) => !e.startsWith('b/'))).toEqual(['a/ request echo/thing', 'backend thing', 'a/ response echo/thing']);
    const [req, resp] = a().entries;
    expect(req!.input.request).toMatchObject({ operation: 'update', path: 'echo/thing', mountType: 'echo', mountPoint: 'echo/', clientToken: s.root, data: { secret: 'p4ss' } });
    expect(req!.input.auth).toMatchObject({ policies: ['root'], clientToken: s.root, tokenType: 'service' });
    expect(req!.input.error).toBeUndefined();
    expect(resp!.input.response).toMatchObject({ mountType: 'echo', data: { path: 'thing', secret: 'p4ss' } });
    expect(resp!.input.request.id).toBe(req!.input.request.id);
  });

  it('fails closed: with every device failing, 500 internal error and the backend never runs', async () => {
    a().failing = b().failing = true;
    const res = await s.call('PUT', 'echo/never', { token: s.root, body: { secret: 'x' } });
    expect(res).toEqual({ status: 500, body: { errors: ['internal error'] } });
    expect(s.echoCalls).toEqual([]);
    // A KV write is not applied either.
    expect((await s.call('POST', 'kv/data/app', { token: s.root, body: { data: { k: 'v' } } })).status).toBe(500);
    a().failing = b().failing = false;
    expect((await s.call('GET', 'kv/data/app', { token: s.root })).status).toBe(404);
    // Vault's vault.audit.log_request_failure counts each request no device could log.
    const text = (await metricsResponse(s.metrics, 'prometheus')).body;
    expect(text).toMatch(/^vault_audit_log_request_failure 2$/m);
  });

  it('serves the request when one of two devices fails', async () => {
    a().failing = true;
    const res = await s.call('PUT', 'echo/one', { token: s.root, body: {} });
    expect(res.status).toBe(200);
    expect(s.echoCalls).toEqual(['one']);
    expect(b().entries.map((e) => e.kind)).toEqual(['request', 'response']);
  });

  it('answers 500 and not the response when the response entry cannot be written', async () => {
    const res = fetch(`${s.base}echo/late`, { method: 'PUT', headers: { 'x-vault-token': s.root }, body: '{"secret":"late-value"}' });
    // Make both devices fail once the backend ran (the request entry is already written).
    const original = s.fake.events.push.bind(s.fake.events);
    s.fake.events.push = (...items: string[]) => {
      if (items.some((i) => i.startsWith('backend'))) a().failing = b().failing = true;
      return original(...items);
    };
    try {
      const r = await res;
      expect(r.status).toBe(500);
      const body = await r.text();
      expect(body).toBe('{"errors":["internal error"]}');
      expect(body).not.toContain('late-value');
      expect(s.echoCalls).toEqual(['late']);
    } finally {
      s.fake.events.push = original;
    }
  });

  it("carries the token's metadata, TTL and issue time in the request's auth", async () => {
    const created = (await s.call('POST', 'auth/token/create', { token: s.root, body: { ttl: '1h', meta: { team: 'payments' } } })).body.auth.client_token;
    for (const d of s.fake.devices.values()) d.entries = [];
    expect((await s.call('PUT', 'echo/with-meta', { token: created, body: {} })).status).toBe(200);
    const auth = a().entries[0]!.input.auth!;
    expect(auth).toMatchObject({ clientToken: created, metadata: { team: 'payments' }, tokenTtl: 3600, tokenType: 'service' });
    expect(auth.tokenIssueTime).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    expect(Math.abs(Date.parse(auth.tokenIssueTime!) - Date.now())).toBeLessThan(60_000);
  });

  it('audits a request the ACL refuses, with its error, and runs nothing', async () => {
    await s.call('PUT', 'sys/policies/acl/none', { token: s.root, body: { policy: 'path "kv/*" { capabilities = ["read"] }' } });
    const token = (await s.call('POST', 'auth/token/create', { token: s.root, body: { policies: ['none'] } })).body.auth.client_token;
    for (const d of s.fake.devices.values()) d.entries = [];
    expect((await s.call('PUT', 'echo/denied', { token, body: {} })).status).toBe(403);
    expect(s.echoCalls).toEqual([]);
    expect(a().entries).toHaveLength(1);
    expect(a().entries[0]).toMatchObject({ kind: 'request', input: { error: 'permission denied', request: { path: 'echo/denied' } } });
  });

  it('audits a request with an unknown token, with its error', async () => {
    expect((await s.call('GET', 'echo/x', { token: 'hvs.notatokennotatokennota' })).status).toBe(403);
    expect(a().entries).toEqual([expect.objectContaining({ kind: 'request', input: expect.objectContaining({ error: 'permission denied' }) })]);
  });

  it('a denied request that cannot be audited is a 500', async () => {
    a().failing = b().failing = true;
    expect((await s.call('GET', 'echo/x', { token: 'hvs.notatokennotatokennota' })).status).toBe(500);
  });

  it('logs the error the client sees in the response entry of a failed request', async () => {
    const res = await s.call('POST', 'sys/mounts/kv', { token: s.root, body: { type: 'kv' } });
    expect(res.status).toBe(400);
    const resp = a().entries.find((e) => e.kind === 'response')!;
    expect(resp.input.error).toBe(res.body.errors[0]);
  });

  it('carries the new token of a login in the response auth', async () => {
    await s.call('POST', 'sys/auth/userpass', { token: s.root, body: { type: 'userpass' } });
    await s.call('POST', 'auth/userpass/users/alice', { token: s.root, body: { password: 'pw-alice-123', policies: 'default' } });
    for (const d of s.fake.devices.values()) d.entries = [];
    const login = await s.call('POST', 'auth/userpass/login/alice', { body: { password: 'pw-alice-123' } });
    expect(login.status).toBe(200);
    const [req, resp] = a().entries;
    expect(req!.input.auth).toBeUndefined();
    expect(resp!.input.response!.auth).toMatchObject({ clientToken: login.body.auth.client_token, accessor: login.body.auth.accessor, tokenType: 'service' });
  });

  it('logs a wrapped response with what was wrapped and its wrap_info', async () => {
    const res = await s.call('PUT', 'echo/wrapped', { token: s.root, body: { secret: 's' }, headers: { 'x-vault-wrap-ttl': '60' } });
    const resp = a().entries.find((e) => e.kind === 'response')!;
    expect(resp.input.response!.data).toMatchObject({ path: 'wrapped' });
    expect(resp.input.response!.wrapInfo).toMatchObject({ token: res.body.wrap_info.token, ttl: 60 });
  });

  it('does not audit the HTTP-layer sys paths (health, seal-status), as Vault', async () => {
    expect((await s.call('GET', 'sys/health')).status).toBe(200);
    expect((await s.call('GET', 'sys/seal-status')).status).toBe(200);
    expect(a().entries).toEqual([]);
  });

  it("writes the enable's response entry to the new device", async () => {
    expect((await s.call('PUT', 'sys/audit/c', { token: s.root, body: { type: 'fake' } })).status).toBe(204);
    const c = s.fake.devices.get('c/')!;
    expect(c.entries.map((e) => `${e.kind} ${e.input.request.path}`)).toEqual(['response sys/audit/c']);
    await s.call('DELETE', 'sys/audit/c', { token: s.root });
  });
});
