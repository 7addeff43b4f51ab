import { describe, expect, it } from 'vitest';
import { newAppRole, T0 } from './support.js';

describe('approle login', () => {
  it('answers a LoginAuth from the role\'s token fields and the secret ID\'s metadata', async () => {
    const app = await newAppRole();
    await app.write('role/web', {
      role_id: 'web-role-id',
      token_policies: 'dev,ops',
      token_ttl: '1h',
      token_max_ttl: '4h',
      token_explicit_max_ttl: '8h',
      token_period: 0,
      token_num_uses: 7,
      token_no_default_policy: true,
      token_bound_cidrs: '10.0.0.0/8,127.0.0.1',
    });
    const { secret_id } = await app.credentials('web', { metadata: '{"team":"blue","role_name":"spoofed"}' });
    const res = await app.login({ role_id: 'web-role-id', secret_id });
    expect(res).toEqual({
      login: {
        policies: ['dev', 'ops'],
        noDefaultPolicy: true,
        metadata: { team: 'blue', role_name: 'web' },
        displayName: '',
        alias: { name: 'web-role-id', metadata: { team: 'blue', role_name: 'web' } },
        ttl: 3600,
        maxTtl: 14400,
        explicitMaxTtl: 28800,
        period: 0,
        numUses: 7,
        renewable: true,
        boundCidrs: ['10.0.0.0/8', '127.0.0.1'],
      },
    });
  });

  it('names the role in lower case and trims the credentials', async () => {
    const app = await newAppRole();
    await app.write('role/MixedCase', { role_id: 'mc', token_period: '10m' });
    const { secret_id } = await app.credentials('mixedcase');
    const res = await app.login({ role_id: '  mc ', secret_id: ` ${secret_id}\n` });
    expect(res.login).toMatchObject({ metadata: { role_name: 'mixedcase' }, alias: { name: 'mc' }, period: 600, policies: [] });
  });

  it('binds the token to the secret ID\'s token_bound_cidrs over the role\'s', async () => {
    const app = await newAppRole();
    await app.write('role/r', { role_id: 'rid', token_bound_cidrs: '10.0.0.0/8' });
    const plain = await app.credentials('r');
    const narrowed = await app.credentials('r', { token_bound_cidrs: '10.1.0.0/16' });
    expect((await app.login({ role_id: 'rid', secret_id: plain.secret_id })).login!.boundCidrs).toEqual(['10.0.0.0/8']);
    expect((await app.login({ role_id: 'rid', secret_id: narrowed.secret_id })).login!.boundCidrs).toEqual(['10.1.0.0/16']);
  });

  it('fails with Vault\'s texts', async () => {
    const app = await newAppRole();
    await app.write('role/r', { role_id: 'rid' });
    const { secret_id } = await app.credentials('r');
    expect(await app.fail('update', 'login', {})).toEqual({ status: 400, message: 'missing role_id' });
    expect(await app.fail('update', 'login', { role_id: '   ' })).toEqual({ status: 400, message: 'missing role_id' });
    expect(await app.fail('update', 'login', { role_id: 'unknown', secret_id })).toEqual({ status: 400, message: 'invalid role or secret ID' });
    expect(await app.fail('update', 'login', { role_id: 'rid' })).toEqual({ status: 400, message: 'missing secret_id' });
    expect(await app.fail('update', 'login', { role_id: 'rid', secret_id: 'wrong' })).toEqual({ status: 400, message: 'invalid role or secret ID' });
    expect(await app.fail('update', 'login', { role_id: 'rid', secret_id: 'x'.repeat(5000) })).toEqual({
      status: 500,
      message: 'failed to create HMAC of secret_id: value is longer than maximum of 4096 bytes',
    });
    // A secret ID of another role is unknown to this one.
    await app.write('role/other', { role_id: 'other-id' });
    expect(await app.fail('update', 'login', { role_id: 'other-id', secret_id })).toEqual({ status: 400, message: 'invalid role or secret ID' });
    // A destroyed one too.
    await app.write('role/r/secret-id/destroy', { secret_id });
    expect(await app.fail('update', 'login', { role_id: 'rid', secret_id })).toEqual({ status: 400, message: 'invalid role or secret ID' });
  });

  it('counts uses, deletes a secret ID with its last use, and fails after', async () => {
    const app = await newAppRole();
    await app.write('role/r', { role_id: 'rid', secret_id_num_uses: 3 });
    const { secret_id, accessor } = await app.credentials('r');
    app.clock.now = T0 + 5000;
    await app.login({ role_id: 'rid', secret_id });
    expect((await app.write('role/r/secret-id/lookup', { secret_id })).data).toMatchObject({
      secret_id_num_uses: 2,
      last_updated_time: '2025-01-01T12:00:05Z',
      creation_time: '2025-01-01T12:00:00Z',
    });
    await app.login({ role_id: 'rid', secret_id });
    await app.login({ role_id: 'rid', secret_id });
    expect(await app.fail('update', 'login', { role_id: 'rid', secret_id })).toEqual({ status: 400, message: 'invalid role or secret ID' });
    expect(await app.write('role/r/secret-id/lookup', { secret_id })).toEqual({ noContent: true });
    expect((await app.write('role/r/secret-id-accessor/lookup', { secret_id_accessor: accessor })).raw?.status).toBe(404);
  });

  it('lets exactly one of many concurrent logins use a single-use secret ID', async () => {
    const app = await newAppRole();
    await app.write('role/r', { role_id: 'rid', secret_id_num_uses: 1 });
    const { secret_id } = await app.credentials('r');
    const results = await Promise.allSettled(Array.from({ length: 20 }, () => app.login({ role_id: 'rid', secret_id })));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const reasons = results.flatMap((r) => (r.status === 'rejected' ? [(r.reason as Error).message] : []));
    expect(new Set(reasons)).toEqual(new Set(['invalid role or secret ID']));
  });

  it('lets no more than num_uses concurrent logins through', async () => {
    const app = await newAppRole();
    await app.write('role/r', { role_id: 'rid', secret_id_num_uses: 5 });
    const { secret_id } = await app.credentials('r');
    const results = await Promise.allSettled(Array.from({ length: 12 }, () => app.login({ role_id: 'rid', secret_id })));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(5);
  });

  it('refuses an expired secret ID and removes it', async () => {
    const app = await newAppRole();
    await app.write('role/r', { role_id: 'rid', secret_id_ttl: 60 });
    const { secret_id, accessor } = await app.credentials('r');
    app.clock.now = T0 + 60_000;
    await app.login({ role_id: 'rid', secret_id });
    app.clock.now = T0 + 60_001;
    expect(await app.fail('update', 'login', { role_id: 'rid', secret_id })).toEqual({ status: 400, message: 'invalid role or secret ID' });
    expect(await app.call('list', 'role/r/secret-id/')).toBeNull();
    expect((await app.write('role/r/secret-id-accessor/lookup', { secret_id_accessor: accessor })).raw?.status).toBe(404);
  });

  it('checks the secret ID\'s cidr_list, also for IPv4-mapped IPv6 clients', async () => {
    const app = await newAppRole();
    await app.write('role/r', { role_id: 'rid' });
    const { secret_id } = await app.credentials('r', { cidr_list: '10.0.0.0/8' });
    expect((await app.login({ role_id: 'rid', secret_id }, '::ffff:10.1.2.3')).login).toBeDefined();
    expect((await app.login({ role_id: 'rid', secret_id }, '10.9.9.9')).login).toBeDefined();
    expect(await app.fail('update', 'login', { role_id: 'rid', secret_id }, { remoteAddr: '::ffff:192.168.1.1' })).toEqual({
      status: 400,
      message: 'source address "192.168.1.1" unauthorized through CIDR restrictions on the secret ID',
    });
    expect(await app.fail('update', 'login', { role_id: 'rid', secret_id }, { remoteAddr: '' })).toEqual({
      status: 500,
      message: 'failed to get connection information',
    });
  });

  it('counts a use of a limited secret ID even when its CIDR check fails, as Vault does', async () => {
    const app = await newAppRole();
    await app.write('role/r', { role_id: 'rid', secret_id_num_uses: 2 });
    const { secret_id } = await app.credentials('r', { cidr_list: '10.0.0.0/8' });
    expect(await app.fail('update', 'login', { role_id: 'rid', secret_id }, { remoteAddr: '192.168.1.1' })).toEqual({
      status: 400,
      message: 'source address "192.168.1.1" unauthorized by CIDR restrictions on the secret ID: %!w(<nil>)',
    });
    expect((await app.write('role/r/secret-id/lookup', { secret_id })).data).toMatchObject({ secret_id_num_uses: 1 });
    expect((await app.login({ role_id: 'rid', secret_id }, '::ffff:10.0.0.1')).login).toBeDefined();
    expect(await app.write('role/r/secret-id/lookup', { secret_id })).toEqual({ noContent: true });
  });

  it('checks the role\'s secret_id_bound_cidrs', async () => {
    const app = await newAppRole();
    await app.write('role/r', { role_id: 'rid', secret_id_bound_cidrs: '127.0.0.0/8,fd00::/8' });
    const { secret_id } = await app.credentials('r');
    expect((await app.login({ role_id: 'rid', secret_id }, '::ffff:127.0.0.1')).login).toBeDefined();
    expect((await app.login({ role_id: 'rid', secret_id }, 'fd12::1')).login).toBeDefined();
    expect(await app.fail('update', 'login', { role_id: 'rid', secret_id }, { remoteAddr: '::1' })).toEqual({
      status: 400,
      message: 'source address "::1" unauthorized by CIDR restrictions on the role: %!w(<nil>)',
    });
    expect(await app.fail('update', 'login', { role_id: 'rid', secret_id }, { remoteAddr: 'not-an-ip' })).toEqual({
      status: 400,
      message: 'source address "not-an-ip" unauthorized by CIDR restrictions on the role: invalid IP address',
    });
  });

  it('logs in without a secret ID when the role does not bind one', async () => {
    const app = await newAppRole();
    await app.write('role/open', { role_id: 'open-id', bind_secret_id: false, secret_id_bound_cidrs: '10.0.0.0/8', token_policies: 'p' });
    const res = await app.login({ role_id: 'open-id' }, '10.0.0.5');
    expect(res.login).toMatchObject({ policies: ['p'], metadata: { role_name: 'open' }, alias: { name: 'open-id', metadata: { role_name: 'open' } } });
    expect(await app.fail('update', 'login', { role_id: 'open-id' }, { remoteAddr: '11.0.0.1' })).toEqual({
      status: 400,
      message: 'source address "11.0.0.1" unauthorized by CIDR restrictions on the role: %!w(<nil>)',
    });
  });

  it('follows a changed role_id', async () => {
    const app = await newAppRole();
    await app.write('role/r', { role_id: 'before' });
    const { secret_id } = await app.credentials('r', { num_uses: 0 });
    await app.write('role/r/role-id', { role_id: 'after' });
    expect(await app.fail('update', 'login', { role_id: 'before', secret_id })).toEqual({ status: 400, message: 'invalid role or secret ID' });
    expect((await app.login({ role_id: 'after', secret_id })).login!.alias).toEqual({ name: 'after', metadata: { role_name: 'r' } });
  });
});
