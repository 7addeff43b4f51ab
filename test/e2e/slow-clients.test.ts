/**
 * Slow clients against the real server (`vault server -config`): a listener with short
 * http_read_header_timeout/http_read_timeout closes connections that trickle their headers in
 * byte by byte (slowloris), within the time configured, while a normal client is still served.
 */
import { writeFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, ServerProcess, tempDir } from '../support/harness.js';

const SLOW = 60;
const HEADER_TIMEOUT_MS = 1_000;
/** The timeout, node:http's check interval (a quarter of it), and room for a loaded machine. */
const CLOSED_WITHIN_MS = HEADER_TIMEOUT_MS + 250 + 3_000;

let server: ServerProcess;

beforeAll(async () => {
  const dir = tempDir();
  const address = `127.0.0.1:${await freePort()}`;
  const configPath = join(dir, 'vault.hcl');
  writeFileSync(
    configPath,
    `storage "file" {\n  path = "${join(dir, 'data')}"\n}\n\nlistener "tcp" {\n  address = "${address}"\n  tls_disable = 1\n` +
      `  http_read_header_timeout = "1s"\n  http_read_timeout = "2s"\n  http_idle_timeout = "1s"\n}\n`,
  );
  server = new ServerProcess({ dir, configPath, address });
  await server.start();
});
afterAll(async () => {
  await server?.stop();
});

/** A slowloris connection: a request line, then one header byte every 150 ms, never the blank line. */
function slowloris(address: string): { socket: Socket; opened: number; closed: Promise<number> } {
  const [host, port] = address.split(':');
  const socket = connect(Number(port), host!);
  const opened = performance.now();
  let timer: NodeJS.Timeout | undefined;
  socket.on('connect', () => {
    socket.write('GET /v1/sys/seal-status HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ');
    timer = setInterval(() => socket.writable && socket.write('a'), 150);
  });
  socket.on('error', () => undefined);
  const closed = new Promise<number>((resolve) =>
    socket.on('close', () => {
      clearInterval(timer);
      resolve(performance.now() - opened);
    }),
  );
  return { socket, opened, closed };
}

describe('listener limits for slow clients', () => {
  it(`closes ${SLOW} slowloris connections within the header timeout and still serves a normal client`, async () => {
    const slow = Array.from({ length: SLOW }, () => slowloris(server.address));
    try {
      // While they trickle in, a normal request is answered.
      const r = await fetch(`http://${server.address}/v1/sys/seal-status`);
      expect(r.status).toBe(200);
      expect((await r.json()) as unknown).toMatchObject({ type: 'shamir', initialized: false });

      const cap = new Promise<'cap'>((resolve) => setTimeout(() => resolve('cap'), CLOSED_WITHIN_MS + 2_000).unref());
      const times = await Promise.all(slow.map((s) => Promise.race([s.closed, cap])));
      const open = times.filter((t) => t === 'cap').length;
      expect(open, `${open} of ${SLOW} slow connections still open after ${CLOSED_WITHIN_MS + 2_000} ms`).toBe(0);
      for (const ms of times as number[]) {
        expect(ms).toBeGreaterThanOrEqual(HEADER_TIMEOUT_MS - 50);
        expect(ms).toBeLessThanOrEqual(CLOSED_WITHIN_MS);
      }
      // And afterwards too.
      expect((await fetch(`http://${server.address}/v1/sys/seal-status`)).status).toBe(200);
    } finally {
      for (const s of slow) s.socket.destroy();
    }
  });
});
