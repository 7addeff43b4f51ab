import { createSocket } from 'node:dgram';
import { mkdtempSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createSocketDevice } from '../../../../src/audit/devices/socket.js';
import type { AuditDevice, AuditInput } from '../../../../src/audit/types.js';
import { nullLogger } from '../../../../src/log/logger.js';

const salt = new TextEncoder().encode('socket-device-salt');
const input = (id: string): AuditInput => ({ request: { id, operation: 'read', path: 'secret/x', clientToken: 'hvs.tok' } });
const cleanup: Array<() => Promise<void> | void> = [];

afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f();
});

async function device(options: Record<string, string>): Promise<AuditDevice> {
  const d = await createSocketDevice({ path: 'socket/', type: 'socket', options, salt, logger: nullLogger() });
  cleanup.push(() => d.close());
  return d;
}

/** A stream server collecting what it receives; `listen` is a port on 127.0.0.1 or a unix path. */
async function streamServer(listen: number | string): Promise<{ server: Server; received: () => string; sockets: Socket[]; address: string }> {
  let data = '';
  const sockets: Socket[] = [];
  const server = createServer((s) => {
    sockets.push(s);
    s.on('data', (chunk) => (data += chunk.toString('utf8')));
    s.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => (typeof listen === 'string' ? server.listen(listen, resolve) : server.listen(listen, '127.0.0.1', resolve)));
  cleanup.push(() => new Promise<void>((resolve) => {
    for (const s of sockets) s.destroy();
    server.close(() => resolve());
  }));
  const addr = server.address();
  const address = typeof addr === 'string' ? addr : `127.0.0.1:${addr!.port}`;
  return { server, received: () => data, sockets, address };
}

async function until(check: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

const ids = (text: string): string[] => text.split('\n').filter(Boolean).map((l) => JSON.parse(l).request.id);

describe('socket audit device', () => {
  it('writes hashed JSON lines to a TCP server', async () => {
    const srv = await streamServer(0);
    const d = await device({ address: srv.address });
    await d.logRequest(input('a'));
    await d.logResponse(input('a'));
    await until(() => ids(srv.received()).length === 2);
    const [req] = srv.received().split('\n').map((l) => l && JSON.parse(l));
    expect(req.request.client_token).toBe(d.hash('hvs.tok'));
    expect(srv.received()).not.toContain('hvs.tok');
    expect(srv.sockets).toHaveLength(1); // one connection kept for both entries
  });

  it('reconnects once when the server dropped the connection', async () => {
    const srv = await streamServer(0);
    const d = await device({ address: srv.address });
    await d.logRequest(input('first'));
    await until(() => srv.sockets.length === 1);
    srv.sockets[0]!.destroy();
    await new Promise((r) => setTimeout(r, 50));
    await d.logRequest(input('second'));
    await until(() => ids(srv.received()).includes('second'));
    expect(srv.sockets.length).toBe(2);
  });

  it('rejects when nobody listens', async () => {
    const srv = await streamServer(0);
    const address = srv.address;
    await new Promise<void>((resolve) => srv.server.close(() => resolve()));
    const d = await device({ address });
    await expect(d.logRequest(input('x'))).rejects.toMatchObject({ code: 'AUDIT_WRITE', message: expect.stringContaining('ECONNREFUSED') });
    await expect(d.reopen()).rejects.toMatchObject({ code: 'AUDIT_WRITE' });
  });

  it('writes datagrams to a UDP socket on 127.0.0.1', async () => {
    const udp = createSocket('udp4');
    const got: string[] = [];
    udp.on('message', (m) => got.push(m.toString('utf8')));
    await new Promise<void>((resolve) => udp.bind(0, '127.0.0.1', resolve));
    cleanup.push(() => new Promise<void>((resolve) => udp.close(() => resolve())));
    const d = await device({ address: `127.0.0.1:${udp.address().port}`, socket_type: 'udp' });
    await d.logRequest(input('dgram'));
    await until(() => got.length === 1);
    expect(JSON.parse(got[0]!).request.id).toBe('dgram');
    expect(got[0]!.endsWith('\n')).toBe(true);
  });

  it('writes to a unix socket', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'tsvault-audit-sock-')), 'audit.sock');
    const srv = await streamServer(path);
    const d = await device({ address: path, socket_type: 'unix', format: 'jsonx' });
    await d.logRequest(input('unix'));
    await until(() => srv.received().includes('</json:object>'));
    expect(srv.received()).toContain('<json:string name="id">unix</json:string>');
  });

  it('honours write_timeout: a peer that never reads makes the write reject', async () => {
    const srv = await streamServer(0);
    const d = await device({ address: srv.address, write_timeout: '300ms', log_raw: 'true' });
    await d.logRequest(input('ok'));
    await until(() => srv.sockets.length === 1);
    for (const s of srv.sockets) s.pause();
    srv.server.close(); // the retry cannot connect either
    // log_raw, so the 64 MiB value is written as it is (hashed it would be 64 bytes)
    const big: AuditInput = { request: { id: 'big', operation: 'update', path: 'p', data: { blob: 'x'.repeat(64 * 1024 * 1024) } } };
    const started = Date.now();
    await expect(d.logRequest({ ...big })).rejects.toMatchObject({ code: 'AUDIT_WRITE', message: expect.stringContaining('timeout') });
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('refuses missing or unusable options with Vault\'s text', async () => {
    const refusal = (options: Record<string, string>): Promise<unknown> =>
      createSocketDevice({ path: 's/', type: 'socket', options, salt, logger: nullLogger() }).then(() => undefined, (e: unknown) => e);
    expect(await refusal({})).toMatchObject({ code: 'AUDIT_INVALID_OPTIONS', message: '"address" is required: invalid configuration' });
    expect(await refusal({ address: ' ' })).toMatchObject({ message: '"address" cannot be empty: invalid configuration' });
    expect(await refusal({ address: '127.0.0.1:9', socket_type: 'sctp' })).toMatchObject({ message: expect.stringContaining('unknown network sctp') });
    expect(await refusal({ address: '127.0.0.1:9', write_timeout: 'soon' })).toMatchObject({ message: expect.stringContaining('unable to parse max duration') });
    expect(await refusal({ address: '127.0.0.1:9', log_raw: 'maybe' })).toMatchObject({ message: 'unable to parse "log_raw": invalid configuration' });
  });
});
