import { describe, expect, it } from 'vitest';
import { createAppRoleBackend } from '../../../../src/auth/approle/index.js';
import { nullLogger } from '../../../../src/log/logger.js';
import { newAppRole, UUID } from './support.js';

const READ_KEYS = [
  'bind_secret_id', 'local_secret_ids', 'secret_id_bound_cidrs', 'secret_id_num_uses', 'secret_id_ttl',
  'token_bound_cidrs', 'token_explicit_max_ttl', 'token_max_ttl', 'token_no_default_policy', 'token_num_uses',
  'token_period', 'token_policies', 'token_ttl', 'token_type',
];

describe('approle backend', () => {
  it('is an approle backend with login unauthenticated', async () => {
    const backend = await createAppRoleBackend({
      logger: nullLogger(),
      options: {},
      config: { default_lease_ttl: 0, max_lease_ttl: 0 },
      systemDefaults: { default_lease_ttl: 3600, max_lease_ttl: 7200 },
    });
    expect(backend.type).toBe('approle');
    expect(backend.unauthenticatedPaths).toEqual(['login']);
  });
});

describe('approle roles', () => {
  it('creates a role with Vault\'s defaults and reads back its field set, keys sorted', async () => {
    const app = await newAppRole();
    expect(await app.write('role/web', {})).toEqual({ noContent: true });
    const read = await app.call('read', 'role/web');
    expect(Object.keys(read!.data!)).toEqual(READ_KEYS);
    expect(read!.data).toEqual({
      bind_secret_id: true,
      local_secret_ids: false,
      secret_id_bound_cidrs: null,
      secret_id_num_uses: 0,
      secret_id_ttl: 0,
      token_bound_cidrs: [],
      token_explicit_max_ttl: 0,
      token_max_ttl: 0,
      token_no_default_policy: false,
      token_num_uses: 0,
      token_period: 0,
      token_policies: [],
      token_ttl: 0,
      token_type: 'default',
    });
    expect(read!.warnings).toBeUndefined();
  });

  it('stores every field it takes and updates only the given ones', async () => {
    const app = await newAppRole();
    await app.write('role/app1', {
      bind_secret_id: 'true',
      secret_id_bound_cidrs: '10.0.0.0/8, 192.168.1.0/24',
      secret_id_num_uses: 5,
      secret_id_ttl: '10m',
      local_secret_ids: true,
      token_policies: 'dev,ops',
      token_ttl: '1h',
      token_max_ttl: '4h',
      token_explicit_max_ttl: 36000,
      token_num_uses: 3,
      token_no_default_policy: true,
      token_bound_cidrs: ['127.0.0.1/32'],
      token_type: 'service',
    });
    await app.write('role/app1', { secret_id_num_uses: 7 });
    expect((await app.call('read', 'role/app1'))!.data).toEqual({
      bind_secret_id: true,
      local_secret_ids: true,
      secret_id_bound_cidrs: ['10.0.0.0/8', '192.168.1.0/24'],
      secret_id_num_uses: 7,
      secret_id_ttl: 600,
      token_bound_cidrs: ['127.0.0.1/32'],
      token_explicit_max_ttl: 36000,
      token_max_ttl: 14400,
      token_no_default_policy: true,
      token_num_uses: 3,
      token_period: 0,
      token_policies: ['dev', 'ops'],
      token_ttl: 3600,
      token_type: 'service',
    });
  });

  it('echoes the deprecated policies and period only while they were written under those names', async () => {
    const app = await newAppRole();
    await app.write('role/old', { policies: 'a,b', period: 300 });
    let data = (await app.call('read', 'role/old'))!.data!;
    expect(data).toMatchObject({ policies: ['a', 'b'], token_policies: ['a', 'b'], period: 300, token_period: 300 });
    await app.write('role/old', { token_policies: 'c', token_period: 60 });
    data = (await app.call('read', 'role/old'))!.data!;
    expect(data).toMatchObject({ token_policies: ['c'], token_period: 60 });
    expect(data).not.toHaveProperty('policies');
    expect(data).not.toHaveProperty('period');
  });

  it('ignores ttl, max_ttl and bound_cidrs, which the approle role path does not have', async () => {
    const app = await newAppRole();
    await app.write('role/r', { ttl: 60, max_ttl: 120, bound_cidrs: '10.0.0.1' });
    expect((await app.call('read', 'role/r'))!.data).toMatchObject({ token_ttl: 0, token_max_ttl: 0, token_bound_cidrs: [] });
  });

  it('role names are case-insensitive and kept lower-cased', async () => {
    const app = await newAppRole();
    await app.write('role/MyRole', { token_policies: 'p' });
    expect((await app.call('list', 'role/'))!.data).toEqual({ keys: ['myrole'] });
    expect((await app.call('read', 'role/MYROLE'))!.data).toMatchObject({ token_policies: ['p'] });
    await app.write('role/myROLE', { token_ttl: 30 });
    expect((await app.call('read', 'role/myrole'))!.data).toMatchObject({ token_ttl: 30, token_policies: ['p'] });
    expect(await app.call('delete', 'role/MyRole')).toEqual({ noContent: true });
    expect(await app.call('read', 'role/myrole')).toBeNull();
  });

  it('lists roles, and answers nothing (404) when there are none', async () => {
    const app = await newAppRole();
    expect(await app.call('list', 'role/')).toBeNull();
    await app.write('role/b');
    await app.write('role/a');
    expect((await app.call('list', 'role/'))!.data).toEqual({ keys: ['a', 'b'] });
    expect((await app.call('list', 'role'))!.data).toEqual({ keys: ['a', 'b'] });
  });

  it('reads of a missing role are 404s and its delete a 204', async () => {
    const app = await newAppRole();
    expect(await app.call('read', 'role/none')).toBeNull();
    expect(await app.call('read', 'role/none/role-id')).toBeNull();
    expect(await app.call('delete', 'role/none')).toEqual({ noContent: true });
    expect(await app.backend.existenceCheck!({ operation: 'update', path: 'role/none', mountPoint: 'auth/approle/', data: {}, storage: app.storage, id: 'x', headers: {} })).toBe(false);
  });

  it('refuses names outside Vault\'s pattern as unsupported paths', async () => {
    const app = await newAppRole();
    expect(await app.fail('update', 'role/-bad')).toEqual({ status: 404, message: 'unsupported path' });
    expect(await app.fail('update', 'role/a b')).toEqual({ status: 404, message: 'unsupported path' });
    expect(await app.fail('update', `role/${'a'.repeat(4097)}`)).toEqual({ status: 400, message: 'role_name is longer than maximum of 4096 bytes' });
  });

  it('answers Vault\'s validation errors', async () => {
    const app = await newAppRole({ maxLeaseTtl: 3600 });
    expect(await app.fail('update', 'role/r', { bind_secret_id: false })).toEqual({ status: 500, message: 'at least one constraint should be enabled on the role' });
    expect(await app.fail('update', 'role/r', { secret_id_num_uses: -1 })).toEqual({ status: 400, message: 'secret_id_num_uses cannot be negative' });
    expect(await app.fail('update', 'role/r', { secret_id_bound_cidrs: '10.0.0.1' })).toEqual({
      status: 500,
      message: 'failed to validate CIDR blocks: invalid CIDR address: 10.0.0.1',
    });
    expect(await app.fail('update', 'role/r', { role_id: '' })).toEqual({ status: 400, message: 'invalid role_id supplied, or failed to generate a role_id' });
    expect(await app.fail('update', 'role/r', { period: '2h' })).toEqual({
      status: 400,
      message: 'period of "2h0m0s" is greater than the backend\'s maximum lease TTL of "1h0m0s"',
    });
    expect((await app.fail('update', 'role/r', { token_type: 'bogus' })).status).toBe(400);
    expect(await app.call('read', 'role/r')).toBeNull();
  });

  it('a role without bind_secret_id needs a CIDR binding', async () => {
    const app = await newAppRole();
    await app.write('role/cidr', { bind_secret_id: false, secret_id_bound_cidrs: '10.0.0.0/8' });
    await app.write('role/tok', { bind_secret_id: false, token_bound_cidrs: '10.0.0.1' });
    expect((await app.call('read', 'role/cidr'))!.data).toMatchObject({ bind_secret_id: false, secret_id_bound_cidrs: ['10.0.0.0/8'] });
    expect(await app.fail('update', 'role/cidr', { secret_id_bound_cidrs: '' })).toEqual({ status: 500, message: 'at least one constraint should be enabled on the role' });
  });

  it('local_secret_ids is set at creation only', async () => {
    const app = await newAppRole();
    await app.write('role/l', { local_secret_ids: true });
    expect((await app.call('read', 'role/l/local-secret-ids'))!.data).toEqual({ local_secret_ids: true });
    expect(await app.fail('update', 'role/l', { local_secret_ids: false })).toEqual({ status: 400, message: 'local_secret_ids can only be modified during role creation' });
  });

  it('warns as Vault does', async () => {
    const app = await newAppRole({ maxLeaseTtl: 3600 });
    expect(await app.write('role/w', { token_max_ttl: '2h', token_type: 'default-service' })).toEqual({
      warnings: [
        'default-service has no useful meaning; adjusting to service',
        "token_max_ttl is greater than the backend mount's maximum TTL value; issued tokens' max TTL value will be truncated",
      ],
    });
    expect((await app.call('read', 'role/w'))!.data).toMatchObject({ token_type: 'service', token_max_ttl: 7200 });
  });

  it('an update of a role that vanished is Vault\'s 404', async () => {
    const app = await newAppRole();
    const req = { operation: 'update' as const, path: 'role/gone', mountPoint: 'auth/approle/', data: {}, storage: app.storage, id: 'x', headers: {} };
    const err = await app.backend.handle(req).then(() => undefined, (e: unknown) => e as { status: number; message: string });
    expect({ status: err!.status, message: err!.message }).toEqual({ status: 404, message: 'role name "gone" doesn\'t exist' });
  });
});

describe('approle role-id', () => {
  it('generates a UUID role_id, reads it and takes a custom one', async () => {
    const app = await newAppRole();
    await app.write('role/r');
    const first = (await app.call('read', 'role/r/role-id'))!.data!.role_id as string;
    expect(first).toMatch(UUID);
    expect(await app.write('role/r/role-id', { role_id: 'my-custom-id' })).toEqual({ noContent: true });
    expect((await app.call('read', 'role/r/role-id'))!.data).toEqual({ role_id: 'my-custom-id' });
    await app.write('role/c', { role_id: 'given-at-creation' });
    expect((await app.call('read', 'role/c/role-id'))!.data).toEqual({ role_id: 'given-at-creation' });
  });

  it('keeps role_ids unique across roles', async () => {
    const app = await newAppRole();
    await app.write('role/a', { role_id: 'shared' });
    await app.write('role/b');
    expect(await app.fail('update', 'role/b/role-id', { role_id: 'shared' })).toEqual({ status: 500, message: 'role_id already in use' });
    expect(await app.fail('update', 'role/c', { role_id: 'shared' })).toEqual({ status: 500, message: 'role_id already in use' });
    // The same role may write its own role_id again.
    await app.write('role/a', { role_id: 'shared' });
    // Once a changes its role_id, the old one is free.
    await app.write('role/a/role-id', { role_id: 'other' });
    await app.write('role/b/role-id', { role_id: 'shared' });
    expect((await app.call('read', 'role/b/role-id'))!.data).toEqual({ role_id: 'shared' });
  });

  it('answers Vault\'s errors on role-id writes', async () => {
    const app = await newAppRole();
    expect(await app.fail('update', 'role/none/role-id', { role_id: 'x' })).toEqual({ status: 404, message: 'unsupported path' });
    await app.write('role/r');
    expect(await app.fail('update', 'role/r/role-id', {})).toEqual({ status: 400, message: 'missing role_id' });
  });
});

describe('approle per-field role paths', () => {
  it('reads, updates and deletes single fields', async () => {
    const app = await newAppRole({ maxLeaseTtl: 7200 });
    await app.write('role/f', { token_policies: 'a', secret_id_num_uses: 4 });
    expect((await app.call('read', 'role/f/secret-id-num-uses'))!.data).toEqual({ secret_id_num_uses: 4 });
    await app.write('role/f/secret-id-num-uses', { secret_id_num_uses: 9 });
    expect((await app.call('read', 'role/f'))!.data).toMatchObject({ secret_id_num_uses: 9 });
    await app.call('delete', 'role/f/secret-id-num-uses');
    expect((await app.call('read', 'role/f/secret-id-num-uses'))!.data).toEqual({ secret_id_num_uses: 0 });

    await app.write('role/f/policies', { token_policies: 'Z, y, y' });
    expect((await app.call('read', 'role/f/policies'))!.data).toEqual({ token_policies: ['y', 'z'] });
    await app.write('role/f/token-ttl', { token_ttl: '30m' });
    await app.write('role/f/token-max-ttl', { token_max_ttl: '1h' });
    expect(await app.fail('update', 'role/f/token-ttl', { token_ttl: '2h' })).toEqual({ status: 400, message: 'token_ttl should not be greater than token_max_ttl' });
    expect(await app.fail('update', 'role/f/token-max-ttl', { token_max_ttl: '10m' })).toEqual({ status: 400, message: 'token_max_ttl should be greater than or equal to token_ttl' });
    await app.write('role/f/period', { period: 600 });
    expect((await app.call('read', 'role/f/period'))!.data).toEqual({ period: 600, token_period: 600 });
    expect(await app.fail('update', 'role/f/period', { token_period: '3h' })).toEqual({
      status: 400,
      message: 'period of "0s" is greater than the backend\'s maximum lease TTL of "2h0m0s"',
    });
    await app.write('role/f/secret-id-bound-cidrs', { secret_id_bound_cidrs: '10.1.0.0/16' });
    expect((await app.call('read', 'role/f/secret-id-bound-cidrs'))!.data).toEqual({ secret_id_bound_cidrs: ['10.1.0.0/16'] });
    expect(await app.fail('update', 'role/f/secret-id-bound-cidrs', { secret_id_bound_cidrs: '10.1.0.1' })).toEqual({
      status: 400,
      message: 'failed to validate CIDR blocks: invalid CIDR address: 10.1.0.1',
    });
    expect(await app.fail('update', 'role/f/bind-secret-id', {})).toEqual({ status: 400, message: 'missing bind_secret_id' });
    expect(await app.fail('update', 'role/none/token-ttl', { token_ttl: 1 })).toEqual({ status: 404, message: 'unsupported path' });
    expect(await app.call('read', 'role/none/token-ttl')).toBeNull();
  });
});
