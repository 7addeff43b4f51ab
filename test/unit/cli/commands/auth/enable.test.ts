import { describe, expect, it } from 'vitest';
import { requestLines, runVault, useFakeVault } from '../../support.js';

const { vault } = useFakeVault();

describe('vault auth enable', () => {
  it('POSTs Vault\'s EnableAuthOptions to sys/auth/<type> and prints Vault\'s line', async () => {
    vault.on('POST /v1/sys/auth/userpass', { status: 204 });
    const r = await runVault(vault, ['auth', 'enable', 'userpass']);
    expect(r).toEqual({ code: 0, out: 'Success! Enabled userpass auth method at: userpass/\n', err: '' });
    expect(requestLines(vault)).toEqual([
      'POST /v1/sys/auth/userpass {"type":"userpass","description":"","config":{"options":null,' +
        '"default_lease_ttl":"0s","max_lease_ttl":"0s","force_no_cache":false},"local":false,"seal_wrap":false,' +
        '"external_entropy_access":false,"options":null}',
    ]);
    expect(vault.requests[0]?.headers['x-vault-token']).toBe('hvs.root');
  });

  it('sends every config flag given, in Go\'s field order, and names the plugin version', async () => {
    vault.on('POST /v1/sys/auth/auth-prod', { status: 204 });
    const r = await runVault(vault, [
      'auth',
      'enable',
      '-path=auth-prod',
      '-description=LDAP for prod',
      '-default-lease-ttl=30m',
      '-max-lease-ttl=768h',
      '-audit-non-hmac-request-keys=username',
      '-audit-non-hmac-request-keys= password ',
      '-audit-non-hmac-response-keys=policies',
      '-listing-visibility=unauth',
      '-passthrough-request-headers=X-Custom',
      '-allowed-response-headers=X-Reply',
      '-options=foo=bar',
      '-local',
      '-seal-wrap',
      '-external-entropy-access',
      '-token-type=batch',
      '-version=2',
      '-plugin-version=v1.2.3',
      'ldap',
    ]);
    expect(r).toEqual({ code: 0, out: 'Success! Enabled ldap auth method version v1.2.3 at: auth-prod/\n', err: '' });
    expect(vault.requests[0]?.body).toBe(
      JSON.stringify({
        type: 'ldap',
        description: 'LDAP for prod',
        config: {
          options: null,
          default_lease_ttl: '30m0s',
          max_lease_ttl: '768h0m0s',
          force_no_cache: false,
          audit_non_hmac_request_keys: ['username', 'password'],
          audit_non_hmac_response_keys: ['policies'],
          listing_visibility: 'unauth',
          passthrough_request_headers: ['X-Custom'],
          allowed_response_headers: ['X-Reply'],
          token_type: 'batch',
          plugin_version: 'v1.2.3',
        },
        local: true,
        seal_wrap: true,
        external_entropy_access: true,
        options: { foo: 'bar', version: '2' },
      }),
    );
  });

  it('"plugin" takes its type and default path from -plugin-name', async () => {
    vault.on('POST /v1/sys/auth/my-auth-plugin', { status: 204 });
    const r = await runVault(vault, ['auth', 'enable', '-plugin-name=my-auth-plugin', 'plugin']);
    expect(r.out).toBe('Success! Enabled my-auth-plugin auth method at: my-auth-plugin/\n');
    expect((vault.requests[0]?.json as { type: string }).type).toBe('my-auth-plugin');
  });

  it('a refused enable is "Error enabling TYPE auth: …", exit 2; argument and flag errors exit 1', async () => {
    vault.on('POST /v1/sys/auth/userpass', { status: 400, body: { errors: ['path is already in use at userpass/'] } });
    expect(await runVault(vault, ['auth', 'enable', 'userpass'])).toEqual({
      code: 2,
      out: '',
      err:
        'Error enabling userpass auth: Error making API request.\n\n' +
        `URL: POST ${vault.address}/v1/sys/auth/userpass\n` +
        'Code: 400. Errors:\n\n* path is already in use at userpass/\n',
    });
    expect(await runVault(vault, ['auth', 'enable'])).toEqual({
      code: 1,
      out: '',
      err: 'Not enough arguments (expected 1, got 0)\n',
    });
    expect(await runVault(vault, ['auth', 'enable', 'a', 'b'])).toMatchObject({
      code: 1,
      err: 'Too many arguments (expected 1, got 2)\n',
    });
    expect(await runVault(vault, ['auth', 'enable', '-max-lease-ttl=5x', 'userpass'])).toEqual({
      code: 1,
      out: '',
      err: 'invalid value "5x" for flag -max-lease-ttl: time: unknown unit "x" in duration "5x"\n',
    });
    expect(vault.requests).toHaveLength(1);
  });

  it('help lists Vault\'s command options', async () => {
    const r = await runVault(vault, ['auth', 'enable', '-h']);
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/^Usage: vault auth enable \[options\] TYPE\n/);
    expect(r.err).toContain(
      '  -audit-non-hmac-request-keys=<string>\n' +
        "      Key that will not be HMAC'd by audit devices in the request data object.\n" +
        '      To specify multiple values, specify this flag multiple times.\n',
    );
    expect(r.err).toContain('  -plugin-version=<string>\n      Select the semantic version of the plugin to enable.\n');
  });
});
