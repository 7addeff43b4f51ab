import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { requestLines, runVault, startFakeVault, tempHome, type FakeVault } from './support.js';
import { envelope, NOT_FOUND, TOKEN_CREATE, TOKEN_LOOKUP } from './vault-fixtures.js';

let vault: FakeVault;
beforeEach(async () => {
  vault = await startFakeVault();
});
afterEach(() => vault.close());

describe('vault read', () => {
  it('prints a Key/Value table, TTL-like keys as durations, maps and lists as Go prints them', async () => {
    vault.on('GET /v1/auth/token/lookup-self', { body: TOKEN_LOOKUP });
    const r = await runVault(vault, ['read', 'auth/token/lookup-self']);
    expect(r.out).toBe(
      `Key                  Value
---                  -----
accessor             8609694a-cdbc-db9b-d345-e782dbb562ed
creation_time        1523979354
creation_ttl         768h
display_name         ldap2-tesla
entity_id            7d2e3179-f69b-450c-7179-ac8ee8bd8ca9
expire_time          2018-05-19T11:35:54.466476215-04:00
explicit_max_ttl     0s
id                   cf64a70f-3a12-3f6c-791d-6cef6d390eed
identity_policies    [dev-group-policy]
issue_time           2018-04-17T11:35:54.466476078-04:00
meta                 map[username:tesla]
num_uses             0
orphan               true
path                 auth/ldap2/login/tesla
policies             [default testgroup2-policy]
renewable            true
ttl                  767h59m50s
`,
    );
    expect(r).toMatchObject({ code: 0, err: '' });
  });

  it('a secret with a lease shows lease_id, lease_duration and lease_renewable first', async () => {
    vault.on('GET /v1/database/creds/readonly', {
      body: envelope({
        lease_id: 'database/creds/readonly/2f6a614c-4aa2-7b19-24b9-ad944a8d4de6',
        lease_duration: 3600,
        renewable: true,
        data: { password: 'A1a-wr4p93HhW4hGdGdR', username: 'v-token-readonly-6x7n4wsrv9lxrkx3mfk9-1577993154' },
      }),
    });
    const r = await runVault(vault, ['read', 'database/creds/readonly']);
    expect(r.out).toBe(
      `Key                Value
---                -----
lease_id           database/creds/readonly/2f6a614c-4aa2-7b19-24b9-ad944a8d4de6
lease_duration     1h
lease_renewable    true
password           A1a-wr4p93HhW4hGdGdR
username           v-token-readonly-6x7n4wsrv9lxrkx3mfk9-1577993154
`,
    );
  });

  it('a KV v1 secret with a lease and no lease id shows refresh_interval', async () => {
    vault.on('GET /v1/kv/app', { body: envelope({ lease_duration: 2764800, data: { foo: 'bar' } }) });
    const r = await runVault(vault, ['read', 'kv/app']);
    expect(r.out).toBe('Key                 Value\n---                 -----\nrefresh_interval    768h\nfoo                 bar\n');
  });

  it('an auth response shows the token rows, then token_meta_*', async () => {
    vault.on('GET /v1/auth/approle/login', { body: TOKEN_CREATE });
    const r = await runVault(vault, ['read', 'auth/approle/login']);
    expect(r.out).toBe(
      `Key                  Value
---                  -----
token                hvs.CAESIJ8aQ8DnFvH0ZhRwiGSoYgFNdDN0YVBRMi5aVDJ
token_accessor       nO9RQmHjoZ4cP9TE1UXyzCSf
token_duration       768h
token_renewable      true
token_policies       ["default" "my-policy" "other-policy"]
identity_policies    []
policies             ["default" "my-policy" "other-policy"]
token_meta_user      armon
`,
    );
  });

  it('not found: "No value found at PATH" on stderr, exit 2; extra K=V go in the query', async () => {
    vault.on('GET /v1/secret/missing', NOT_FOUND);
    expect(await runVault(vault, ['read', '/secret/missing/', 'a=1', 'a=2', 'b=x'])).toEqual({
      code: 2,
      out: '',
      err: 'No value found at secret/missing\n',
    });
    expect(vault.requests[0]?.url).toBe('/v1/secret/missing?a=1&a=2&b=x');
  });

  it('an API error is "Error reading PATH: Error making API request…", exit 2', async () => {
    vault.on('GET /v1/secret/x', { status: 403, body: { errors: ['1 error occurred:\n\t* permission denied\n\n'] } });
    const r = await runVault(vault, ['read', 'secret/x']);
    expect(r).toEqual({
      code: 2,
      out: '',
      err:
        'Error reading secret/x: Error making API request.\n\n' +
        `URL: GET ${vault.address}/v1/secret/x\n` +
        'Code: 403. Errors:\n\n* 1 error occurred:\n\t* permission denied\n\n\n',
    });
  });

  it('-field and -format=json', async () => {
    vault.on('GET /v1/auth/token/lookup-self', { body: TOKEN_LOOKUP });
    expect(await runVault(vault, ['read', '-field=display_name', 'auth/token/lookup-self'])).toEqual({
      code: 0,
      out: 'ldap2-tesla',
      err: '',
    });
    expect((await runVault(vault, ['read', '-field=policies', '-format=json', 'auth/token/lookup-self'])).out).toBe(
      '[\n  "default",\n  "testgroup2-policy"\n]',
    );
    const json = await runVault(vault, ['read', '-format=json', 'auth/token/lookup-self']);
    expect(JSON.parse(json.out)).toEqual({ ...TOKEN_LOOKUP, wrap_info: undefined, auth: undefined });
    // Go sorts map keys; the data object comes out in key order.
    expect(Object.keys((JSON.parse(json.out) as { data: object }).data)[0]).toBe('accessor');
  });

  it('warnings go to stderr before the table', async () => {
    vault.on('GET /v1/sys/thing', { body: envelope({ data: { a: 'b' }, warnings: ['deprecated endpoint'] }) });
    const r = await runVault(vault, ['read', 'sys/thing']);
    expect(r.err).toBe('WARNING! The following warnings were returned from Vault:\n\n  * deprecated endpoint\n\n');
    expect(r.out).toBe('Key    Value\n---    -----\na      b\n');
  });

  it('an answer without the secret envelope becomes the data (ParseSecret)', async () => {
    vault.on('GET /v1/sys/raw-ish', { body: { a: 1, b: [true, null] } });
    const r = await runVault(vault, ['read', 'sys/raw-ish']);
    expect(r.out).toBe('Key    Value\n---    -----\na      1\nb      [true <nil>]\n');
  });
});

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

describe('vault list', () => {
  it('sends LIST as GET ?list=true and prints sorted Keys', async () => {
    vault.on('GET /v1/secret/my-app', { body: envelope({ data: { keys: ['b', 'a/', 'c'] } }) });
    const r = await runVault(vault, ['list', 'secret/my-app/']);
    expect(r).toEqual({ code: 0, out: 'Keys\n----\na/\nb\nc\n', err: '' });
    expect(requestLines(vault)).toEqual(['GET /v1/secret/my-app?list=true']);
  });

  it('nothing there: "No value found at PATH" exit 2; JSON prints {} exit 2', async () => {
    vault.on('GET /v1/secret/none', NOT_FOUND);
    expect(await runVault(vault, ['list', 'secret/none'])).toEqual({ code: 2, out: '', err: 'No value found at secret/none\n' });
    expect(await runVault(vault, ['list', '-format=json', 'secret/none'])).toEqual({ code: 2, out: '{}\n', err: '' });
  });

  it('-format=json prints the keys; -detailed adds key_info columns', async () => {
    vault.on('GET /v1/pki/issuers', {
      body: envelope({
        data: {
          keys: ['b1', 'a1'],
          key_info: { a1: { issuer_name: 'root', ttl: 3600 }, b1: { issuer_name: 'int' } },
        },
      }),
    });
    expect((await runVault(vault, ['list', '-format=json', 'pki/issuers'])).out).toBe('[\n  "b1",\n  "a1"\n]\n');
    expect((await runVault(vault, ['list', '-detailed', 'pki/issuers'])).out).toBe(
      'Keys    issuer_name    ttl\n----    -----------    ---\na1      root           1h\nb1      int            n/a\n',
    );
  });

  it('data without keys: "No entries found at PATH", exit 2', async () => {
    vault.on('GET /v1/x', { body: envelope({ data: { other: 1 } }) });
    expect(await runVault(vault, ['list', 'x'])).toEqual({ code: 2, out: '', err: 'No entries found at x\n' });
  });
});

describe('vault delete', () => {
  it('a 204 prints the success line; K=V pairs go in the query', async () => {
    vault.on('DELETE /v1/secret/my-secret', { status: 204 });
    expect(await runVault(vault, ['delete', 'secret/my-secret', 'versions=1'])).toEqual({
      code: 0,
      out: 'Success! Data deleted (if it existed) at: secret/my-secret\n',
      err: '',
    });
    expect(vault.requests[0]?.url).toBe('/v1/secret/my-secret?versions=1');
    expect(await runVault(vault, ['delete'])).toMatchObject({
      code: 1,
      err: 'Not enough arguments (expected at least 1, got 0)\n',
    });
  });

  it('a 404 with an error is an error (exit 2), like Vault\'s client', async () => {
    vault.on('DELETE /v1/nope/x', { status: 404, body: { errors: ['no handler for route "nope/x"'] } });
    const r = await runVault(vault, ['delete', 'nope/x']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^Error deleting nope\/x: Error making API request\.\n\nURL: DELETE .*\/v1\/nope\/x\nCode: 404/);
  });
});

describe('flags after arguments', () => {
  it('are not parsed, with Vault\'s warning (a "-k=v" after the path is a K=V pair)', async () => {
    vault.on('GET /v1/secret/a', { body: envelope({ data: { k: 'v' } }) });
    const r = await runVault(vault, ['read', 'secret/a', '-field=k']);
    expect(r.err).toBe(
      'Command flags must be provided before positional arguments. The following arguments will not be parsed as flags: [-field=k]\n',
    );
    expect(r.out).toBe('Key    Value\n---    -----\nk      v\n');
    expect(vault.requests[0]?.url).toBe('/v1/secret/a?-field=k');
  });
});
