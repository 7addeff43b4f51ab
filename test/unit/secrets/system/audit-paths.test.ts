/** sys/audit, sys/audit/<path> and sys/audit-hash/<path> through the request path. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAuditServer, type AuditServer } from '../../../support/audit-server.js';

let s: AuditServer;
beforeAll(async () => {
  s = await startAuditServer();
});
afterAll(() => s.close());

describe('sys/audit', () => {
  it('lists nothing at first, then the enabled device in data and at the top level', async () => {
    expect((await s.call('GET', 'sys/audit', { token: s.root })).body.data).toEqual({});
    const enable = await s.call('PUT', 'sys/audit/fake1', { token: s.root, body: { type: 'fake', description: 'first', options: { file_path: '/tmp/x', log_raw: true } } });
    expect(enable.status).toBe(204);
    const list = await s.call('GET', 'sys/audit', { token: s.root });
    const row = { type: 'fake', description: 'first', options: { file_path: '/tmp/x', log_raw: 'true' }, path: 'fake1/', local: false };
    expect(list.body.data).toEqual({ 'fake1/': row });
    expect(list.body['fake1/']).toEqual(row);
  });

  it("refuses a path in use and an unknown type with Vault's texts (400)", async () => {
    const again = await s.call('POST', 'sys/audit/fake1/', { token: s.root, body: { type: 'fake' } });
    expect(again).toEqual({ status: 400, body: { errors: ['path already in use'] } });
    const unknown = await s.call('POST', 'sys/audit/other', { token: s.root, body: { type: 'nope' } });
    expect(unknown).toEqual({ status: 400, body: { errors: ['unknown backend type: nope'] } });
  });

  it("hashes with the device's salt: sys/audit-hash equals the device's hash", async () => {
    const res = await s.call('POST', 'sys/audit-hash/fake1', { token: s.root, body: { input: 'my-secret-vault' } });
    expect(res.status).toBe(200);
    const expected = s.fake.devices.get('fake1/')!.hash('my-secret-vault');
    expect(res.body.data.hash).toBe(expected);
    expect(res.body.hash).toBe(expected);
    expect((await s.call('POST', 'sys/audit-hash/none', { token: s.root, body: { input: 'x' } })).body.errors).toEqual(['unknown audit backend none/']);
    expect((await s.call('POST', 'sys/audit-hash/fake1', { token: s.root, body: {} })).status).toBe(400);
  });

  it('needs sudo for sys/audit and sys/audit/*', async () => {
    await s.call('PUT', 'sys/policies/acl/auditor', { token: s.root, body: { policy: 'path "sys/audit*" { capabilities = ["create","read","update","delete","list"] }' } });
    const token = (await s.call('POST', 'auth/token/create', { token: s.root, body: { policies: ['auditor'] } })).body.auth.client_token;
    expect((await s.call('GET', 'sys/audit', { token })).status).toBe(403);
    expect((await s.call('PUT', 'sys/audit/x', { token, body: { type: 'fake' } })).status).toBe(403);
    expect((await s.call('DELETE', 'sys/audit/fake1', { token })).status).toBe(403);
  });

  it('keeps the table across seal and unseal', async () => {
    const before = s.fake.devices.get('fake1/')!;
    const hash = before.hash('v');
    await s.assembled.core.seal();
    expect(before.closed).toBe(true);
    await s.assembled.core.unseal(s.key);
    expect(Object.keys((await s.call('GET', 'sys/audit', { token: s.root })).body.data)).toEqual(['fake1/']);
    expect(s.fake.devices.get('fake1/')).not.toBe(before);
    expect((await s.call('POST', 'sys/audit-hash/fake1', { token: s.root, body: { input: 'v' } })).body.data.hash).toBe(hash);
  });

  it('disables a device (204, also when nothing is there)', async () => {
    expect((await s.call('DELETE', 'sys/audit/fake1', { token: s.root })).status).toBe(204);
    expect((await s.call('GET', 'sys/audit', { token: s.root })).body.data).toEqual({});
    expect((await s.call('DELETE', 'sys/audit/fake1', { token: s.root })).status).toBe(204);
  });
});
