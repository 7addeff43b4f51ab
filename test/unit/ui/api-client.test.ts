import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, ApiError, errorMessages } from '../../../ui/src/api/client.js';

interface Seen {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}
const seen: Seen[] = [];
let server: Server;
let base = '';

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => {
      seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      const path = (req.url ?? '').split('?')[0];
      if (path === '/v1/denied') {
        res.writeHead(403, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ errors: ['permission denied'] }));
      } else if (path === '/v1/empty-404') {
        res.writeHead(404, { 'Content-Type': 'application/json' });
        res.end('{"errors":[]}');
      } else if (path === '/v1/text-error') {
        res.writeHead(500, { 'Content-Type': 'text/plain' });
        res.end('upstream broke\n');
      } else if (path === '/v1/none') {
        res.writeHead(204);
        res.end();
      } else {
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ data: { ok: true } }));
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

describe('the UI API client', () => {
  it('sends the session token, JSON bodies, and LIST as GET ?list=true', async () => {
    let token: string | undefined = 'hvs.session';
    const api = new ApiClient(() => token, base);
    seen.length = 0;
    expect(await api.get('sys/a')).toEqual({ data: { ok: true } });
    await api.put('sys/b', { x: 1 });
    await api.list('secret/metadata/');
    await api.get('sys/c', { anonymous: true });
    await api.get('sys/d', { token: 'hvs.other' });
    token = undefined;
    await api.delete('sys/e');
    expect(seen.map((s) => [s.method, s.url, s.headers['x-vault-token'], s.body])).toEqual([
      ['GET', '/v1/sys/a', 'hvs.session', ''],
      ['PUT', '/v1/sys/b', 'hvs.session', '{"x":1}'],
      ['GET', '/v1/secret/metadata/?list=true', 'hvs.session', ''],
      ['GET', '/v1/sys/c', undefined, ''],
      ['GET', '/v1/sys/d', 'hvs.other', ''],
      ['DELETE', '/v1/sys/e', undefined, ''],
    ]);
    expect(seen[1]!.headers['content-type']).toBe('application/json');
    expect(await api.get('none')).toBeUndefined();
  });

  it('throws the server\'s errors as sent, whatever the body', async () => {
    const api = new ApiClient(() => undefined, base);
    const denied = await api.get('denied').catch((e: unknown) => e);
    expect(denied).toBeInstanceOf(ApiError);
    expect(denied).toMatchObject({ status: 403, errors: ['permission denied'] });
    expect(errorMessages(denied)).toEqual(['permission denied']);
    const empty = await api.get('empty-404').catch((e: unknown) => e);
    expect(empty).toMatchObject({ status: 404, errors: [] });
    expect(errorMessages(empty)).toEqual(['server answered 404']);
    expect(await api.get('text-error').catch((e: unknown) => e)).toMatchObject({ status: 500, errors: ['upstream broke'] });
  });

  it('reports an unreachable server as an error of its own', async () => {
    const api = new ApiClient(() => undefined, 'http://127.0.0.1:9/v1/');
    const err = (await api.get('sys/x').catch((e: unknown) => e)) as ApiError;
    expect(err.status).toBe(0);
    expect(err.errors[0]).toMatch(/^could not reach the server: /);
  });
});
