/**
 * The request listener's own decisions (src/http/handler.ts), beyond the life cycle in
 * handler.test.ts: what is refused before routing, tokens from Authorization, HTTP-layer sys paths
 * under the ACL, and which failures are logged.
 */
import { createServer, request as httpRequest, type Server } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../../src/core/core.js';
import { assemble } from '../../../src/server/assemble.js';
import { createRequestHandler } from '../../../src/http/handler.js';
import type { LogFields, Logger } from '../../../src/log/types.js';
import { nullLogger } from '../../../src/log/logger.js';
import { createInmemBackend } from '../../../src/storage/inmem.js';
import type { Backend } from '../../../src/storage/types.js';
import { aead } from '../../../src/seal/plugin-api.js';
import shamir from '../../../plugins/shamir/index.js';
import { sealFor } from '../../../src/seal/create-seals.js';

type Line = { module: string; level: string; msg: string; fields?: LogFields };
const lines: Line[] = [];

/** Records lines with the module name the handler asked for. */
function moduleLogger(module = ''): Logger {
  const at = (level: string) => (msg: string, fields?: LogFields) => void lines.push({ module, level, msg, fields });
  return { trace: at('trace'), debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error'), named: (n) => moduleLogger(module ? `${module}.${n}` : n) };
}

let server: Server;
let origin: string;
let core: Core;
let root = '';
let unsealKey: Buffer;
const storageFails = { on: false };

/** inmem storage that throws a plain Error on reads while storageFails.on. */
function failingStorage(): Backend {
  const inner = createInmemBackend();
  return {
    ...inner,
    async get(key) {
      if (storageFails.on && key.startsWith('logical/')) throw new Error('disk on fire');
      return inner.get(key);
    },
  };
}

/** A raw request: the path goes out exactly as written (fetch would normalise dots). */
function raw(method: string, path: string, headers: Record<string, string> = {}, body?: string) {
  return new Promise<{ status: number; headers: Record<string, unknown>; body: string }>((resolve, reject) => {
    const req = httpRequest(origin, { method, headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
    });
    req.path = path;
    req.on('error', reject);
    req.end(body);
  });
}

const json = async (method: string, path: string, headers: Record<string, string> = {}, body?: unknown) => {
  const r = await raw(method, path, { 'content-type': 'application/json', ...headers }, body === undefined ? undefined : JSON.stringify(body));
  return { status: r.status, body: r.body ? JSON.parse(r.body) : undefined, headers: r.headers };
};

beforeAll(async () => {
  const seal = sealFor(await shamir.create({}, { logger: nullLogger(), env: {}, aead }));
  const assembled = assemble({ storage: failingStorage(), storageType: 'inmem', seal, logger: nullLogger(), version: '1.0.0', buildDate: 'b' });
  core = assembled.core;
  server = createServer(createRequestHandler(assembled.pipeline, moduleLogger()));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const init = await core.initialize({ secret_shares: 1, secret_threshold: 1 });
  root = init.root_token;
  unsealKey = Buffer.from(init.keys_base64[0]!, 'base64');
  await core.unseal(unsealKey);
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

describe('refused before routing', () => {
  it('answers a . or .. segment with 400 and Vault\'s text, but not a dot inside a name', async () => {
    for (const path of ['/v1/sys/./seal-status', '/v1/secret/../sys/seal-status', '/v1/sys/%2e/seal-status']) {
      expect(await json('GET', path)).toMatchObject({ status: 400, body: { errors: ['path cannot contain parent references'] } });
    }
    expect((await json('GET', '/v1/cubbyhole/my.file', { 'x-vault-token': root })).status).toBe(404);
  });

  it('answers anything outside /v1/ with 404 and no errors', async () => {
    for (const path of ['/', '/v2/sys/seal-status', '/ui/']) {
      expect(await json('GET', path)).toMatchObject({ status: 404, body: { errors: [] } });
    }
  });

  it('serves HTTP-layer sys paths with trailing slashes', async () => {
    expect((await json('GET', '/v1/sys/seal-status/')).body).toMatchObject({ sealed: false });
    expect((await json('GET', '/v1/sys/seal-status//')).body).toMatchObject({ sealed: false });
  });

  it('refuses a method a sys path does not have with 405 and no errors', async () => {
    expect(await json('DELETE', '/v1/sys/seal-status')).toMatchObject({ status: 405, body: { errors: [] } });
  });
});

describe('tokens and the ACL on HTTP-layer sys paths', () => {
  it('takes the token from Authorization: Bearer when X-Vault-Token is absent', async () => {
    expect((await json('GET', '/v1/sys/key-status', { authorization: `Bearer ${root}` })).status).toBe(200);
    expect((await json('GET', '/v1/sys/key-status', { authorization: `bearer   ${root}  ` })).status).toBe(200);
    expect((await json('GET', '/v1/sys/key-status', { authorization: `Basic ${root}` })).status).toBe(403);
    expect((await json('GET', '/v1/sys/key-status', { 'x-vault-token': '', authorization: `Bearer ${root}` })).status).toBe(200);
  });

  it('answers a 204 without a body or a content type', async () => {
    const r = await raw('PUT', '/v1/sys/rotate', { 'x-vault-token': root });
    expect(r.status).toBe(204);
    expect(r.body).toBe('');
    expect(r.headers['content-type']).toBeUndefined();
  });

  it('answers a token-guarded sys path with 503 while sealed, and logs nothing for it', async () => {
    lines.length = 0;
    await core.seal();
    try {
      expect(await json('GET', '/v1/sys/key-status', { 'x-vault-token': root })).toMatchObject({ status: 503, body: { errors: ['Vault is sealed'] } });
      expect((await json('GET', '/v1/secret/data/x', { 'x-vault-token': root })).status).toBe(503);
    } finally {
      await core.unseal(unsealKey);
    }
    expect(lines.filter((l) => l.level === 'error')).toEqual([]);
  });
});

describe('what is logged', () => {
  it('logs a 500 at error under "http" with the method, path and message, but not a 4xx', async () => {
    lines.length = 0;
    expect((await json('GET', '/v1/cubbyhole/nothing', { 'x-vault-token': root })).status).toBe(404);
    expect((await json('GET', '/v1/sys/key-status')).status).toBe(403);
    expect(lines).toEqual([]);
    storageFails.on = true;
    try {
      const r = await json('GET', '/v1/cubbyhole/x', { 'x-vault-token': root });
      expect(r.status).toBe(500);
    } finally {
      storageFails.on = false;
    }
    expect(lines).toEqual([{ module: 'http', level: 'error', msg: 'request failed', fields: { method: 'GET', path: 'cubbyhole/x', error: 'disk on fire' } }]);
  });

  it('a client that aborts while sending its body is logged at debug, not as an error', async () => {
    lines.length = 0;
    const { port } = server.address() as AddressInfo;
    const socket = connect(port, '127.0.0.1');
    await new Promise<void>((r) => socket.once('connect', r));
    socket.write(`PUT /v1/cubbyhole/x HTTP/1.1\r\nHost: x\r\nX-Vault-Token: ${root}\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"a":`);
    await new Promise((r) => setTimeout(r, 50)); // the request reaches the handler and waits for its body
    socket.destroy();
    const deadline = Date.now() + 5000;
    while (lines.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    expect(lines.filter((l) => l.level === 'error')).toEqual([]);
    expect(lines).toEqual([{ module: 'http', level: 'debug', msg: 'client aborted the request', fields: { method: 'PUT', path: 'cubbyhole/x' } }]);
  });
});
