import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { requestLines, runVault, tempHome, useFakeVault } from '../support.js';
import { TOKEN_CREATE } from '../vault-fixtures.js';

const { vault } = useFakeVault();

describe('vault write', () => {
  it('a 204 prints "Success! Data written to: PATH"; the data is the JSON body of a PUT', async () => {
    vault.on('PUT /v1/secret/my-secret', { status: 204 });
    const r = await runVault(vault, ['write', 'secret/my-secret', 'foo=bar', 'n=1']);
    expect(r).toEqual({ code: 0, out: 'Success! Data written to: secret/my-secret\n', err: '' });
    expect(requestLines(vault)).toEqual(['PUT /v1/secret/my-secret {"foo":"bar","n":"1"}']);
  });

  it('-f writes with no data (a JSON null body, as Vault sends); without it: usage error', async () => {
    vault.on('PUT /v1/transit/keys/my-key', { status: 204 });
    expect(await runVault(vault, ['write', '-f', 'transit/keys/my-key'])).toMatchObject({ code: 0 });
    expect(vault.requests[0]?.body).toBe('null');
    expect(await runVault(vault, ['write', 'transit/keys/my-key'])).toEqual({
      code: 1,
      out: '',
      err: 'Must supply data or use -force\n',
    });
    expect(await runVault(vault, ['write'])).toMatchObject({ code: 1, err: 'Not enough arguments (expected 1, got 0)\n' });
  });

  it('key=@file and key=- (stdin)', async () => {
    const home = await tempHome();
    try {
      await writeFile(join(home.dir, 'policy.json'), '{"Version":"2012-10-17"}');
      vault.on('PUT /v1/aws/roles/ops', { status: 204 });
      await runVault(vault, ['write', 'aws/roles/ops', `policy=@${join(home.dir, 'policy.json')}`]);
      expect(vault.requests[0]?.json).toEqual({ policy: '{"Version":"2012-10-17"}' });
      vault.on('PUT /v1/consul/config/access', { status: 204 });
      await runVault(vault, ['write', 'consul/config/access', 'token=-'], { stdin: 'tok\n' });
      expect(vault.requests[1]?.json).toEqual({ token: 'tok\n' });
      const twice = await runVault(vault, ['write', 'x/y', 'a=-', 'b=-'], { stdin: 'v' });
      expect(twice).toMatchObject({
        code: 1,
        err: 'Failed to parse K=V data: invalid key/value pair "b=-": stdin already consumed\n',
      });
    } finally {
      await home.cleanup();
    }
  });

  it('an answer is printed as a secret (token create through write)', async () => {
    vault.on('PUT /v1/auth/token/create', { body: TOKEN_CREATE });
    const r = await runVault(vault, ['write', '-field=token', 'auth/token/create', 'policies=default']);
    expect(r).toEqual({ code: 0, out: 'hvs.CAESIJ8aQ8DnFvH0ZhRwiGSoYgFNdDN0YVBRMi5aVDJ', err: '' });
  });

  it('-format=json prints nothing for a 204; an error exits 2', async () => {
    vault.on('PUT /v1/secret/a', { status: 204 });
    expect(await runVault(vault, ['write', '-format=json', 'secret/a', 'x=y'])).toEqual({ code: 0, out: '', err: '' });
    vault.on('PUT /v1/secret/b', { status: 400, body: { errors: ['bad'] } });
    expect(await runVault(vault, ['write', 'secret/b', 'x=y'])).toMatchObject({
      code: 2,
      err: `Error writing data to secret/b: Error making API request.\n\nURL: PUT ${vault.address}/v1/secret/b\nCode: 400. Errors:\n\n* bad\n`,
    });
  });
});
