import { describe, expect, it } from 'vitest';
import { ApiResponseError } from '../../../src/api/client.js';
import { useFakeVaultClient } from './fake-vault-client.js';

const { vault, client } = useFakeVaultClient();

describe('logical group (Vault\'s api.Logical 404 rules)', () => {
  it('a read or list that gets a bare 404 is no value; one with data is the secret', async () => {
    vault.on('GET /v1/secret/none', { status: 404, body: { errors: [] } });
    vault.on('GET /v1/secret/warned', { status: 404, body: { data: null, warnings: ['w'] } });
    expect(await client.logicalRead('secret/none')).toBeNull();
    expect((await client.logicalRead('secret/warned'))?.warnings).toEqual(['w']);
    expect(await client.logicalList('secret/none')).toBeNull();
    expect(vault.requests.map((r) => r.url)).toEqual(['/v1/secret/none', '/v1/secret/warned', '/v1/secret/none?list=true']);
  });

  it('a write with a 404 and data returns the secret with the error; other errors throw', async () => {
    vault.on('PUT /v1/secret/a', { status: 404, body: { data: { k: 'v' } } });
    vault.on('DELETE /v1/secret/b', { status: 500, body: { errors: ['boom'] } });
    const r = await client.logicalWrite('secret/a', { k: 'v' });
    expect(r.secret?.data).toEqual({ k: 'v' });
    expect(r.error).toBeInstanceOf(ApiResponseError);
    await expect(client.logicalDelete('secret/b', { x: ['1', '2'] })).rejects.toBeInstanceOf(ApiResponseError);
    expect(vault.requests.at(-1)?.url).toBe('/v1/secret/b?x=1&x=2');
  });

  it('merge-patch goes out as PATCH with application/merge-patch+json', async () => {
    vault.on('PATCH /v1/secret/data/c', { status: 204 });
    expect(await client.logicalMergePatch('secret/data/c', { data: { a: 1 } })).toEqual({ secret: null, error: undefined });
    expect(vault.requests[0]?.headers['content-type']).toBe('application/merge-patch+json');
  });
});
