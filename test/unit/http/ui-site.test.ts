import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRequestHandler } from '../../../src/http/handler.js';
import { createUiSite, UI_CSP } from '../../../src/http/ui-site.js';
import { nullLogger } from '../../../src/log/logger.js';

const api = {
  handle: async () => ({ status: 200, body: { data: { api: true } } }),
  help: async () => ({ status: 200, body: {} }),
} as unknown as Parameters<typeof createRequestHandler>[0];

const root = mkdtempSync(join(tmpdir(), 'tsvault-ui-'));
mkdirSync(join(root, 'assets'));
writeFileSync(join(root, 'index.html'), '<!doctype html><script type="module" src="/ui/assets/index-AbC123.js"></script>');
writeFileSync(join(root, 'assets', 'index-AbC123.js'), 'console.log(1)');
writeFileSync(join(root, 'assets', 'index-AbC123.css'), 'body{}');
writeFileSync(join(root, 'secret.txt'), 'outside assets');

function rawGet(base: string, path: string): Promise<{ status: number; body: string }> {
  return new Promise((res, rej) => {
    const req = request(`${base}${path}`, (r) => {
      let body = '';
      r.on('data', (d: Buffer) => (body += d.toString()));
      r.on('end', () => res({ status: r.statusCode ?? 0, body }));
    });
    req.path = path;
    req.on('error', rej);
    req.end();
  });
}

const servers: Server[] = [];
async function serve(ui: boolean, uiRoot = root): Promise<string> {
  const server = createServer(createRequestHandler(api, nullLogger(), undefined, undefined, {}, ui ? createUiSite({ root: uiRoot }) : undefined));
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}
let on: string;
let off: string;
beforeAll(async () => {
  on = await serve(true);
  off = await serve(false);
});
afterAll(() => Promise.all(servers.map((s) => new Promise<void>((r) => s.close(() => r())))));

describe('the UI site (ui = true)', () => {
  it('serves index.html at /ui/ with the strict CSP, frame refusal and no caching', async () => {
    const res = await fetch(`${on}/ui/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('content-security-policy')).toBe(UI_CSP);
    expect(UI_CSP).toContain("script-src 'self'");
    expect(UI_CSP).toContain("frame-ancestors 'none'");
    expect(UI_CSP).not.toContain('unsafe-inline');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(await res.text()).toContain('index-AbC123.js');
  });

  it('serves hashed assets with their content type and a long immutable cache', async () => {
    const js = await fetch(`${on}/ui/assets/index-AbC123.js`);
    expect(js.status).toBe(200);
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(js.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(await js.text()).toBe('console.log(1)');
    const css = await fetch(`${on}/ui/assets/index-AbC123.css`);
    expect(css.headers.get('content-type')).toBe('text/css; charset=utf-8');
  });

  it('answers a missing asset 404 (not remembered) and any other /ui/ path with index.html', async () => {
    expect((await fetch(`${on}/ui/assets/nope.js`)).status).toBe(404);
    writeFileSync(join(root, 'assets', 'nope.js'), 'late');
    expect(await (await fetch(`${on}/ui/assets/nope.js`)).text()).toBe('late');
    const deep = await fetch(`${on}/ui/vault/secrets`);
    expect(deep.status).toBe(200);
    expect(await deep.text()).toContain('<!doctype html>');
    const other = await fetch(`${on}/ui/secret.txt`);
    expect(await other.text()).not.toContain('outside assets');
  });

  it('refuses traversal out of the UI folder (raw paths, as fetch would normalise them)', async () => {
    expect(await rawGet(on, '/ui/assets/%2e%2e/secret.txt')).toEqual({ status: 400, body: expect.not.stringContaining('outside') });
    expect(await rawGet(on, '/ui/assets/..%2f..%2fsecret.txt')).toEqual({ status: 400, body: expect.not.stringContaining('outside') });
    const sneaky = await rawGet(on, '/ui/assets%2f..%2fsecret.txt');
    expect(sneaky.body).not.toContain('outside assets');
  });

  it('redirects / and /ui to /ui/ with a 307', async () => {
    for (const path of ['/', '/ui']) {
      const res = await fetch(`${on}${path}`, { redirect: 'manual' });
      expect(res.status).toBe(307);
      expect(res.headers.get('location')).toBe('/ui/');
    }
  });

  it('answers HEAD without a body and other methods 405', async () => {
    const head = await fetch(`${on}/ui/`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
    expect((await fetch(`${on}/ui/`, { method: 'POST', body: 'x' })).status).toBe(405);
  });

  it('leaves /v1/ to the API and other paths to the API 404', async () => {
    expect(await (await fetch(`${on}/v1/sys/anything`)).json()).toEqual({ data: { api: true } });
    expect((await fetch(`${on}/elsewhere`)).status).toBe(404);
  });

  it('answers 404 when the build has no UI', async () => {
    const empty = await serve(true, mkdtempSync(join(tmpdir(), 'tsvault-ui-empty-')));
    const res = await fetch(`${empty}/ui/`);
    expect(res.status).toBe(404);
    expect(await res.text()).toMatch(/UI is not available/);
  });
});

describe('the UI site (ui = false)', () => {
  it('answers 404 for /ui/ and / (no redirect)', async () => {
    expect((await fetch(`${off}/ui/`)).status).toBe(404);
    expect((await fetch(`${off}/`, { redirect: 'manual' })).status).toBe(404);
  });
});
