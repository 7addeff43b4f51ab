/**
 * A tiny fake of a Vault server's transit engine and token renewal, over node:http or node:https,
 * for the transit seal's unit tests: it records every request and can be told to answer an error.
 */
import { randomBytes } from 'node:crypto';
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer, type ServerOptions } from 'node:https';
import type { AddressInfo } from 'node:net';

export interface SeenRequest {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: Record<string, unknown>;
}

export interface FakeTransit {
  address: string;
  requests: SeenRequest[];
  /** The key version new ciphertexts get (a rotation bumps it). */
  latest: number;
  ttl: number;
  renewable: boolean;
  /** Answer every request with this status and errors (e.g. 503 "Vault is sealed"). */
  fail: { status: number; errors?: string[]; body?: string; paths?: RegExp } | undefined;
  /** Return this as the encrypt ciphertext instead of a real one. */
  ciphertextOverride: string | undefined;
  close(): Promise<void>;
}

export const FAKE_TOKEN = 'hvs.fake-transit-token-0123456789';

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

export async function startFakeTransit(opts: { mount?: string; key?: string; tls?: ServerOptions } = {}): Promise<FakeTransit> {
  const mount = opts.mount ?? 'transit';
  const key = opts.key ?? 'autounseal';
  const store = new Map<string, string>();
  const state: Omit<FakeTransit, 'address' | 'close'> = {
    requests: [],
    latest: 1,
    ttl: 3600,
    renewable: true,
    fail: undefined,
    ciphertextOverride: undefined,
  };

  const handle = (req: IncomingMessage, res: ServerResponse, raw: string): void => {
    let body: Record<string, unknown> = {};
    try {
      body = raw === '' ? {} : (JSON.parse(raw) as Record<string, unknown>);
    } catch {
      send(res, 400, { errors: ['failed to parse JSON input'] });
      return;
    }
    const url = req.url ?? '';
    state.requests.push({ method: req.method ?? '', url, headers: req.headers, body });
    const fail = state.fail;
    if (fail && (!fail.paths || fail.paths.test(url))) {
      if (fail.body !== undefined) {
        res.writeHead(fail.status, { 'content-type': 'text/plain' });
        res.end(fail.body);
      } else {
        send(res, fail.status, { errors: fail.errors ?? [] });
      }
      return;
    }
    if (req.headers['x-vault-token'] !== FAKE_TOKEN) {
      send(res, 403, { errors: ['permission denied'] });
      return;
    }
    if (url === '/v1/auth/token/renew-self') {
      send(res, 200, { auth: { client_token: FAKE_TOKEN, lease_duration: state.ttl, renewable: state.renewable } });
      return;
    }
    if (url === `/v1/${mount}/encrypt/${key}`) {
      const ct = state.ciphertextOverride ?? `vault:v${state.latest}:${randomBytes(24).toString('base64')}`;
      store.set(ct, String(body.plaintext));
      send(res, 200, { data: { ciphertext: ct, key_version: state.latest } });
      return;
    }
    if (url === `/v1/${mount}/decrypt/${key}`) {
      const pt = store.get(String(body.ciphertext));
      if (pt === undefined) send(res, 400, { errors: ['invalid ciphertext: unable to decrypt'] });
      else send(res, 200, { data: { plaintext: pt } });
      return;
    }
    send(res, 404, { errors: [`no handler for route "${url.replace(/^\/v1\//, '')}"`] });
  };

  const listener = (req: IncomingMessage, res: ServerResponse): void => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => handle(req, res, Buffer.concat(chunks).toString('utf8')));
  };
  const server: Server = opts.tls ? createHttpsServer(opts.tls, listener) : createHttpServer(listener);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const fake = state as FakeTransit;
  fake.address = `${opts.tls ? 'https' : 'http'}://127.0.0.1:${port}`;
  fake.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return fake;
}
