import { describe, expect, it } from 'vitest';
import { requestLines, runVault, useFakeVault } from '../../support.js';
import { TOKEN_CREATE, TOKEN_ROUTES } from '../../vault-fixtures.js';
import { CREATE_TABLE } from '../../docs-outputs.js';

const { vault } = useFakeVault(TOKEN_ROUTES);

describe('vault token create', () => {
  it('sends Vault\'s TokenCreateRequest and prints the token table', async () => {
    const r = await runVault(vault, [
      'token',
      'create',
      '-policy=my-policy',
      '-policy=other-policy',
      '-ttl=768h',
      '-metadata=user=armon',
      '-display-name=web',
      '-use-limit=3',
    ]);
    expect(r.out.split('\n')).toEqual(CREATE_TABLE.split('\n'));
    expect(r).toMatchObject({ code: 0, err: '' });
    expect(requestLines(vault)).toEqual([
      'POST /v1/auth/token/create {"policies":["my-policy","other-policy"],"meta":{"user":"armon"},"ttl":"768h0m0s",' +
        '"explicit_max_ttl":"0s","period":"0s","display_name":"web","num_uses":3,"renewable":true,"type":"service",' +
        '"entity_alias":""}',
    ]);
  });

  it('-orphan, -no-default-policy, -period, -renewable=false, -role', async () => {
    vault.on('POST /v1/auth/token/create/ci', { body: TOKEN_CREATE });
    await runVault(vault, ['token', 'create', '-orphan', '-no-default-policy', '-period=30m', '-renewable=false', '-role=ci']);
    expect(vault.requests[0]?.url).toBe('/v1/auth/token/create/ci');
    expect(vault.requests[0]?.json).toEqual({
      ttl: '0s',
      explicit_max_ttl: '0s',
      period: '30m0s',
      no_parent: true,
      no_default_policy: true,
      display_name: '',
      num_uses: 0,
      renewable: false,
      type: 'service',
      entity_alias: '',
    });
  });

  it('-field=token prints the bare token; -format=json the whole secret with its auth block', async () => {
    expect(await runVault(vault, ['token', 'create', '-field=token'])).toEqual({
      code: 0,
      out: 'hvs.CAESIJ8aQ8DnFvH0ZhRwiGSoYgFNdDN0YVBRMi5aVDJ',
      err: '',
    });
    const json = JSON.parse((await runVault(vault, ['token', 'create', '-format=json'])).out) as Record<string, unknown>;
    expect(Object.keys(json)).toEqual(['request_id', 'lease_id', 'lease_duration', 'renewable', 'data', 'warnings', 'auth']);
    expect(json['auth']).toEqual({
      client_token: 'hvs.CAESIJ8aQ8DnFvH0ZhRwiGSoYgFNdDN0YVBRMi5aVDJ',
      accessor: 'nO9RQmHjoZ4cP9TE1UXyzCSf',
      policies: ['default', 'my-policy', 'other-policy'],
      token_policies: ['default', 'my-policy', 'other-policy'],
      identity_policies: null,
      metadata: { user: 'armon' },
      orphan: false,
      entity_id: '',
      lease_duration: 2764800,
      renewable: true,
      mfa_requirement: null,
    });
    expect((await runVault(vault, ['token', 'create', '-field=identity_policies'])).out).toBe('[]');
  });

  it('errors: API 2, arguments 1', async () => {
    vault.on('POST /v1/auth/token/create', { status: 400, body: { errors: ['child policies must be subset of parent'] } });
    expect(await runVault(vault, ['token', 'create', '-policy=admin'])).toMatchObject({
      code: 2,
      err: `Error creating token: Error making API request.\n\nURL: POST ${vault.address}/v1/auth/token/create\nCode: 400. Errors:\n\n* child policies must be subset of parent\n`,
    });
    expect(await runVault(vault, ['token', 'create', 'extra'])).toMatchObject({
      code: 1,
      err: 'Too many arguments (expected 0, got 1)\n',
    });
  });
});
