/**
 * The operator endpoints against a real `vault server -dev`: sys/monitor streams lines logged after
 * it subscribed (below the server's own level) and stops when the client leaves, sys/loggers
 * changes one logger's level, ?help=1, sys/internal/specs/openapi, sys/in-flight-req,
 * sys/host-info and sys/config/state/sanitized.
 */
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDevServer, type DevServer } from '../support/dev-server.js';

let dev: DevServer;

async function api(method: string, path: string, body?: unknown, token: string | undefined = dev.rootToken) {
  const res = await fetch(`${dev.url}/v1/${path}`, {
    method,
    headers: { ...(token ? { 'X-Vault-Token': token } : {}), ...(body ? { 'Content-Type': 'application/json' } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  return { status: res.status, json: text ? (JSON.parse(text) as Record<string, any>) : undefined };
}

async function until(check: () => boolean | Promise<boolean>, what: string, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Log a debug line from the http logger ("unseal key supplied"); the key itself is never logged. */
const logDebugLine = () => api('POST', 'sys/unseal', { key: 'AAAA' });

beforeAll(async () => {
  dev = await startDevServer('tsvault-operator-e2e-');
});
afterAll(async () => {
  await dev?.stop();
});

describe('sys/monitor', () => {
  it('streams a debug line logged after it subscribed, though the server logs at info, and stops when the client goes', async () => {
    let received = '';
    const req = request(`${dev.url}/v1/sys/monitor?log_level=debug`, { headers: { 'X-Vault-Token': dev.rootToken } });
    const status = new Promise<number>((resolve, reject) => {
      req.on('response', (res) => {
        res.setEncoding('utf8');
        res.on('data', (c: string) => (received += c));
        res.on('error', () => undefined);
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
    });
    req.end();
    expect(await status).toBe(200);

    const inFlight = await api('GET', 'sys/in-flight-req');
    const entries = Object.values(inFlight.json!) as Record<string, string>[];
    expect(entries.some((e) => e.request_path === '/v1/sys/monitor' && e.request_method === 'GET')).toBe(true);
    expect(entries[0]).toHaveProperty('client_remote_address');

    await logDebugLine();
    await until(() => received.includes('unseal key supplied'), 'the debug line on the monitor');
    expect(received).toMatch(/\[DEBUG\] http: unseal key supplied: migrate=false/);
    expect(dev.server.output).not.toContain('unseal key supplied');

    req.destroy();
    await until(async () => {
      const now = Object.values((await api('GET', 'sys/in-flight-req')).json!) as Record<string, string>[];
      return !now.some((e) => e.request_path === '/v1/sys/monitor');
    }, 'the monitor to leave the in-flight requests');
  });

  it('refuses an unknown log level with 400', async () => {
    const r = await api('GET', 'sys/monitor?log_level=loud');
    expect(r).toEqual({ status: 400, json: { errors: ['unknown log level'] } });
  });
});

describe('sys/loggers', () => {
  it('lists the loggers, sets one to debug (its debug lines reach the log), and reverts it', async () => {
    const all = await api('GET', 'sys/loggers');
    expect(all.json!.data).toMatchObject({ core: 'info', http: 'info' });
    expect((await api('POST', 'sys/loggers/http', { level: 'debug' })).status).toBe(204);
    expect((await api('GET', 'sys/loggers/http')).json!.data).toEqual({ http: 'debug' });
    await logDebugLine();
    await dev.server.waitForOutput(/\[DEBUG\] http: unseal key supplied/);
    expect((await api('DELETE', 'sys/loggers/http')).status).toBe(204);
    expect((await api('GET', 'sys/loggers/http')).json!.data).toEqual({ http: 'info' });
    const count = dev.server.output.split('unseal key supplied').length;
    await logDebugLine();
    await api('GET', 'sys/loggers');
    expect(dev.server.output.split('unseal key supplied').length).toBe(count);
  });

  it('refuses an unknown logger and a bad level', async () => {
    expect(await api('POST', 'sys/loggers/nope', { level: 'debug' })).toEqual({ status: 400, json: { errors: ['logger "nope" not found'] } });
    expect((await api('POST', 'sys/loggers', { level: 'loud' })).status).toBe(400);
    expect(await api('POST', 'sys/loggers', {})).toEqual({ status: 400, json: { errors: ['level is required'] } });
  });
});

describe('path help and OpenAPI', () => {
  it('answers ?help=1 for the kv mount and one of its paths, with a token only', async () => {
    const root = await api('GET', 'secret/?help=1');
    expect(root.status).toBe(200);
    expect(root.json!.help).toContain('versioned key/value');
    expect(root.json!.openapi.paths).toHaveProperty(['/secret/data/{path}']);
    const path = await api('GET', 'secret/data/app?help=1');
    expect(path.json!.help).toMatch(/^Request: +data\/app\nMatching Route: /);
    expect((await api('GET', 'secret/?help=1', undefined, '')).status).toBe(403);
  });

  it('serves sys/internal/specs/openapi without a token', async () => {
    const r = await api('GET', 'sys/internal/specs/openapi', undefined, '');
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ openapi: '3.0.2', info: { title: expect.any(String) } });
    expect(Object.keys(r.json!.paths)).toEqual(expect.arrayContaining(['/secret/data/{path}', '/sys/mounts/{path}', '/auth/token/create']));
  });
});

describe('host-info and config state', () => {
  it('reports the host in gopsutil field names', async () => {
    const r = await api('GET', 'sys/host-info');
    expect(r.status).toBe(200);
    expect(r.json!.data.host.hostname).toEqual(expect.any(String));
    expect(r.json!.data.memory.total).toBeGreaterThan(0);
    expect(Array.isArray(r.json!.data.cpu)).toBe(true);
  });

  it('returns the sanitized configuration', async () => {
    const r = await api('GET', 'sys/config/state/sanitized');
    expect(r.status).toBe(200);
    expect(r.json!.data.storage).toMatchObject({ type: 'inmem' });
    expect(r.json!.data.listeners[0].type).toBe('tcp');
  });
});
