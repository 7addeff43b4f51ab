import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ApiResponseError, VaultClient } from '../../../src/api/client.js';
import { scanLines } from '../../../src/api/sys-monitor.js';
import { startMonitorStub, type MonitorStub } from './monitor-stub.js';

function bytes(...chunks: string[]): ReadableStream<Uint8Array> {
  const enc = new TextEncoder();
  return new ReadableStream({
    start(c) {
      for (const chunk of chunks) c.enqueue(enc.encode(chunk));
      c.close();
    },
  });
}

async function all(gen: AsyncIterable<string>): Promise<string[]> {
  const lines: string[] = [];
  for await (const line of gen) lines.push(line);
  return lines;
}

describe('scanLines (bufio.ScanLines)', () => {
  it('splits on newlines across chunks, drops a trailing \\r, keeps a last unterminated line', async () => {
    expect(await all(scanLines(bytes('a\r\nb', 'c\n\nd')))).toEqual(['a', 'bc', '', 'd']);
  });

  it('decodes UTF-8 split across chunks', async () => {
    const euro = new TextEncoder().encode('€\n');
    const stream = new ReadableStream<Uint8Array>({
      start(c) {
        c.enqueue(euro.slice(0, 1));
        c.enqueue(euro.slice(1));
        c.close();
      },
    });
    expect(await all(scanLines(stream))).toEqual(['€']);
  });

  it('ends quietly when the stream errors', async () => {
    let n = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(c) {
        if (n++ === 0) c.enqueue(new TextEncoder().encode('first\n'));
        else c.error(new Error('reset'));
      },
    });
    expect(await all(scanLines(stream))).toEqual(['first']);
  });
});

describe('VaultClient.monitor', () => {
  let stub: MonitorStub;
  beforeEach(async () => {
    stub = await startMonitorStub();
  });
  afterEach(() => stub.close());

  it('GETs sys/monitor with the level and format and yields lines as they arrive', async () => {
    const client = new VaultClient({ address: stub.address, token: 'hvs.t', timeoutMs: 50 });
    const lines = await client.monitor('debug', 'json');
    const res = await stub.opened();
    const it = lines[Symbol.asyncIterator]();
    res.write('{"@level":"info"}\n');
    expect(await it.next()).toEqual({ done: false, value: '{"@level":"info"}' });
    // longer than the client's 50 ms timeout: the stream has none
    await new Promise((r) => setTimeout(r, 120));
    res.end('second\n');
    expect(await it.next()).toEqual({ done: false, value: 'second' });
    expect(await it.next()).toEqual({ done: true, value: undefined });
    expect(stub.requests).toHaveLength(1);
    expect(stub.requests[0]).toMatchObject({ method: 'GET', url: '/v1/sys/monitor?log_format=json&log_level=debug' });
    expect(stub.requests[0]?.headers['x-vault-token']).toBe('hvs.t');
    expect(stub.requests[0]?.headers['x-vault-request']).toBe('true');
  });

  it('defaults to info and standard, like Vault\'s client', async () => {
    const client = new VaultClient({ address: stub.address });
    const lines = await client.monitor('', '');
    (await stub.opened()).end();
    expect(await all(lines)).toEqual([]);
    expect(stub.requests[0]?.url).toBe('/v1/sys/monitor?log_format=standard&log_level=info');
  });

  it('aborting the signal ends the lines and closes the connection', async () => {
    const client = new VaultClient({ address: stub.address });
    const stop = new AbortController();
    const lines = await client.monitor('info', 'standard', stop.signal);
    const res = await stub.opened();
    res.write('one\n');
    const it = lines[Symbol.asyncIterator]();
    expect((await it.next()).value).toBe('one');
    const pending = it.next();
    stop.abort();
    expect(await pending).toEqual({ done: true, value: undefined });
    await stub.clientGone();
  });

  it('an error status throws Vault\'s error', async () => {
    stub.refuse = { status: 403, errors: ['permission denied'] };
    const client = new VaultClient({ address: stub.address });
    const failure = client.monitor('info', 'standard');
    await expect(failure).rejects.toBeInstanceOf(ApiResponseError);
    await expect(failure).rejects.toThrow(
      `Error making API request.\n\nURL: GET ${stub.address}/v1/sys/monitor?log_format=standard&log_level=info\n` +
        'Code: 403. Errors:\n\n* permission denied',
    );
  });

  it('a refused connection is worded like Go\'s client', async () => {
    const address = stub.address;
    await stub.close();
    const client = new VaultClient({ address });
    await expect(client.monitor('info', 'standard')).rejects.toThrow(
      `Get "${address}/v1/sys/monitor?log_format=standard&log_level=info": dial tcp ${address.slice(7)}: connect: connection refused`,
    );
  });
});
