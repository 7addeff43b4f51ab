import { describe, expect, it } from 'vitest';
import { runVault, useFakeVault } from '../support.js';
import { envelope, NOT_FOUND, TOKEN_CREATE, TOKEN_LOOKUP } from '../vault-fixtures.js';

const { vault } = useFakeVault();

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
