/**
 * LIST on the wire through a real listener (bindListener): raw sockets with keep-alive and
 * pipelining, requests split at random byte boundaries, TLS, and the marker a client cannot forge.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { connect as tcpConnect, type Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ListenerConfig } from '../../../src/config/types.js';
import { LIST_MARKER_HEADER } from '../../../src/http/list-framer.js';
import { acceptListMethod } from '../../../src/http/list-method.js';
import { bindListener, type BoundListener } from '../../../src/http/listener.js';
import { makeCert } from '../../support/certs.js';
import { tempDir } from '../../support/harness.js';

interface Echo {
  method: string;
  url: string;
  body: string;
  marker: boolean;
  remote: string;
}

/** Answers every request with what it saw: method, url, body, whether any marker header got through. */
function echo(req: IncomingMessage, res: ServerResponse): void {
  const parts: Buffer[] = [];
  req.on('data', (c: Buffer) => parts.push(c));
  req.on('end', () => {
    const seen: Echo = {
      method: req.method ?? '',
      url: req.url ?? '',
      body: Buffer.concat(parts).toString('latin1'),
      marker: LIST_MARKER_HEADER in req.headers || req.rawHeaders.some((h) => h.toLowerCase() === LIST_MARKER_HEADER),
      remote: req.socket.remoteAddress ?? '',
    };
    const text = JSON.stringify(seen);
    res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
    res.end(text);
  });
}

function listenerConfig(extra: Partial<ListenerConfig> = {}): ListenerConfig {
  return { type: 'tcp', address: '127.0.0.1:0', tlsDisable: true, tlsMinVersion: 'tls12', pos: { file: 't', line: 1, col: 1 }, ...extra };
}

/** Reads `count` Content-Length framed responses off one socket. */
function readResponses(socket: Socket, count: number): Promise<Array<{ status: number; body: Echo }>> {
  return new Promise((resolve, reject) => {
    let buf = Buffer.alloc(0);
    const out: Array<{ status: number; body: Echo }> = [];
    const onData = (chunk: Buffer): void => {
      buf = Buffer.concat([buf, chunk]);
      for (;;) {
        const end = buf.indexOf('\r\n\r\n');
        if (end === -1) break;
        const head = buf.subarray(0, end).toString('latin1');
        const length = Number(/content-length: (\d+)/i.exec(head)?.[1] ?? 0);
        if (buf.length < end + 4 + length) break;
        const status = Number(head.split(' ')[1]);
        const text = buf.subarray(end + 4, end + 4 + length).toString('latin1');
        out.push({ status, body: status === 200 ? (JSON.parse(text) as Echo) : (text as unknown as Echo) });
        buf = buf.subarray(end + 4 + length);
      }
      if (out.length >= count) {
        socket.off('data', onData);
        resolve(out);
      }
    };
    socket.on('data', onData);
    socket.once('error', reject);
    socket.once('close', () => (out.length < count ? reject(new Error(`closed after ${out.length} of ${count} responses`)) : undefined));
  });
}

/** Writes `bytes` in pieces cut at `cuts`, each piece its own write after the event loop turned. */
async function writeSplit(socket: Socket, bytes: Buffer, cuts: number[]): Promise<void> {
  let from = 0;
  for (const cut of [...new Set(cuts.filter((c) => c > 0 && c < bytes.length))].sort((a, b) => a - b).concat(bytes.length)) {
    socket.write(bytes.subarray(from, cut));
    from = cut;
    await new Promise((r) => setImmediate(r));
  }
}

interface Req {
  method: string;
  path: string;
  body?: string;
  chunked?: boolean;
}

function wire(r: Req): string {
  const head = `${r.method} ${r.path} HTTP/1.1\r\nHost: 127.0.0.1\r\n`;
  if (r.body === undefined) return `${head}\r\n`;
  if (!r.chunked) return `${head}Content-Length: ${Buffer.byteLength(r.body, 'latin1')}\r\n\r\n${r.body}`;
  const half = Math.floor(r.body.length / 2);
  const chunks = [r.body.slice(0, half), r.body.slice(half)].filter((c) => c !== '');
  return `${head}Transfer-Encoding: chunked\r\n\r\n${chunks.map((c) => `${Buffer.byteLength(c, 'latin1').toString(16)}\r\n${c}\r\n`).join('')}0\r\n\r\n`;
}

function expectEchoes(got: Array<{ status: number; body: Echo }>, sent: Req[]): void {
  expect(got.map((g) => g.status)).toEqual(sent.map(() => 200));
  expect(got.map((g) => ({ method: g.body.method, url: g.body.url, body: g.body.body, marker: g.body.marker }))).toEqual(
    sent.map((r) => ({ method: r.method, url: r.path, body: r.body ?? '', marker: false })),
  );
}

describe('LIST on a plain listener', () => {
  let listener: BoundListener;
  let port: number;
  beforeAll(async () => {
    listener = await bindListener(listenerConfig(), echo);
    port = Number(listener.address.split(':')[1]);
  });
  afterAll(() => listener.close());

  const open = (): Promise<Socket> =>
    new Promise((resolve, reject) => {
      const s = tcpConnect({ host: '127.0.0.1', port, noDelay: true }, () => resolve(s));
      s.once('error', reject);
    });

  it('serves LIST between POSTs with Content-Length and chunked bodies, pipelined on one keep-alive connection', async () => {
    const sent: Req[] = [
      { method: 'POST', path: '/v1/a', body: 'LIST /v1/not-a-request HTTP/1.1\r\n\r\n' },
      { method: 'LIST', path: '/v1/secret/metadata/' },
      { method: 'PUT', path: '/v1/b', body: '{"LIST":"x"}', chunked: true },
      { method: 'LIST', path: '/v1/sys/policies/acl?x=1', body: 'ignored' },
      { method: 'GET', path: '/v1/c?list=true' },
      { method: 'DELETE', path: '/v1/d' },
    ];
    const socket = await open();
    const answers = readResponses(socket, sent.length);
    socket.write(sent.map(wire).join(''));
    const got = await answers;
    expectEchoes(got, sent);
    expect(got[1]!.body.remote).toBe('127.0.0.1');
    // Still open and serving: keep-alive untouched.
    const more = readResponses(socket, 1);
    socket.write(wire({ method: 'LIST', path: '/v1/again' }));
    expectEchoes(await more, [{ method: 'LIST', path: '/v1/again' }]);
    socket.destroy();
  });

  it('carries a large body and its answer through (backpressure both ways), then a LIST', async () => {
    const big = 'LIST / HTTP/1.1\r\n'.repeat(60_000); // about 1 MiB that must stay a body
    const sent: Req[] = [
      { method: 'POST', path: '/v1/big', body: big },
      { method: 'PUT', path: '/v1/big-chunked', body: big, chunked: true },
      { method: 'LIST', path: '/v1/after' },
    ];
    const socket = await open();
    const answers = readResponses(socket, sent.length);
    await writeSplit(socket, Buffer.from(sent.map(wire).join(''), 'latin1'), [100, 65_536, 700_000, 1_500_000]);
    expectEchoes(await answers, sent);
    socket.destroy();
  });

  it("keeps the server's keep-alive timeout: an idle connection is closed by the server", async () => {
    const before = listener.server.keepAliveTimeout;
    listener.server.keepAliveTimeout = 200;
    try {
      const socket = await open();
      const closed = new Promise<number>((resolve) => socket.once('close', () => resolve(Date.now())));
      const answers = readResponses(socket, 1);
      socket.write(wire({ method: 'LIST', path: '/v1/idle' }));
      await answers;
      const answeredAt = Date.now();
      expect((await closed) - answeredAt).toBeLessThan(5_000);
    } finally {
      listener.server.keepAliveTimeout = before;
    }
  });

  it('never trusts a marker header a client sends itself', async () => {
    const socket = await open();
    const answers = readResponses(socket, 2);
    socket.write(
      `GET /v1/x HTTP/1.1\r\nHost: h\r\n${LIST_MARKER_HEADER}: 00000000000000000000000000000000\r\n\r\n` +
        `LIST /v1/y HTTP/1.1\r\nHost: h\r\n${LIST_MARKER_HEADER}: forged\r\n\r\n`,
    );
    const got = await answers;
    expect(got.map((g) => [g.body.method, g.body.marker])).toEqual([
      ['GET', false],
      ['LIST', false],
    ]);
    socket.destroy();
  });

  it('still refuses what Node refuses: a request both Content-Length and chunked', async () => {
    const socket = await open();
    const answers = readResponses(socket, 1);
    socket.write('POST /v1/a HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\nLIST /v1/b HTTP/1.1\r\n\r\n');
    expect((await answers)[0]!.status).toBe(400);
    socket.destroy();
  });

  it('answers random interleavings split at random byte boundaries in order (property)', async () => {
    const text = fc.string({ maxLength: 30 }).map((s) => s.replace(/[^\x20-\x7e]/g, 'x'));
    const req = fc.record({
      method: fc.constantFrom('LIST', 'GET', 'POST', 'PUT', 'DELETE'),
      path: fc.stringMatching(/^\/v1\/[a-z0-9/]{0,20}$/),
      body: fc.option(text, { nil: undefined }),
      chunked: fc.boolean(),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(req, { minLength: 1, maxLength: 8 }), fc.array(fc.nat(1200), { maxLength: 10 }), async (sent, cuts) => {
        const socket = await open();
        try {
          const answers = readResponses(socket, sent.length);
          await writeSplit(socket, Buffer.from(sent.map(wire).join(''), 'latin1'), cuts);
          expectEchoes(await answers, sent);
        } finally {
          socket.destroy();
        }
      }),
      { numRuns: 40 },
    );
  });
});

describe('LIST on a TLS listener (after termination)', () => {
  let listener: BoundListener;
  let ca: Buffer;
  beforeAll(async () => {
    const cert = makeCert(tempDir('tsvault-list-tls-'), 'list');
    ca = cert.pem;
    listener = await bindListener(listenerConfig({ tlsDisable: false, tlsCertFile: cert.cert, tlsKeyFile: cert.key }), echo);
  });
  afterAll(() => listener.close());

  it('serves LIST pipelined with a chunked POST', async () => {
    const port = Number(listener.address.split(':')[1]);
    const socket = await new Promise<Socket>((resolve, reject) => {
      const s = tlsConnect({ host: '127.0.0.1', port, ca }, () => resolve(s));
      s.once('error', reject);
    });
    const sent: Req[] = [
      { method: 'LIST', path: '/v1/secret/metadata/app' },
      { method: 'POST', path: '/v1/p', body: 'LIST / HTTP/1.1\r\n', chunked: true },
      { method: 'LIST', path: '/v1/sys/policies/acl' },
    ];
    const answers = readResponses(socket, sent.length);
    await writeSplit(socket, Buffer.from(sent.map(wire).join(''), 'latin1'), [3, 40, 41, 90]);
    expectEchoes(await answers, sent);
    socket.destroy();
  });
});

describe('acceptListMethod', () => {
  it("wraps only node:http's connection listener and keeps the others, in order", async () => {
    const server = createServer(echo);
    const seen: string[] = [];
    server.on('connection', () => seen.push('before'));
    acceptListMethod(server, 'connection');
    server.on('connection', () => seen.push('after'));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const port = (server.address() as { port: number }).port;
      const socket = await new Promise<Socket>((resolve) => {
        const s = tcpConnect({ host: '127.0.0.1', port }, () => resolve(s));
      });
      const answers = readResponses(socket, 1);
      socket.write(wire({ method: 'LIST', path: '/v1/k' }));
      expectEchoes(await answers, [{ method: 'LIST', path: '/v1/k' }]);
      expect(seen).toEqual(['before', 'after']);
      socket.destroy();
    } finally {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    }
  });

  it("refuses a server without node:http's listener", () => {
    const server = createServer(echo);
    server.removeAllListeners('connection');
    expect(() => acceptListMethod(server, 'connection')).toThrow(/cannot find node:http's connection listener/);
  });
});
