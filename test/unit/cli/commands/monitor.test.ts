import { EventEmitter } from 'node:events';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runMonitor } from '../../../../src/cli/commands/monitor.js';
import { startMonitorStub, type MonitorStub } from '../../api/monitor-stub.js';
import { closedPort, memoryIO, runVault, startFakeVault, type FakeVault, type MemoryIO } from '../support.js';

let stub: MonitorStub;
beforeEach(async () => {
  stub = await startMonitorStub();
});
afterEach(() => stub.close());

/** Waits until the output holds `text` (the lines arrive asynchronously). */
async function until(io: MemoryIO, text: string): Promise<void> {
  while (!io.out().includes(text)) await new Promise((r) => setImmediate(r));
}

function signals() {
  const e = new EventEmitter();
  return { on: (s: string, l: () => void) => e.on(s, l), off: (s: string, l: () => void) => e.off(s, l), emit: (s: string) => e.emit(s), count: (s: string) => e.listenerCount(s) };
}

function io(): MemoryIO {
  return memoryIO({ env: { VAULT_ADDR: stub.address, VAULT_TOKEN: 'hvs.root' } });
}

describe('vault monitor', () => {
  it('GETs sys/monitor with the lower-cased level and format and prints lines as they arrive; the server closing ends it, exit 0', async () => {
    const cli = io();
    const src = signals();
    const done = runMonitor(['-log-level=DEBUG', '-log-format=JSON'], cli, src);
    const res = await stub.opened();
    res.write('2024-01-02T03:04:05.000Z [DEBUG] core: first\n');
    await until(cli, 'first');
    expect(cli.out()).toBe('2024-01-02T03:04:05.000Z [DEBUG] core: first\n');
    res.end('2024-01-02T03:04:06.000Z [INFO]  core: second\n');
    expect(await done).toBe(0);
    expect(cli.out()).toBe('2024-01-02T03:04:05.000Z [DEBUG] core: first\n2024-01-02T03:04:06.000Z [INFO]  core: second\n');
    expect(cli.errOut()).toBe('');
    expect(stub.requests.map((r) => `${r.method} ${r.url}`)).toEqual(['GET /v1/sys/monitor?log_format=json&log_level=debug']);
    expect(stub.requests[0]?.headers['x-vault-token']).toBe('hvs.root');
    expect([src.count('SIGINT'), src.count('SIGTERM')]).toEqual([0, 0]);
  });

  for (const signal of ['SIGINT', 'SIGTERM']) {
    it(`${signal} ends it with exit 0 and closes the connection`, async () => {
      const cli = io();
      const src = signals();
      const done = runMonitor([], cli, src);
      const res = await stub.opened();
      res.write('a line\n');
      await until(cli, 'a line');
      src.emit(signal);
      expect(await done).toBe(0);
      await stub.clientGone();
      expect(stub.requests[0]?.url).toBe('/v1/sys/monitor?log_format=standard&log_level=info');
      expect(cli.out()).toBe('a line\n');
      expect([src.count('SIGINT'), src.count('SIGTERM')]).toEqual([0, 0]);
    });
  }

  it('an unknown level or format: Vault\'s error, exit 1, nothing sent', async () => {
    const level = io();
    expect(await runMonitor(['-log-level=Verbose'], level, signals())).toBe(1);
    expect(level.errOut()).toBe('verbose is an unknown log level. Valid log levels are: [trace debug info warn error]\n');
    const format = io();
    expect(await runMonitor(['-log-format=xml'], format, signals())).toBe(1);
    expect(format.errOut()).toBe('xml is an unknown log format. Valid log formats are: [standard json]\n');
    const extra = io();
    expect(await runMonitor(['now'], extra, signals())).toBe(1);
    expect(extra.errOut()).toBe('Too many arguments (expected 0, got 1)\n');
    expect(stub.requests).toEqual([]);
  });

  it('a refused request is "Error starting monitor: …", exit 1', async () => {
    stub.refuse = { status: 403, errors: ['permission denied'] };
    const cli = io();
    expect(await runMonitor([], cli, signals())).toBe(1);
    expect(cli.errOut()).toBe(
      'Error starting monitor: Error making API request.\n\n' +
        `URL: GET ${stub.address}/v1/sys/monitor?log_format=standard&log_level=info\n` +
        'Code: 403. Errors:\n\n* permission denied\n',
    );
    expect(cli.out()).toBe('');
  });

  it('no server: the connection error, exit 1', async () => {
    const port = await closedPort();
    const cli = memoryIO({ env: { VAULT_ADDR: `http://127.0.0.1:${port}` } });
    expect(await runMonitor([], cli, signals())).toBe(1);
    expect(cli.errOut()).toBe(
      `Error starting monitor: Get "http://127.0.0.1:${port}/v1/sys/monitor?log_format=standard&log_level=info": ` +
        `dial tcp 127.0.0.1:${port}: connect: connection refused\n`,
    );
  });
});

describe('vault monitor through the dispatcher', () => {
  let vault: FakeVault;
  beforeEach(async () => {
    vault = await startFakeVault({ 'GET /v1/sys/monitor': { raw: 'one\ntwo\n' } });
  });
  afterEach(() => vault.close());

  it('is registered: a stream the server ends prints its lines, exit 0', async () => {
    expect(await runVault(vault, ['monitor', '-log-level=warn'])).toEqual({ code: 0, err: '', out: 'one\ntwo\n' });
    expect(vault.requests.map((r) => r.url)).toEqual(['/v1/sys/monitor?log_format=standard&log_level=warn']);
  });
});
