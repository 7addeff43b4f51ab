import { describe, expect, it } from 'vitest';
import { ApiResponseError } from '../../../src/api/client.js';
import { useFakeVaultClient } from './fake-vault-client.js';

const { vault, client } = useFakeVaultClient();

describe('VaultClient.send and the secrets methods', () => {
  it('joins the path like Go\'s path.Join and encodes repeated query values sorted by key', async () => {
    vault.on('GET /v1/secret/foo', { body: { data: { a: 1 } } });
    const res = await client.send('GET', '/secret//./foo/', { query: { z: ['1'], a: ['2', '3'] } });
    expect(res.status).toBe(200);
    expect(res.error).toBeUndefined();
    expect(vault.requests[0]?.url).toBe('/v1/secret/foo?a=2&a=3&z=1');
    expect(vault.requests[0]?.headers['x-vault-token']).toBe('hvs.t');
  });

  it('returns a 404 with its body and Vault\'s error, without throwing', async () => {
    const res = await client.send('GET', 'secret/none');
    expect(res.status).toBe(404);
    expect(res.text).toBe('{"errors":[]}');
    expect(res.error).toBeInstanceOf(ApiResponseError);
    expect(res.error?.message).toBe(`Error making API request.\n\nURL: GET ${vault.address}/v1/secret/none\nCode: 404. Errors:\n\n`);
  });

  it('sends the content type it is given', async () => {
    vault.on('PATCH /v1/secret/data/x', { status: 204 });
    await client.send('PATCH', 'secret/data/x', { body: { a: null }, contentType: 'application/merge-patch+json' });
    expect(vault.requests[0]?.headers['content-type']).toBe('application/merge-patch+json');
    expect(vault.requests[0]?.body).toBe('{"a":null}');
  });

  it('mount, tune, unmount, policies and token calls use Vault\'s methods and paths', async () => {
    for (const route of [
      'POST /v1/sys/mounts/kv',
      'POST /v1/sys/mounts/kv/tune',
      'DELETE /v1/sys/mounts/kv',
      'PUT /v1/sys/policies/acl/p',
      'DELETE /v1/sys/policies/acl/p',
      'PUT /v1/auth/token/revoke-self',
    ]) {
      vault.on(route, { status: 204 });
    }
    vault.on('GET /v1/sys/policies/acl', { body: { data: { keys: ['default'] } } });
    const config = { options: null, default_lease_ttl: '', max_lease_ttl: '', force_no_cache: false };
    await client.mount('kv/', {
      type: 'kv',
      description: '',
      config,
      local: false,
      seal_wrap: false,
      external_entropy_access: false,
      options: null,
    });
    await client.tuneMount('kv/', config);
    await client.unmount('kv/');
    await client.putPolicy('p', 'x');
    expect(await client.listPolicies()).toEqual({ data: { keys: ['default'] } });
    expect(await client.getPolicy('missing')).toBeUndefined();
    await client.deletePolicy('p');
    await client.tokenRevokeSelf();
    expect(vault.requests.map((r) => `${r.method} ${r.url}`)).toEqual([
      'POST /v1/sys/mounts/kv',
      'POST /v1/sys/mounts/kv/tune',
      'DELETE /v1/sys/mounts/kv',
      'PUT /v1/sys/policies/acl/p',
      'GET /v1/sys/policies/acl?list=true',
      'GET /v1/sys/policies/acl/missing',
      'DELETE /v1/sys/policies/acl/p',
      'PUT /v1/auth/token/revoke-self',
    ]);
  });

  it('an error status throws ApiResponseError with the request\'s URL', async () => {
    vault.on('POST /v1/auth/token/create', { status: 403, body: { errors: ['permission denied'] } });
    await expect(client.tokenCreate({ display_name: '', num_uses: 0, type: 'service', entity_alias: '' })).rejects.toThrow(
      `URL: POST ${vault.address}/v1/auth/token/create\nCode: 403. Errors:\n\n* permission denied`,
    );
  });
});
