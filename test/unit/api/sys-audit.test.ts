import { describe, expect, it } from 'vitest';
import { useFakeVaultClient } from './fake-vault-client.js';

const { vault, client } = useFakeVaultClient();

describe('sys/audit', () => {
  it('enables with PUT and Vault\'s EnableAuditOptions body, disables with DELETE, lists with GET', async () => {
    vault.on('PUT /v1/sys/audit/file', { status: 204 });
    vault.on('DELETE /v1/sys/audit/file', { status: 204 });
    vault.on('GET /v1/sys/audit', { body: { data: {} } });
    await client.enableAudit('file/', { type: 'file', description: 'd', options: { file_path: '/x' }, local: true });
    await client.disableAudit('file/');
    expect(await client.listAudit()).toEqual({ data: {} });
    expect(vault.requests.map((r) => `${r.method} ${r.url} ${r.body}`)).toEqual([
      'PUT /v1/sys/audit/file {"type":"file","description":"d","options":{"file_path":"/x"},"local":true}',
      'DELETE /v1/sys/audit/file ',
      'GET /v1/sys/audit ',
    ]);
  });
});
