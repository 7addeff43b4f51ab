/** The audit broker's fan-out: at least one device must write, or the request fails closed. */
import { describe, expect, it } from 'vitest';
import { AuditBroker } from '../../../src/audit/broker.js';
import type { AuditInput } from '../../../src/audit/types.js';
import { recordingLogger } from '../../support/recording-logger.js';
import { fakeAuditType } from '../../support/fake-audit-device.js';

const input: AuditInput = { request: { id: 'r1', operation: 'read', path: 'secret/data/a' } };
const salt = new Uint8Array(32).fill(7);

async function twoDevices() {
  const { factory, devices } = fakeAuditType();
  const logger = recordingLogger();
  const failures: string[] = [];
  const broker = new AuditBroker({ logger, onFailure: (kind) => failures.push(kind) });
  for (const path of ['a/', 'b/']) broker.register(path, await factory({ path, type: 'fake', options: {}, salt, logger }));
  return { broker, a: devices.get('a/')!, b: devices.get('b/')!, logger, failures };
}

describe('AuditBroker', () => {
  it('logs nothing and fails nothing with no device enabled', async () => {
    const broker = new AuditBroker({ logger: recordingLogger() });
    expect(broker.enabled).toBe(false);
    await expect(broker.logRequest(input)).resolves.toBeUndefined();
    await expect(broker.logResponse(input)).resolves.toBeUndefined();
  });

  it('writes every entry to every device', async () => {
    const { broker, a, b } = await twoDevices();
    await broker.logRequest(input);
    await broker.logResponse(input);
    expect(a.entries.map((e) => e.kind)).toEqual(['request', 'response']);
    expect(b.entries.map((e) => e.kind)).toEqual(['request', 'response']);
  });

  it('succeeds when one of two devices fails, and logs the failure', async () => {
    const { broker, a, b, logger, failures } = await twoDevices();
    a.failing = true;
    await broker.logRequest(input);
    expect(b.entries).toHaveLength(1);
    expect(failures).toEqual([]);
    expect(logger.lines).toContainEqual(expect.objectContaining({ level: 'error', msg: 'backend failed to log request', fields: expect.objectContaining({ backend: 'a/' }) }));
  });

  it('throws AUDIT_FAILED (500 internal error) when every device fails, and tells the observer', async () => {
    const { broker, a, b, failures } = await twoDevices();
    a.failing = b.failing = true;
    await expect(broker.logRequest(input)).rejects.toMatchObject({ code: 'AUDIT_FAILED', status: 500, message: 'internal error' });
    await expect(broker.logResponse(input)).rejects.toMatchObject({ code: 'AUDIT_FAILED' });
    expect(failures).toEqual(['request', 'response']);
  });

  it('hashes with the named device and refuses an unknown path', async () => {
    const { broker, a } = await twoDevices();
    expect(broker.hash('a/', 'x')).toBe(a.hash('x'));
    expect(() => broker.hash('zz/', 'x')).toThrow(expect.objectContaining({ status: 400, message: 'unknown audit backend zz/' }));
  });

  it('reopens every device and closes them all', async () => {
    const { broker, a, b } = await twoDevices();
    await broker.reopen();
    expect([a.reopened, b.reopened]).toEqual([1, 1]);
    expect(broker.deregister('a/')).toBe(a);
    await broker.closeAll();
    expect(b.closed).toBe(true);
    expect(broker.enabled).toBe(false);
  });
});
