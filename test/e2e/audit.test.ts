/**
 * The audit pipeline with the real `file` device in a real server: KV writes and reads as
 * request/response pairs with HMAC'd values, sys/audit-hash matching the log, fail-closed on a full
 * disk (a 64 KiB tmpfs; the test runs as root), still served with a second healthy device, and
 * logrotate's `mv` + SIGHUP starting a new file.
 */
import { execFileSync } from 'node:child_process';
import { createServer, type Server } from 'node:net';
import { appendFileSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDevServer, type DevServer } from '../support/dev-server.js';
import { tempDir } from '../support/harness.js';
import { recordAuditLog, recordSecret } from '../support/leak-check.js';
import { startSyslogReceiver } from '../support/syslog-receiver.js';

let dev: DevServer;
let dir: string;
let full: string;
let tmpfsMounted = false;

async function call(method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> {
  const res = await fetch(`${dev.url}/v1/${path}`, {
    method,
    headers: { 'x-vault-token': dev.rootToken, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

function entries(file: string): any[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l));
}

/**
 * Fills the tmpfs so that no further write fits: a filler file takes the free pages, then empty
 * lines (skipped by readers of the log) take the slack of the audit file's last page. Returns the filler.
 */
function fill(): string {
  const filler = join(full, 'filler');
  try {
    execFileSync('dd', ['if=/dev/zero', `of=${filler}`, 'bs=4k', 'count=64'], { stdio: 'ignore' });
  } catch {
    /* dd stops with ENOSPC: the disk is full, which is the point */
  }
  const log = join(full, 'audit.log');
  for (let chunk = 1024; chunk >= 1; ) {
    try {
      appendFileSync(log, '\n'.repeat(chunk));
    } catch {
      chunk = Math.floor(chunk / 2);
    }
  }
  return filler;
}

const PASSWORD = `pw-${Math.random().toString(36).slice(2)}-clear-text-secret`;

beforeAll(async () => {
  dir = tempDir('tsvault-audit-');
  full = join(dir, 'full');
  mkdirSync(full, { mode: 0o700 });
  execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64k,mode=0700', 'tmpfs', full]);
  tmpfsMounted = true;
  recordSecret(PASSWORD);
  dev = await startDevServer('tsvault-audit-dev-');
}, 60_000);

afterAll(async () => {
  await dev?.stop();
  for (const f of [join(full, 'audit.log'), join(dir, 'b.log'), join(dir, 'b.log.1')]) {
    if (existsSync(f)) recordAuditLog(f.replace(/[^a-z0-9.]/gi, '_'), readFileSync(f, 'utf8'));
  }
  if (tmpfsMounted) execFileSync('umount', [full]);
  rmSync(dir, { recursive: true, force: true });
});

describe('audit with the file device', () => {
  it('logs a KV write and read as request/response pairs, HMAC-ing secrets and tokens', async () => {
    const file = join(full, 'audit.log');
    expect((await call('PUT', 'sys/audit/file', { type: 'file', options: { file_path: file } })).status).toBe(204);
    expect((await call('POST', 'secret/data/app', { data: { password: PASSWORD } })).status).toBe(200);
    const read = await call('GET', 'secret/data/app');
    expect(read.body.data.data.password).toBe(PASSWORD);

    const log = readFileSync(file, 'utf8');
    expect(log).not.toContain(PASSWORD);
    expect(log).not.toContain(dev.rootToken);
    const kv = entries(file).filter((e) => e.request?.path === 'secret/data/app');
    expect(kv.map((e) => `${e.type} ${e.request.operation}`)).toEqual(['request create', 'response create', 'request read', 'response read']);
    expect(kv[0].request.id).toBe(kv[1].request.id);
    const hash = (await call('POST', 'sys/audit-hash/file', { input: PASSWORD })).body.data.hash;
    expect(hash).toMatch(/^hmac-sha256:[0-9a-f]{64}$/);
    expect(kv[0].request.data.data.password).toBe(hash);
    expect(kv[3].response.data.data.password).toBe(hash);
    expect(kv[0].auth.client_token).toMatch(/^hmac-sha256:/);
  });

  it('fails closed when the only device cannot write: 500, the write not applied; served again once fixed', async () => {
    const filler = fill();
    try {
      const write = await call('POST', 'secret/data/app', { data: { password: 'never-applied-value' } });
      expect(write).toEqual({ status: 500, body: { errors: ['internal error'] } });
      expect((await call('GET', 'secret/data/app')).status).toBe(500);
    } finally {
      rmSync(filler);
    }
    const read = await call('GET', 'secret/data/app');
    expect(read.status).toBe(200);
    expect(read.body.data.data.password).toBe(PASSWORD);
    expect(read.body.data.metadata.version).toBe(1);
  });

  it('still serves with two devices when one fails', async () => {
    const b = join(dir, 'b.log');
    expect((await call('PUT', 'sys/audit/b', { type: 'file', options: { file_path: b } })).status).toBe(204);
    const filler = fill();
    try {
      expect((await call('POST', 'secret/data/two', { data: { k: 'v' } })).status).toBe(200);
      expect(entries(b).filter((e) => e.request?.path === 'secret/data/two').map((e) => e.type)).toEqual(['request', 'response']);
    } finally {
      rmSync(filler);
    }
  });

  it('writes to a new file after the old one is moved away and the server gets SIGHUP', async () => {
    const b = join(dir, 'b.log');
    renameSync(b, `${b}.1`);
    dev.server.signal('SIGHUP');
    const deadline = Date.now() + 10_000;
    while (!existsSync(b) && Date.now() < deadline) {
      await call('GET', 'secret/data/app');
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(existsSync(b)).toBe(true);
    expect((await call('GET', 'secret/data/after-rotate')).status).toBe(404);
    expect(entries(b).some((e) => e.request?.path === 'secret/data/after-rotate')).toBe(true);
    expect(entries(`${b}.1`).some((e) => e.request?.path === 'secret/data/after-rotate')).toBe(false);
  });
});

async function until(check: () => boolean, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('audit with the socket and syslog devices, and bad input', () => {
  it('streams entries to a TCP listener with the socket device', async () => {
    let received = '';
    const server: Server = createServer((sock) => sock.on('data', (d) => (received += d.toString('utf8'))));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const { port } = server.address() as { port: number };
      expect((await call('PUT', 'sys/audit/tcp', { type: 'socket', options: { address: `127.0.0.1:${port}`, socket_type: 'tcp' } })).status).toBe(204);
      expect((await call('POST', 'secret/data/over-tcp', { data: { password: PASSWORD } })).status).toBe(200);
      await until(() => received.includes('"path":"secret/data/over-tcp"') && received.includes('"type":"response"'));
      const mine = received.split('\n').filter((l) => l.includes('secret/data/over-tcp')).map((l) => JSON.parse(l));
      expect(mine.map((e) => e.type)).toEqual(['request', 'response']);
      expect(received).not.toContain(PASSWORD);
      expect(received).not.toContain(dev.rootToken);
    } finally {
      await call('DELETE', 'sys/audit/tcp');
      server.close();
    }
  });

  it('sends entries to the syslog socket with the syslog device', async (ctx) => {
    // The syslog socket is /dev/log; a machine without a syslog daemon gets a stand-in there (root only).
    if (existsSync('/dev/log')) {
      expect((await call('PUT', 'sys/audit/syslog', { type: 'syslog', options: { tag: 'tsvault-e2e' } })).status).toBe(204);
      expect((await call('GET', 'secret/data/over-syslog')).status).toBe(404);
      await call('DELETE', 'sys/audit/syslog');
      return;
    }
    if (process.getuid?.() !== 0) {
      if (process.env.CI) throw new Error('no /dev/log and not root: the syslog device cannot be tested');
      ctx.skip();
    }
    const receiver = await startSyslogReceiver('/dev/log');
    try {
      expect((await call('PUT', 'sys/audit/syslog', { type: 'syslog', options: { tag: 'tsvault-e2e', facility: 'LOCAL0' } })).status).toBe(204);
      expect((await call('GET', 'secret/data/over-syslog')).status).toBe(404);
      await until(() => receiver.messages.filter((m) => m.includes('secret/data/over-syslog')).length === 2);
      const mine = receiver.messages.filter((m) => m.includes('secret/data/over-syslog'));
      // LOCAL0 (16) × 8 + info (6) = 134, tagged with the tag and the server's pid.
      expect(mine[0]).toMatch(new RegExp(`^<134>.* tsvault-e2e\\[${dev.server.pid}\\]: \\{`));
      expect(receiver.messages.join('')).not.toContain(dev.rootToken);
    } finally {
      await call('DELETE', 'sys/audit/syslog');
      receiver.stop();
    }
  });

  it("refuses an unknown type and a file path that cannot be opened, with Vault's errors, enabling nothing", async () => {
    const before = Object.keys((await call('GET', 'sys/audit')).body.data).sort();
    const unknown = await call('PUT', 'sys/audit/nope', { type: 'nosuch' });
    expect(unknown).toEqual({ status: 400, body: { errors: ['unknown backend type: nosuch'] } });
    // A directory that cannot be created (its parent is a regular file): Vault's sanity check fails.
    const blocker = join(dir, 'a-file');
    appendFileSync(blocker, 'x');
    const bad = await call('PUT', 'sys/audit/bad', { type: 'file', options: { file_path: join(blocker, 'sub', 'audit.log') } });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0]).toMatch(/^sanity check failed; unable to open ".*audit\.log" for writing: /);
    expect(Object.keys((await call('GET', 'sys/audit')).body.data).sort()).toEqual(before);
  });
});
