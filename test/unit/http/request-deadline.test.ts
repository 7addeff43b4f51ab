/**
 * A listener's max_request_duration (src/http/handler.ts): Vault wraps every request in
 * context.WithTimeout; a request still unanswered then is a 500 with Go's `context deadline exceeded`,
 * the late answer is dropped, and the keep-alive connection stays usable.
 */
import { createServer, request as httpRequest, Agent, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { Reply } from '../../../src/http/context.js';
import { createRequestHandler, type RequestLimits } from '../../../src/http/handler.js';
import type { LogFields, Logger } from '../../../src/log/types.js';

type Line = { level: string; msg: string; fields?: LogFields };

function recordingLogger(lines: Line[]): Logger {
  const at = (level: string) => (msg: string, fields?: LogFields) => void lines.push({ level, msg, fields });
  const self: Logger = { trace: at('trace'), debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error'), named: () => self };
  return self;
}

/** A pipeline whose answer to `sys/slow` comes after `slowMs`; anything else at once. */
function pipeline(slowMs: number, settled: string[]) {
  const handle = async (ctx: { path: string }): Promise<Reply> => {
    if (ctx.path === 'sys/slow') await new Promise((r) => setTimeout(r, slowMs));
    settled.push(ctx.path);
    return { status: 200, body: { data: { path: ctx.path } } };
  };
  return { handle, help: handle } as unknown as Parameters<typeof createRequestHandler>[0];
}

let server: Server | undefined;
afterEach(async () => {
  await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
  server = undefined;
});

async function serve(limits: RequestLimits, slowMs: number, lines: Line[], settled: string[]): Promise<string> {
  server = createServer(createRequestHandler(pipeline(slowMs, settled), recordingLogger(lines), undefined, undefined, limits));
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function get(origin: string, path: string, agent?: Agent) {
  return new Promise<{ status: number; body: string; socket: unknown }>((resolve, reject) => {
    const req = httpRequest(`${origin}${path}`, { agent }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, socket: req.socket }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('max_request_duration', () => {
  it('answers a request still running at the deadline with Vault\'s 500 and drops the late answer', async () => {
    const lines: Line[] = [];
    const settled: string[] = [];
    const origin = await serve({ maxRequestDurationMs: 100 }, 600, lines, settled);
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const started = Date.now();
    const slow = await get(origin, '/v1/sys/slow', agent);
    expect(slow.status).toBe(500);
    expect(JSON.parse(slow.body)).toEqual({ errors: ['context deadline exceeded'] });
    expect(Date.now() - started).toBeLessThan(550);
    expect(lines.some((l) => l.level === 'warn' && l.msg === 'request exceeded max_request_duration' && l.fields?.path === 'sys/slow')).toBe(true);
    // The same connection serves the next request; the pipeline's late answer goes nowhere.
    const next = await get(origin, '/v1/sys/fast', agent);
    expect(next.status).toBe(200);
    expect(next.socket).toBe(slow.socket);
    await new Promise((r) => setTimeout(r, 650));
    expect(settled).toEqual(['sys/fast', 'sys/slow']);
    expect(lines.filter((l) => l.level === 'error')).toEqual([]);
    agent.destroy();
  });

  it('leaves requests answered in time alone, and 0 means no limit', async () => {
    const lines: Line[] = [];
    const origin = await serve({ maxRequestDurationMs: 0 }, 250, lines, []);
    const slow = await get(origin, '/v1/sys/slow');
    expect(slow.status).toBe(200);
    expect(JSON.parse(slow.body)).toEqual({ data: { path: 'sys/slow' } });
    expect(lines).toEqual([]);
  });

  it('does not fire after an answer in time', async () => {
    const lines: Line[] = [];
    const origin = await serve({ maxRequestDurationMs: 150 }, 20, lines, []);
    expect((await get(origin, '/v1/sys/slow')).status).toBe(200);
    await new Promise((r) => setTimeout(r, 250));
    expect(lines).toEqual([]);
  });
});
