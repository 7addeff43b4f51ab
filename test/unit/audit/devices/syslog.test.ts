import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createSyslogDevice, type SyslogSeams } from '../../../../src/audit/devices/syslog.js';
import type { AuditDevice, AuditInput } from '../../../../src/audit/types.js';
import { nullLogger } from '../../../../src/log/logger.js';
import { startSyslogReceiver, type SyslogReceiver } from '../../../support/syslog-receiver.js';

const salt = new TextEncoder().encode('syslog-device-salt');
const input = (id: string): AuditInput => ({ request: { id, operation: 'read', path: 'secret/x', clientToken: 'hvs.tok' } });
const cleanup: Array<() => Promise<void> | void> = [];

afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f();
});

async function receiver(): Promise<SyslogReceiver> {
  const r = await startSyslogReceiver(join(mkdtempSync(join(tmpdir(), 'tsvault-syslog-')), 'log.sock'));
  cleanup.push(() => r.stop());
  return r;
}

async function device(options: Record<string, string>, seams: SyslogSeams): Promise<AuditDevice> {
  const d = await createSyslogDevice({ path: 'syslog/', type: 'syslog', options, salt, logger: nullLogger() }, seams);
  cleanup.push(() => d.close());
  return d;
}

async function until(check: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('syslog audit device', () => {
  it('sends each entry as one AUTH.info datagram tagged vault[pid]', async () => {
    const r = await receiver();
    const d = await device({}, { socketPaths: ['/nonexistent/log', r.path] });
    await d.logRequest(input('one'));
    await d.logResponse(input('one'));
    await until(() => r.messages.length === 2);
    const m = /^<38>[A-Z][a-z]{2} [ \d]\d \d{2}:\d{2}:\d{2} vault\[(\d+)\]: (\{.*\})\n$/s.exec(r.messages[0]!);
    expect(m).not.toBeNull();
    expect(Number(m![1])).toBe(process.pid);
    const entry = JSON.parse(m![2]!);
    expect(entry).toMatchObject({ type: 'request', request: { id: 'one', client_token: d.hash('hvs.tok') } });
    expect(r.messages[1]).toContain('"type":"response"');
    expect(r.messages.join('')).not.toContain('hvs.tok');
  });

  it('uses the facility and tag options', async () => {
    const r = await receiver();
    const d = await device({ facility: 'local0', tag: 'tsvault-test' }, { socketPaths: [r.path] });
    await d.logRequest(input('x'));
    await until(() => r.messages.length === 1);
    expect(r.messages[0]).toMatch(/^<134>.* tsvault-test\[\d+\]: \{/);
  });

  it('rejects writes once the syslog socket is gone', async () => {
    const r = await receiver();
    const d = await device({}, { socketPaths: [r.path] });
    await d.logRequest(input('ok'));
    await until(() => r.messages.length === 1);
    r.child.kill();
    await new Promise<void>((resolve) => r.child.once('exit', () => resolve()));
    await expect(d.logRequest(input('lost'))).rejects.toMatchObject({ code: 'AUDIT_WRITE', message: expect.stringMatching(/^error writing to syslog: /) });
  });

  it('refuses to enable without a syslog socket, or with an unknown facility', async () => {
    const refusal = (options: Record<string, string>, seams: SyslogSeams): Promise<unknown> =>
      createSyslogDevice({ path: 's/', type: 'syslog', options, salt, logger: nullLogger() }, seams).then(
        (d) => d.close(),
        (e: unknown) => e,
      );
    const dir = mkdtempSync(join(tmpdir(), 'tsvault-syslog-'));
    expect(await refusal({}, { socketPaths: [join(dir, 'none')] })).toMatchObject({
      code: 'AUDIT_DEVICE_OPEN',
      message: 'error creating syslog sink node: error creating syslogger: Unix syslog delivery error',
    });
    expect(await refusal({ facility: 'nosuch' }, { socketPaths: [join(dir, 'none')] })).toMatchObject({
      code: 'AUDIT_INVALID_OPTIONS',
      message: 'error creating syslog sink node: invalid syslog facility: NOSUCH',
    });
    expect(await refusal({}, { socketPaths: [join(dir, 'none')], python: join(dir, 'no-python') })).toMatchObject({ code: 'AUDIT_DEVICE_OPEN' });
  });
});
