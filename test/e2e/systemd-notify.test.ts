/**
 * sd_notify over a real NOTIFY_SOCKET: a Python AF_UNIX SOCK_DGRAM socket bound by the test sees
 * READY=1 once the listener accepts connections, RELOADING=1 (+ MONOTONIC_USEC) then READY=1
 * around SIGHUP, and STOPPING=1 on SIGTERM — through systemd-notify when it is on PATH, and
 * through the python3 fallback on an abstract socket when it is not.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { symlinkSync, mkdirSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ServerProcess, tempDir } from '../support/harness.js';

const LISTENER = `import json, socket, sys
addr = sys.argv[1]
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind("\\0" + addr[1:] if addr.startswith("@") else addr)
print(json.dumps("LISTENING"), flush=True)
while True:
    print(json.dumps(s.recv(65536).decode()), flush=True)
`;

interface Received {
  message: string;
  /** For READY=1: whether the server's port accepted a TCP connection right when it arrived. */
  listening?: boolean;
  /** CLOCK_MONOTONIC (µs) in this process when it arrived. */
  at: bigint;
}

/** The test's end of NOTIFY_SOCKET: every datagram but the helpers' BARRIER=1. */
class NotifySocket {
  readonly received: Received[] = [];
  #proc: ChildProcess;
  #buffer = '';

  private constructor(proc: ChildProcess, port: () => number) {
    this.#proc = proc;
    proc.stdout!.on('data', (d: Buffer) => {
      this.#buffer += d.toString();
      let nl: number;
      while ((nl = this.#buffer.indexOf('\n')) >= 0) {
        const message = JSON.parse(this.#buffer.slice(0, nl)) as string;
        this.#buffer = this.#buffer.slice(nl + 1);
        if (message === 'BARRIER=1' || message === 'LISTENING') continue;
        const entry: Received = { message, at: process.hrtime.bigint() / 1000n };
        this.received.push(entry);
        if (message === 'READY=1' && entry.listening === undefined) {
          const sock = connect(port(), '127.0.0.1');
          sock.once('connect', () => {
            entry.listening = true;
            sock.destroy();
          });
          sock.once('error', () => (entry.listening = false));
        }
      }
    });
  }

  static async bind(address: string, port: () => number): Promise<NotifySocket> {
    const proc = spawn('python3', ['-c', LISTENER, address], { stdio: ['ignore', 'pipe', 'inherit'] });
    const socket = new NotifySocket(proc, port);
    await new Promise<void>((resolve, reject) => {
      proc.once('exit', (code) => reject(new Error(`notify socket helper exited with ${code}`)));
      proc.stdout!.on('data', (d: Buffer) => {
        if (d.toString().includes('LISTENING')) resolve();
      });
    });
    return socket;
  }

  messages(): string[] {
    return this.received.map((r) => r.message);
  }

  async waitForCount(n: number, timeoutMs = 15_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.received.length < n) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${n} messages, got ${JSON.stringify(this.messages())}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  close(): void {
    this.#proc.kill('SIGTERM');
  }
}

let server: ServerProcess | undefined;
let socket: NotifySocket | undefined;
afterEach(async () => {
  await server?.stop();
  socket?.close();
  server = undefined;
  socket = undefined;
});

async function lifecycle(address: string, env: Record<string, string>): Promise<void> {
  const before = process.hrtime.bigint() / 1000n;
  server = await ServerProcess.withFileStorage('', { NOTIFY_SOCKET: address, ...env });
  const port = Number(server.address.split(':')[1]);
  socket = await NotifySocket.bind(address, () => port);
  await server.start();
  await socket.waitForCount(1);
  expect(socket.messages()).toEqual(['READY=1']);
  await expect.poll(() => socket!.received[0]!.listening).toBe(true);

  server.signal('SIGHUP');
  await socket.waitForCount(3);
  const [, reloading, ready] = socket.messages();
  expect(reloading).toMatch(/^RELOADING=1\nMONOTONIC_USEC=\d+$/);
  // The same clock as this process's hrtime (CLOCK_MONOTONIC), stamped before the message left.
  const usec = BigInt(/MONOTONIC_USEC=(\d+)/.exec(reloading!)![1]!);
  expect(usec).toBeGreaterThan(before);
  expect(usec).toBeLessThanOrEqual(socket.received[1]!.at);
  expect(ready).toBe('READY=1');
  await server.waitForOutput(/reloaded configuration/);

  expect(await server.stop('SIGTERM')).toBe(0);
  await socket.waitForCount(4);
  expect(socket.messages()).toEqual(['READY=1', reloading, 'READY=1', 'STOPPING=1']);
}

describe('systemd notification (NOTIFY_SOCKET)', () => {
  it('READY=1 after listening, RELOADING=1/READY=1 around SIGHUP, STOPPING=1 on SIGTERM (socket path)', async () => {
    await lifecycle(join(tempDir('tsvault-notify-'), 'notify.sock'), {});
  });

  it('the same through the python3 fallback on an abstract socket when systemd-notify is not on PATH', async () => {
    const python = spawnSync('python3', ['-c', 'import sys; print(sys.executable)'], { encoding: 'utf8' }).stdout.trim();
    const bin = join(tempDir('tsvault-path-'), 'bin');
    mkdirSync(bin);
    symlinkSync(python, join(bin, 'python3'));
    await lifecycle(`@tsvault-notify-${process.pid}-${Date.now()}`, { PATH: bin });
  });
});
