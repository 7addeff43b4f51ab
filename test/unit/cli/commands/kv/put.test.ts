import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { requestLines, runVault, tempHome, useFakeVault } from '../../support.js';
import { KV2_WRITE, KV_MOUNT_ROUTES } from '../../vault-fixtures.js';
import { KV_PUT_OUTPUT } from '../../docs-outputs.js';

const { vault } = useFakeVault(KV_MOUNT_ROUTES);

describe('vault kv put', () => {
  it('KV v2: writes {data, options} to secret/data/creds and prints the docs output', async () => {
    vault.on('PUT /v1/secret/data/creds', { body: KV2_WRITE });
    const r = await runVault(vault, ['kv', 'put', '-mount=secret', 'creds', 'passcode=my-long-passcode']);
    expect(r.out.split('\n')).toEqual(KV_PUT_OUTPUT.split('\n'));
    expect(r).toMatchObject({ code: 0, err: '' });
    expect(requestLines(vault)).toEqual([
      'GET /v1/sys/internal/ui/mounts/secret',
      'PUT /v1/secret/data/creds {"data":{"passcode":"my-long-passcode"},"options":{}}',
    ]);
    expect(vault.requests[1]?.headers['x-vault-token']).toBe('hvs.root');
  });

  it('the path-like syntax and -cas give the same request with options.cas', async () => {
    vault.on('PUT /v1/secret/data/creds', { body: KV2_WRITE });
    const r = await runVault(vault, ['kv', 'put', '-cas=0', 'secret/creds', 'a=1', 'a=2']);
    expect(r.out).toBe(KV_PUT_OUTPUT);
    expect(requestLines(vault)[0]).toBe('GET /v1/sys/internal/ui/mounts/secret/creds');
    expect(vault.requests[1]?.json).toEqual({ data: { a: ['1', '2'] }, options: { cas: 0 } });
  });

  it('KV v1: writes the data as is; a 204 prints "Success! Data written to"', async () => {
    vault.on('PUT /v1/kv/creds', { status: 204 });
    const r = await runVault(vault, ['kv', 'put', 'kv/creds', 'passcode=x']);
    expect(r).toEqual({ code: 0, out: 'Success! Data written to: kv/creds\n', err: '' });
    expect(vault.requests[1]?.body).toBe('{"passcode":"x"}');
  });

  it('an old server without the pre-flight endpoint (404) is treated as KV v1', async () => {
    vault.routes.delete('GET /v1/sys/internal/ui/mounts/kv/creds');
    vault.on('PUT /v1/kv/creds', { status: 204 });
    const r = await runVault(vault, ['kv', 'put', 'kv/creds', 'a=b']);
    expect(r.out).toBe('Success! Data written to: kv/creds\n');
  });

  it('a failed pre-flight prints the API error and exits 2', async () => {
    vault.on('GET /v1/sys/internal/ui/mounts/secret/creds', { status: 403, body: { errors: ['permission denied'] } });
    const r = await runVault(vault, ['kv', 'put', 'secret/creds', 'a=b']);
    expect(r.code).toBe(2);
    expect(r.err).toBe(
      'Error making API request.\n\n' +
        `URL: GET ${vault.address}/v1/sys/internal/ui/mounts/secret/creds\n` +
        'Code: 403. Errors:\n\n* permission denied\n',
    );
  });

  it('reads @file, key=@file and key=- (stdin) like kv-builder', async () => {
    const home = await tempHome();
    try {
      await writeFile(join(home.dir, 'data.json'), '{"user":"alice","n":3}');
      await writeFile(join(home.dir, 'pass.txt'), 's3cr3t\n');
      vault.on('PUT /v1/secret/data/creds', { body: KV2_WRITE });
      await runVault(vault, ['kv', 'put', 'secret/creds', `@${join(home.dir, 'data.json')}`, `pw=@${join(home.dir, 'pass.txt')}`]);
      expect(vault.requests[1]?.json).toEqual({ data: { user: 'alice', n: 3, pw: 's3cr3t\n' }, options: {} });
      await runVault(vault, ['kv', 'put', 'secret/creds', 'token=-', 'lit=\\@x'], { stdin: 'abcd1234\n' });
      expect(vault.requests[3]?.json).toEqual({ data: { token: 'abcd1234\n', lit: '@x' }, options: {} });
      const missing = await runVault(vault, ['kv', 'put', 'secret/creds', 'pw=@/nonexistent/file']);
      expect(missing).toMatchObject({
        code: 1,
        err:
          'Failed to parse K=V data: invalid key/value pair "pw=@/nonexistent/file": error reading file: ' +
          'open /nonexistent/file: no such file or directory\n',
      });
    } finally {
      await home.cleanup();
    }
  });

  it('"-" merges a JSON object from stdin; bad pairs and missing data are usage errors', async () => {
    vault.on('PUT /v1/secret/data/creds', { body: KV2_WRITE });
    await runVault(vault, ['kv', 'put', 'secret/creds', '-'], { stdin: '{"a":"b","c":[1,2]}' });
    expect(vault.requests[1]?.json).toEqual({ data: { a: 'b', c: [1, 2] }, options: {} });
    expect(await runVault(vault, ['kv', 'put', 'secret/creds', 'novalue'])).toMatchObject({
      code: 1,
      err: 'Failed to parse K=V data: invalid key/value pair "novalue": format must be key=value\n',
    });
    expect(await runVault(vault, ['kv', 'put', 'secret/creds'])).toMatchObject({ code: 1, err: 'Must supply data\n' });
    expect(await runVault(vault, ['kv', 'put'])).toMatchObject({
      code: 1,
      err: 'Not enough arguments (expected >1, got 0)\n',
    });
  });

  it('-format=json prints the whole secret; -field prints one metadata value', async () => {
    vault.on('PUT /v1/secret/data/creds', { body: KV2_WRITE });
    const json = await runVault(vault, ['kv', 'put', '-format=json', 'secret/creds', 'a=b']);
    expect(json.out).toBe(
      `{
  "request_id": "c5b4a1b4-8fd9-2bba-5d7e-1a09f0ee1fe4",
  "lease_id": "",
  "lease_duration": 0,
  "renewable": false,
  "data": {
    "created_time": "2022-06-15T20:14:17.107852Z",
    "custom_metadata": null,
    "deletion_time": "",
    "destroyed": false,
    "version": 1
  },
  "warnings": null
}
`,
    );
    const field = await runVault(vault, ['kv', 'put', '-field=version', 'secret/creds', 'a=b']);
    expect(field).toEqual({ code: 0, out: '1', err: '' });
  });

  it('an API error prints "Error writing data to" with Vault\'s error text and exits 2', async () => {
    vault.on('PUT /v1/secret/data/creds', {
      status: 400,
      body: { errors: ['check-and-set parameter did not match the current version'] },
    });
    const r = await runVault(vault, ['kv', 'put', '-cas=5', 'secret/creds', 'a=b']);
    expect(r).toEqual({
      code: 2,
      out: '',
      err:
        'Error writing data to secret/data/creds: Error making API request.\n\n' +
        `URL: PUT ${vault.address}/v1/secret/data/creds\n` +
        'Code: 400. Errors:\n\n* check-and-set parameter did not match the current version\n',
    });
  });
});
