import { describe, expect, it } from 'vitest';
import { requestLines, runVault, useFakeVault } from '../../support.js';

const { vault } = useFakeVault({ 'POST /v1/sys/mounts/auth/github/tune': { status: 204 } });

describe('vault auth tune', () => {
  it('POSTs MountConfigInput to sys/mounts/auth/<path>/tune (unset TTLs as "")', async () => {
    const r = await runVault(vault, ['auth', 'tune', '-default-lease-ttl=72h', 'github/']);
    expect(r).toEqual({ code: 0, out: 'Success! Tuned the auth method at: github/\n', err: '' });
    expect(requestLines(vault)).toEqual([
      'POST /v1/sys/mounts/auth/github/tune {"options":null,"default_lease_ttl":"72h0m0s","max_lease_ttl":"",' +
        '"force_no_cache":false}',
    ]);
  });

  it('sends the given flags only: description (even empty), headers, token type, plugin version, lockout', async () => {
    const r = await runVault(vault, [
      'auth',
      'tune',
      '-description=',
      '-max-lease-ttl=system',
      '-audit-non-hmac-request-keys=value1',
      '-audit-non-hmac-request-keys=value2',
      '-listing-visibility=hidden',
      '-passthrough-request-headers=X-A',
      '-allowed-response-headers=X-B',
      '-token-type=default-service',
      '-version=2',
      '-user-lockout-threshold=10',
      '-user-lockout-duration=10m',
      '-user-lockout-disable=false',
      '-plugin-version=v0.1.0',
      'github',
    ]);
    expect(r.code).toBe(0);
    expect(vault.requests[0]?.body).toBe(
      JSON.stringify({
        options: { version: '2' },
        default_lease_ttl: '',
        description: '',
        max_lease_ttl: 'system',
        force_no_cache: false,
        audit_non_hmac_request_keys: ['value1', 'value2'],
        listing_visibility: 'hidden',
        passthrough_request_headers: ['X-A'],
        allowed_response_headers: ['X-B'],
        token_type: 'default-service',
        plugin_version: 'v0.1.0',
        user_lockout_config: { lockout_threshold: '10', lockout_duration: '10m0s', lockout_disable: false },
      }),
    );
  });

  it('a refused tune is "Error tuning auth method PATH/: …", exit 2; bad input exits 1 before any request', async () => {
    vault.on('POST /v1/sys/mounts/auth/nope/tune', { status: 400, body: { errors: ['cannot fetch mount entry'] } });
    expect(await runVault(vault, ['auth', 'tune', 'nope'])).toEqual({
      code: 2,
      out: '',
      err:
        'Error tuning auth method nope/: Error making API request.\n\n' +
        `URL: POST ${vault.address}/v1/sys/mounts/auth/nope/tune\n` +
        'Code: 400. Errors:\n\n* cannot fetch mount entry\n',
    });
    expect(await runVault(vault, ['auth', 'tune', '-user-lockout-threshold=-1', 'github'])).toEqual({
      code: 1,
      out: '',
      err: 'invalid value "-1" for flag -user-lockout-threshold: strconv.ParseUint: parsing "-1": invalid syntax\n',
    });
    expect(await runVault(vault, ['auth', 'tune'])).toMatchObject({ code: 1, err: 'Not enough arguments (expected 1, got 0)\n' });
    expect(vault.requests).toHaveLength(1);
  });
});
