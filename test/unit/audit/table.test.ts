/** The audit device table: kept in the barrier with each device's salt, restored on unseal. */
import { describe, expect, it } from 'vitest';
import { AuditTable } from '../../../src/audit/table.js';
import type { Store } from '../../../src/logical/storage-view.js';
import { recordingLogger } from '../../support/recording-logger.js';
import { fakeAuditType } from '../../support/fake-audit-device.js';

function mapStore(): Store & { data: Map<string, Uint8Array> } {
  const data = new Map<string, Uint8Array>();
  return {
    data,
    get: async (k) => data.get(k) ?? null,
    put: async (k, v) => void data.set(k, v),
    delete: async (k) => void data.delete(k),
    list: async (p) => [...data.keys()].filter((k) => k.startsWith(p)).map((k) => k.slice(p.length)),
  };
}

const tableOf = (store: ReturnType<typeof mapStore>, key: string) => JSON.parse(Buffer.from(store.data.get(key)!).toString('utf8'));

describe('AuditTable', () => {
  it('enables a device with a trailing-slash path, a fresh salt in the barrier, and persists the table', async () => {
    const store = mapStore();
    const fake = fakeAuditType();
    const table = new AuditTable({ barrier: store, logger: recordingLogger(), factories: { fake: fake.factory } });
    const entry = await table.enable('file', 'fake', { description: 'd', options: { file_path: '/x' } });
    expect(entry).toMatchObject({ path: 'file/', type: 'fake', description: 'd', options: { file_path: '/x' }, local: false });
    expect(entry.accessor).toMatch(/^audit_fake_[0-9a-f]{8}$/);
    const salt = store.data.get(`audit/${entry.uuid}/salt`)!;
    expect(salt).toHaveLength(32);
    expect(Buffer.from(fake.devices.get('file/')!.config.salt).equals(Buffer.from(salt))).toBe(true);
    expect(tableOf(store, 'core/audit').entries.map((e: { path: string }) => e.path)).toEqual(['file/']);
    expect(table.broker.enabled).toBe(true);
  });

  it('keeps local devices in core/local-audit', async () => {
    const store = mapStore();
    const table = new AuditTable({ barrier: store, logger: recordingLogger(), factories: { fake: fakeAuditType().factory } });
    await table.enable('loc', 'fake', { local: true });
    expect(tableOf(store, 'core/local-audit').entries.map((e: { path: string }) => e.path)).toEqual(['loc/']);
    expect(tableOf(store, 'core/audit').entries).toEqual([]);
  });

  it("refuses a path in use (either way of nesting), an unknown type and an empty path with Vault's texts", async () => {
    const table = new AuditTable({ barrier: mapStore(), logger: recordingLogger(), factories: { fake: fakeAuditType().factory } });
    await table.enable('a/b', 'fake');
    await expect(table.enable('a/b/', 'fake')).rejects.toMatchObject({ status: 400, message: 'path already in use' });
    await expect(table.enable('a', 'fake')).rejects.toMatchObject({ message: 'path already in use' });
    await expect(table.enable('a/b/c', 'fake')).rejects.toMatchObject({ message: 'path already in use' });
    await expect(table.enable('z', 'nope')).rejects.toMatchObject({ status: 400, message: 'unknown backend type: nope' });
    await expect(table.enable('/', 'fake')).rejects.toMatchObject({ message: 'backend path must be specified' });
    expect(table.list()).toHaveLength(1);
  });

  it('a device type refusing its options leaves nothing behind', async () => {
    const store = mapStore();
    const table = new AuditTable({ barrier: store, logger: recordingLogger(), factories: { fake: fakeAuditType().factory } });
    await expect(table.enable('f', 'fake', { options: { refuse: 'yes' } })).rejects.toThrow('refused options');
    expect(table.list()).toEqual([]);
    expect([...store.data.keys()]).toEqual([]);
  });

  it('restores devices with the same salt after teardown (seal) and setup (unseal)', async () => {
    const store = mapStore();
    const fake = fakeAuditType();
    const table = new AuditTable({ barrier: store, logger: recordingLogger(), factories: { fake: fake.factory } });
    await table.enable('f', 'fake');
    const before = table.hash('f', 'secret');
    const first = fake.devices.get('f/')!;
    await table.teardown();
    expect(first.closed).toBe(true);
    expect(table.list()).toEqual([]);
    expect(table.broker.enabled).toBe(false);
    await table.setup();
    expect(table.list().map((e) => e.path)).toEqual(['f/']);
    expect(fake.devices.get('f/')).not.toBe(first);
    expect(table.hash('f/', 'secret')).toBe(before);
  });

  it('skips a stored device of an unknown type on unseal, logging an error', async () => {
    const store = mapStore();
    const fake = fakeAuditType();
    await new AuditTable({ barrier: store, logger: recordingLogger(), factories: { fake: fake.factory, gone: fake.factory } }).enable('g', 'gone');
    const logger = recordingLogger();
    const table = new AuditTable({ barrier: store, logger, factories: { fake: fake.factory } });
    await expect(table.setup()).resolves.toBeUndefined();
    expect(table.broker.enabled).toBe(false);
    expect(logger.lines).toContainEqual(expect.objectContaining({ level: 'error', fields: expect.objectContaining({ path: 'g/', error: 'unknown backend type: gone' }) }));
  });

  it('a stored device that cannot open at unseal fails its writes until a reopen succeeds', async () => {
    const store = mapStore();
    const fake = fakeAuditType();
    let broken = false;
    const flaky = (c: Parameters<typeof fake.factory>[0]) => (broken ? Promise.reject(new Error('no such directory')) : fake.factory(c));
    await new AuditTable({ barrier: store, logger: recordingLogger(), factories: { fake: flaky } }).enable('f', 'fake');
    broken = true;
    const table = new AuditTable({ barrier: store, logger: recordingLogger(), factories: { fake: flaky } });
    await table.setup();
    const input = { request: { id: '1', operation: 'read', path: 'x' } };
    await expect(table.broker.logRequest(input)).rejects.toMatchObject({ code: 'AUDIT_FAILED' });
    broken = false;
    await table.reopen();
    await expect(table.broker.logRequest(input)).resolves.toBeUndefined();
  });

  it('disables a device: out of the table, closed, its salt deleted; a path with none is false', async () => {
    const store = mapStore();
    const fake = fakeAuditType();
    const table = new AuditTable({ barrier: store, logger: recordingLogger(), factories: { fake: fake.factory } });
    const entry = await table.enable('f', 'fake');
    expect(await table.disable('f/')).toBe(true);
    expect(fake.devices.get('f/')!.closed).toBe(true);
    expect(store.data.has(`audit/${entry.uuid}/salt`)).toBe(false);
    expect(tableOf(store, 'core/audit').entries).toEqual([]);
    expect(await table.disable('f')).toBe(false);
  });
});
