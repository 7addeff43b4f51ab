import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { requestLines, runVault, startFakeVault, tempHome, type FakeVault } from './support.js';
import {
  CREDS_METADATA,
  envelope,
  KV2_METADATA,
  KV2_READ,
  KV2_WRITE,
  MOUNT_KV1,
  MOUNT_KV2,
  NOT_FOUND,
} from './vault-fixtures.js';

// The outputs below are the examples of Vault's docs (website/content/docs/commands/kv/*.mdx).
const KV_PUT_OUTPUT = `== Secret Path ==
secret/data/creds

======= Metadata =======
Key                Value
---                -----
created_time       2022-06-15T20:14:17.107852Z
custom_metadata    <nil>
deletion_time      n/a
destroyed          false
version            1
`;

const KV_GET_OUTPUT = `${KV_PUT_OUTPUT}
====== Data ======
Key         Value
---         -----
passcode    my-long-passcode
`;

const KV_METADATA_GET_OUTPUT = `=== Metadata Path ===
secret/metadata/creds

========== Metadata ==========
Key                     Value
---                     -----
cas_required            false
created_time            2022-06-15T20:14:17.107852Z
current_version         2
custom_metadata         <nil>
delete_version_after    0s
max_versions            0
oldest_version          0
updated_time            2022-06-15T20:20:01.34563Z

====== Version 1 ======
Key              Value
---              -----
created_time     2022-06-15T20:14:17.107852Z
deletion_time    n/a
destroyed        false

====== Version 2 ======
Key              Value
---              -----
created_time     2022-06-15T20:20:01.34563Z
deletion_time    n/a
destroyed        false
`;

let vault: FakeVault;
beforeEach(async () => {
  vault = await startFakeVault({
    'GET /v1/sys/internal/ui/mounts/secret/creds': { body: MOUNT_KV2 },
    'GET /v1/sys/internal/ui/mounts/secret': { body: MOUNT_KV2 },
    'GET /v1/sys/internal/ui/mounts/kv/creds': { body: MOUNT_KV1 },
    'GET /v1/sys/internal/ui/mounts/kv': { body: MOUNT_KV1 },
  });
});
afterEach(() => vault.close());

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

describe('vault kv get', () => {
  it('KV v2: Secret Path, Metadata and Data sections exactly as the docs show', async () => {
    vault.on('GET /v1/secret/data/creds', { body: KV2_READ });
    const r = await runVault(vault, ['kv', 'get', '-mount=secret', 'creds']);
    expect(r.out.split('\n')).toEqual(KV_GET_OUTPUT.split('\n'));
    expect(r).toMatchObject({ code: 0, err: '' });
  });

  it('-version=1 adds ?version=1; -field=passcode prints the bare value', async () => {
    vault.on('GET /v1/secret/data/creds', { body: KV2_READ });
    const r = await runVault(vault, ['kv', 'get', '-version=1', '-field=passcode', 'secret/creds']);
    expect(r).toEqual({ code: 0, out: 'my-long-passcode', err: '' });
    expect(vault.requests[1]?.url).toBe('/v1/secret/data/creds?version=1');
    const missing = await runVault(vault, ['kv', 'get', '-field=nope', 'secret/creds']);
    expect(missing).toEqual({ code: 1, out: '', err: 'Field "nope" not present in secret\n' });
    const data = await runVault(vault, ['kv', 'get', '-field=data', '-format=json', 'secret/creds']);
    expect(JSON.parse(data.out)).toEqual({ passcode: 'my-long-passcode' });
  });

  it('KV v1: only the data section', async () => {
    vault.on('GET /v1/kv/creds', { body: envelope({ data: { passcode: 'my-long-passcode' }, lease_duration: 2764800 }) });
    const r = await runVault(vault, ['kv', 'get', '-mount=kv', 'creds']);
    expect(r.out).toBe('====== Data ======\nKey         Value\n---         -----\npasscode    my-long-passcode\n');
  });

  it('not found: "No value found at secret/data/foo" on stderr, exit 2', async () => {
    vault.on('GET /v1/sys/internal/ui/mounts/secret/foo', { body: MOUNT_KV2 });
    vault.on('GET /v1/secret/data/foo', NOT_FOUND);
    const r = await runVault(vault, ['kv', 'get', 'secret/foo']);
    expect(r).toEqual({ code: 2, out: '', err: 'No value found at secret/data/foo\n' });
  });

  it('a deleted version (404 with metadata) still shows its metadata', async () => {
    const deleted = { ...CREDS_METADATA, deletion_time: '2022-06-16T10:00:00Z' };
    vault.on('GET /v1/secret/data/creds', { status: 404, body: envelope({ data: { data: null, metadata: deleted } }) });
    const r = await runVault(vault, ['kv', 'get', 'secret/creds']);
    expect(r.code).toBe(0);
    expect(r.out).toBe(KV_PUT_OUTPUT.replace('deletion_time      n/a', 'deletion_time      2022-06-16T10:00:00Z') + '\n');
  });

  it('-format=json prints the whole response as Vault\'s api.Secret', async () => {
    vault.on('GET /v1/secret/data/creds', { body: { ...KV2_READ, mount_type: 'kv' } });
    const r = await runVault(vault, ['kv', 'get', '-format=json', 'secret/creds']);
    expect(JSON.parse(r.out)).toEqual({
      request_id: 'c5b4a1b4-8fd9-2bba-5d7e-1a09f0ee1fe4',
      lease_id: '',
      lease_duration: 0,
      renewable: false,
      data: KV2_READ['data'],
      warnings: null,
      mount_type: 'kv',
    });
    expect(Object.keys(JSON.parse(r.out) as object)).toEqual([
      'request_id',
      'lease_id',
      'lease_duration',
      'renewable',
      'data',
      'warnings',
      'mount_type',
    ]);
  });

  it('argument count errors exit 1', async () => {
    expect(await runVault(vault, ['kv', 'get'])).toMatchObject({ code: 1, err: 'Not enough arguments (expected 1, got 0)\n' });
    expect(await runVault(vault, ['kv', 'get', 'a', 'b'])).toMatchObject({
      code: 1,
      err: 'Too many arguments (expected 1, got 2)\n',
    });
  });
});

describe('vault kv list / delete / undelete / destroy / patch', () => {
  it('kv list sends LIST as GET ?list=true on the metadata path and prints Keys', async () => {
    vault.on('GET /v1/sys/internal/ui/mounts/secret/my-app', { body: MOUNT_KV2 });
    vault.on('GET /v1/secret/metadata/my-app', {
      body: envelope({ data: { keys: ['release', 'admin_creds', 'qa_creds', 'domain', 'eng_creds'] } }),
    });
    const r = await runVault(vault, ['kv', 'list', 'secret/my-app/']);
    expect(r).toEqual({ code: 0, out: 'Keys\n----\nadmin_creds\ndomain\neng_creds\nqa_creds\nrelease\n', err: '' });
    expect(vault.requests[1]?.url).toBe('/v1/secret/metadata/my-app?list=true');
    expect(vault.requests[1]?.method).toBe('GET');
    const json = await runVault(vault, ['kv', 'list', '-format=json', 'secret/my-app']);
    expect(JSON.parse(json.out)).toEqual(['release', 'admin_creds', 'qa_creds', 'domain', 'eng_creds']);
  });

  it('kv list of nothing: "No value found at …" exit 2; JSON prints {} and exits 2', async () => {
    vault.on('GET /v1/secret/metadata', NOT_FOUND);
    expect(await runVault(vault, ['kv', 'list', '-mount=secret'])).toEqual({
      code: 2,
      out: '',
      err: 'No value found at secret/metadata\n',
    });
    expect(await runVault(vault, ['kv', 'list', '-format=json', 'secret'])).toEqual({ code: 2, out: '{}\n', err: '' });
  });

  it('kv delete: DELETE the latest version, or PUT delete/ with -versions', async () => {
    vault.on('DELETE /v1/secret/data/creds', { status: 204 });
    vault.on('PUT /v1/secret/delete/creds', { status: 204 });
    expect(await runVault(vault, ['kv', 'delete', '-mount=secret', 'creds'])).toEqual({
      code: 0,
      out: 'Success! Data deleted (if it existed) at: secret/data/creds\n',
      err: '',
    });
    await runVault(vault, ['kv', 'delete', '-versions=1,2', '-versions=3', 'secret/creds']);
    expect(requestLines(vault)).toEqual([
      'GET /v1/sys/internal/ui/mounts/secret',
      'DELETE /v1/secret/data/creds',
      'GET /v1/sys/internal/ui/mounts/secret/creds',
      'PUT /v1/secret/delete/creds {"versions":["1","2","3"]}',
    ]);
  });

  it('kv undelete and destroy need -versions and KV v2', async () => {
    vault.on('PUT /v1/secret/undelete/creds', { status: 204 });
    vault.on('PUT /v1/secret/destroy/creds', { status: 204 });
    expect(await runVault(vault, ['kv', 'undelete', '-versions=2', 'secret/creds'])).toEqual({
      code: 0,
      out: 'Success! Data written to: secret/undelete/creds\n',
      err: '',
    });
    expect(await runVault(vault, ['kv', 'destroy', '-mount=secret', '-versions=1', 'creds'])).toMatchObject({
      code: 0,
      out: 'Success! Data written to: secret/destroy/creds\n',
    });
    expect(await runVault(vault, ['kv', 'undelete', 'secret/creds'])).toMatchObject({
      code: 1,
      err: 'No versions provided, use the "-versions" flag to specify the version to undelete.\n',
    });
    expect(await runVault(vault, ['kv', 'destroy', '-versions=1', 'kv/creds'])).toMatchObject({
      code: 1,
      err: 'Destroy not supported on KV Version 1\n',
    });
  });

  it('kv patch: HTTP PATCH with merge-patch JSON; -remove-data sends null', async () => {
    vault.on('PATCH /v1/secret/data/creds', { body: envelope({ data: { ...CREDS_METADATA, version: 2 } }) });
    const r = await runVault(vault, ['kv', 'patch', '-remove-data=old', 'secret/creds', 'ttl=48h']);
    expect(r.out).toBe(KV_PUT_OUTPUT.replace('version            1', 'version            2'));
    expect(vault.requests[1]?.headers['content-type']).toBe('application/merge-patch+json');
    expect(vault.requests[1]?.json).toEqual({ data: { ttl: '48h', old: null }, options: {} });
  });

  it('kv patch falls back to read-then-write on a 405, with cas from the read version', async () => {
    vault.on('PATCH /v1/secret/data/creds', { status: 405, body: { errors: ['unsupported operation'] } });
    vault.on('GET /v1/secret/data/creds', { body: KV2_READ });
    vault.on('PUT /v1/secret/data/creds', { body: KV2_WRITE });
    const r = await runVault(vault, ['kv', 'patch', 'secret/creds', 'ttl=48h']);
    expect(r.code).toBe(0);
    expect(vault.requests[3]?.json).toEqual({ data: { passcode: 'my-long-passcode', ttl: '48h' }, options: { cas: 1 } });
    expect(await runVault(vault, ['kv', 'patch', 'kv/creds', 'a=b'])).toMatchObject({
      code: 2,
      err: 'K/V engine mount must be version 2 for patch support\n',
    });
  });
});

describe('vault kv metadata', () => {
  it('get: Metadata Path, Metadata and one table per version, as the docs show', async () => {
    vault.on('GET /v1/secret/metadata/creds', { body: KV2_METADATA });
    const r = await runVault(vault, ['kv', 'metadata', 'get', '-mount=secret', 'creds']);
    expect(r.out.split('\n')).toEqual(KV_METADATA_GET_OUTPUT.split('\n'));
    expect(r.code).toBe(0);
  });

  it('put: only the given settings; delete: DELETE metadata/', async () => {
    vault.on('PUT /v1/secret/metadata/creds', { status: 204 });
    vault.on('DELETE /v1/secret/metadata/creds', { status: 204 });
    const put = await runVault(vault, [
      'kv',
      'metadata',
      'put',
      '-max-versions=5',
      '-delete-version-after=3h25m19s',
      '-cas-required',
      '-custom-metadata=foo=abc',
      '-custom-metadata=bar=123',
      'secret/creds',
    ]);
    expect(put).toEqual({ code: 0, out: 'Success! Data written to: secret/metadata/creds\n', err: '' });
    expect(vault.requests[1]?.json).toEqual({
      max_versions: 5,
      delete_version_after: '3h25m19s',
      cas_required: true,
      custom_metadata: { foo: 'abc', bar: '123' },
    });
    const del = await runVault(vault, ['kv', 'metadata', 'delete', 'secret/creds']);
    expect(del).toEqual({ code: 0, out: 'Success! Data deleted (if it existed) at: secret/metadata/creds\n', err: '' });
    expect(await runVault(vault, ['kv', 'metadata', 'get', 'kv/creds'])).toMatchObject({
      code: 1,
      err: 'Metadata not supported on KV Version 1\n',
    });
  });

  it('bad flag values are Go flag errors, exit 1', async () => {
    expect(await runVault(vault, ['kv', 'metadata', 'put', '-delete-version-after=abc', 'secret/creds'])).toMatchObject({
      code: 1,
      err: 'invalid value "abc" for flag -delete-version-after: time: invalid duration "abc"\n',
    });
    expect(await runVault(vault, ['kv', 'metadata', 'put', '-custom-metadata=x', 'secret/creds'])).toMatchObject({
      code: 1,
      err: 'invalid value "x" for flag -custom-metadata: missing = in KV pair: "x"\n',
    });
  });
});

describe('vault kv (group)', () => {
  it('prints its help and the subcommands, exit 1', async () => {
    const r = await runVault(vault, ['kv']);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^Usage: vault kv <subcommand> \[options\] \[args\]\n/);
    expect(r.err).toContain(
      '\n\nSubcommands:\n    delete      Deletes versions in the KV store\n' +
        '    destroy     Permanently removes one or more versions in the KV store\n' +
        '    get         Retrieves data from the KV store\n',
    );
  });
});
