import { describe, expect, it } from 'vitest';
import { WRAPPED_TABLE, wrapped } from './auth-fixtures.js';
import { runVault, useFakeVault } from './support.js';
import { envelope, MOUNT_KV2 } from './vault-fixtures.js';

const { vault } = useFakeVault({
  'GET /v1/secret/data/foo': { body: wrapped() },
  'GET /v1/sys/internal/ui/mounts/secret/foo': { body: MOUNT_KV2 },
});

const wrapHeaders = (): (string | undefined)[] =>
  vault.requests.map((q) => q.headers['x-vault-wrap-ttl'] as string | undefined);

describe('-wrap-ttl and VAULT_WRAP_TTL', () => {
  it('read -wrap-ttl=5m sends X-Vault-Wrap-TTL: 5m0s and prints Vault\'s wrap-info table', async () => {
    const r = await runVault(vault, ['read', '-wrap-ttl=5m', 'secret/data/foo']);
    expect(r).toEqual({ code: 0, out: WRAPPED_TABLE, err: '' });
    expect(wrapHeaders()).toEqual(['5m0s']);
  });

  it('-field=wrapping_token prints only the token; the other wrap fields too', async () => {
    const token = await runVault(vault, ['read', '-wrap-ttl=300', '-field=wrapping_token', 'secret/data/foo']);
    expect(token).toEqual({ code: 0, out: (wrapped()['wrap_info'] as { token: string }).token, err: '' });
    const created = await runVault(vault, ['read', '-wrap-ttl=300', '-field=wrapping_token_creation_time', 'secret/data/foo']);
    expect(created.out).toBe('2026-01-15T09:12:03.048213Z');
    expect((await runVault(vault, ['read', '-wrap-ttl=300', '-field=wrapping_token_ttl', 'secret/data/foo'])).out).toBe('300');
  });

  it('-format=json prints wrap_info as api.SecretWrapInfo', async () => {
    const r = await runVault(vault, ['read', '-wrap-ttl=5m', '-format=json', 'secret/data/foo']);
    const parsed = JSON.parse(r.out) as { wrap_info: Record<string, unknown>; auth?: unknown };
    expect(Object.keys(parsed.wrap_info)).toEqual(['token', 'accessor', 'ttl', 'creation_time', 'creation_path', 'wrapped_accessor']);
    expect(parsed.wrap_info['ttl']).toBe(300);
    expect(parsed.auth).toBeUndefined();
  });

  it('token create -wrap-ttl prints wrapped_accessor when the server sends one', async () => {
    vault.on('POST /v1/auth/token/create', {
      body: wrapped({ creation_path: 'auth/token/create', wrapped_accessor: 'nO9RQmHjoZ4cP9TE1UXyzCSf', ttl: 3600 }),
    });
    const r = await runVault(vault, ['token', 'create', '-wrap-ttl=1h']);
    expect(r.out).toContain(
      'wrapping_token_ttl:              1h\n' +
        'wrapping_token_creation_time:    2026-01-15 09:12:03.048213 +0000 UTC\n' +
        'wrapping_token_creation_path:    auth/token/create\n' +
        'wrapped_accessor:                nO9RQmHjoZ4cP9TE1UXyzCSf\n',
    );
    expect(wrapHeaders()).toEqual(['1h0m0s']);
  });

  it('VAULT_WRAP_TTL is the default (parsed like the flag); the flag wins; a value that does not parse goes as is', async () => {
    await runVault(vault, ['read', 'secret/data/foo'], { env: { VAULT_WRAP_TTL: '120' } });
    await runVault(vault, ['read', '-wrap-ttl=1m', 'secret/data/foo'], { env: { VAULT_WRAP_TTL: '120' } });
    await runVault(vault, ['read', 'secret/data/foo'], { env: { VAULT_WRAP_TTL: 'soon' } });
    await runVault(vault, ['read', 'secret/data/foo']);
    expect(wrapHeaders()).toEqual(['2m0s', '1m0s', 'soon', undefined]);
  });

  it('a write to sys/wrapping/wrap asks for Vault\'s default 5m; a bad -wrap-ttl exits 1', async () => {
    vault.on('PUT /v1/sys/wrapping/wrap', { body: wrapped({ creation_path: 'sys/wrapping/wrap' }) });
    const r = await runVault(vault, ['write', 'sys/wrapping/wrap', 'foo=bar']);
    expect(r.out).toContain('wrapping_token_creation_path:    sys/wrapping/wrap\n');
    expect(wrapHeaders()).toEqual(['5m']);
    expect(await runVault(vault, ['read', '-wrap-ttl=5x', 'secret/data/foo'])).toEqual({
      code: 1,
      out: '',
      err: 'invalid value "5x" for flag -wrap-ttl: time: unknown unit "x" in duration "5x"\n',
    });
  });

  it('list prints a wrapped answer as the wrap-info table, not as keys', async () => {
    vault.on('GET /v1/secret/metadata', { body: wrapped() });
    const r = await runVault(vault, ['list', '-wrap-ttl=5m', 'secret/metadata']);
    expect(r).toEqual({ code: 0, out: WRAPPED_TABLE, err: '' });
    expect(vault.requests[0]?.url).toBe('/v1/secret/metadata?list=true');
  });

  it('kv get wraps the read but not the mount pre-flight request', async () => {
    const r = await runVault(vault, ['kv', 'get', '-wrap-ttl=5m', 'secret/foo']);
    expect(r).toEqual({ code: 0, out: WRAPPED_TABLE, err: '' });
    expect(vault.requests.map((q) => `${q.path} ${String(q.headers['x-vault-wrap-ttl'])}`)).toEqual([
      '/v1/sys/internal/ui/mounts/secret/foo undefined',
      '/v1/secret/data/foo 5m0s',
    ]);
  });

  it('an unwrapped answer is unaffected and the help documents the flag', async () => {
    vault.on('GET /v1/secret/data/foo', { body: envelope({ data: { a: 'b' } }) });
    expect((await runVault(vault, ['read', 'secret/data/foo'])).out).toBe('Key    Value\n---    -----\na      b\n');
    const help = await runVault(vault, ['read', '-h']);
    expect(help.err).toContain(
      '  -wrap-ttl=<duration>\n      Wraps the response in a cubbyhole token with the requested TTL. The\n' +
        '      response is available via the "vault unwrap" command. The TTL is\n' +
        '      specified as a numeric string with suffix like "30s" or "5m". This can\n' +
        '      also be specified via the VAULT_WRAP_TTL environment variable.\n',
    );
  });
});
