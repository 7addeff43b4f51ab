import { describe, expect, it } from 'vitest';
import { dump, newAppRole, T0, UUID } from './support.js';

const LOOKUP_KEYS = [
  'cidr_list', 'creation_time', 'expiration_time', 'last_updated_time', 'metadata', 'secret_id_accessor',
  'secret_id_num_uses', 'secret_id_ttl', 'token_bound_cidrs',
];

describe('approle secret IDs', () => {
  it('generates a UUID secret ID with an accessor, and lists the accessors', async () => {
    const app = await newAppRole();
    await app.write('role/r', { secret_id_num_uses: 3, secret_id_ttl: 600 });
    const res = await app.write('role/r/secret-id', {});
    expect(Object.keys(res.data!)).toEqual(['secret_id', 'secret_id_accessor', 'secret_id_num_uses', 'secret_id_ttl']);
    expect(res.data!.secret_id).toMatch(UUID);
    expect(res.data!.secret_id_accessor).toMatch(UUID);
    expect(res.data).toMatchObject({ secret_id_num_uses: 3, secret_id_ttl: 600 });
    const second = await app.write('role/r/secret-id/', {});
    const listed = await app.call('list', 'role/r/secret-id/');
    expect([...(listed!.data!.keys as string[])].sort()).toEqual([res.data!.secret_id_accessor, second.data!.secret_id_accessor].sort());
  });

  it('caps the answered TTL by the mount\'s max lease TTL', async () => {
    const app = await newAppRole({ maxLeaseTtl: 300 });
    await app.write('role/r', { secret_id_ttl: '1h' });
    expect((await app.write('role/r/secret-id', {})).data).toMatchObject({ secret_id_ttl: 300 });
    await app.write('role/z', {});
    expect((await app.write('role/z/secret-id', {})).data).toMatchObject({ secret_id_ttl: 0 });
  });

  it('looks a secret ID up, by itself or by its accessor, in Vault\'s shape', async () => {
    const app = await newAppRole();
    await app.write('role/r', { secret_id_ttl: 3600, secret_id_bound_cidrs: '10.0.0.0/8', token_bound_cidrs: '10.0.0.0/8' });
    const { data } = await app.write('role/r/secret-id', {
      metadata: '{"team":"blue","env":"prod"}',
      cidr_list: '10.1.0.0/16',
      token_bound_cidrs: ['10.2.0.0/16'],
      num_uses: 0,
    });
    const expected = {
      cidr_list: ['10.1.0.0/16'],
      creation_time: '2025-01-01T12:00:00Z',
      expiration_time: '2025-01-01T13:00:00Z',
      last_updated_time: '2025-01-01T12:00:00Z',
      metadata: { team: 'blue', env: 'prod' },
      secret_id_accessor: data!.secret_id_accessor,
      secret_id_num_uses: 0,
      secret_id_ttl: 3600,
      token_bound_cidrs: ['10.2.0.0/16'],
    };
    const byId = await app.write('role/r/secret-id/lookup', { secret_id: data!.secret_id });
    expect(Object.keys(byId.data!)).toEqual(LOOKUP_KEYS);
    expect(byId.data).toEqual(expected);
    const byAccessor = await app.write('role/r/secret-id-accessor/lookup', { secret_id_accessor: data!.secret_id_accessor });
    expect(byAccessor.data).toEqual(expected);
  });

  it('shows empty lists, an empty map and Go\'s zero time for a plain secret ID', async () => {
    const app = await newAppRole();
    app.clock.now = T0 + 1500;
    await app.write('role/r');
    const { data } = await app.write('role/r/secret-id', {});
    expect((await app.write('role/r/secret-id/lookup', { secret_id: data!.secret_id })).data).toMatchObject({
      cidr_list: [],
      token_bound_cidrs: [],
      metadata: {},
      creation_time: '2025-01-01T12:00:01.5Z',
      expiration_time: '0001-01-01T00:00:00Z',
    });
  });

  it('answers 204 for an unknown secret ID and Vault\'s errors around lookups', async () => {
    const app = await newAppRole();
    await app.write('role/r');
    expect(await app.write('role/r/secret-id/lookup', { secret_id: 'nope' })).toEqual({ noContent: true });
    expect(await app.fail('update', 'role/r/secret-id/lookup', {})).toEqual({ status: 400, message: 'missing secret_id' });
    expect(await app.fail('update', 'role/none/secret-id/lookup', { secret_id: 'x' })).toEqual({ status: 500, message: 'role "none" does not exist' });
    expect(await app.fail('update', 'role/r/secret-id/lookup', { secret_id: 'x'.repeat(4097) })).toEqual({
      status: 500,
      message: 'failed to create HMAC of secret_id: value is longer than maximum of 4096 bytes',
    });
    expect(await app.fail('update', 'role/r/secret-id-accessor/lookup', {})).toEqual({ status: 400, message: 'missing secret_id_accessor' });
    // RespondWithStatusCode: a 404 whose body is the response, the error in data.
    expect(await app.write('role/r/secret-id-accessor/lookup', { secret_id_accessor: 'nope' })).toEqual({
      raw: {
        status: 404,
        body: {
          request_id: 'req-1',
          lease_id: '',
          renewable: false,
          lease_duration: 0,
          data: { error: 'failed to find accessor entry for secret_id_accessor: "nope"' },
          wrap_info: null,
          warnings: null,
          auth: null,
          mount_type: '',
        },
      },
    });
  });

  it('takes a custom secret ID, once per role', async () => {
    const app = await newAppRole();
    await app.write('role/r');
    await app.write('role/s');
    const res = await app.write('role/r/custom-secret-id', { secret_id: 'my-secret', num_uses: 2 });
    expect(res.data).toMatchObject({ secret_id: 'my-secret', secret_id_num_uses: 2, secret_id_ttl: 0 });
    expect(res.data!.secret_id_accessor).toMatch(UUID);
    expect(await app.fail('update', 'role/r/custom-secret-id', { secret_id: 'my-secret' })).toEqual({
      status: 500,
      message: 'failed to store secret_id: SecretID is already registered',
    });
    // Another role may hold the same secret ID.
    await app.write('role/s/custom-secret-id', { secret_id: 'my-secret' });
    expect(await app.fail('update', 'role/r/custom-secret-id', {})).toEqual({ status: 400, message: 'missing secret_id' });
  });

  it('destroys a secret ID by itself (update or delete) or by its accessor', async () => {
    const app = await newAppRole();
    await app.write('role/r');
    const a = await app.write('role/r/secret-id', {});
    const b = await app.write('role/r/secret-id', {});
    const c = await app.write('role/r/secret-id', {});
    expect(await app.write('role/r/secret-id/destroy', { secret_id: a.data!.secret_id })).toEqual({ noContent: true });
    expect(await app.call('delete', 'role/r/secret-id/destroy', { secret_id: b.data!.secret_id })).toEqual({ noContent: true });
    expect(await app.write('role/r/secret-id/lookup', { secret_id: a.data!.secret_id })).toEqual({ noContent: true });
    expect((await app.call('list', 'role/r/secret-id/'))!.data).toEqual({ keys: [c.data!.secret_id_accessor] });
    // Destroying what is gone is still a 204.
    expect(await app.write('role/r/secret-id/destroy', { secret_id: a.data!.secret_id })).toEqual({ noContent: true });

    expect(await app.call('delete', 'role/r/secret-id-accessor/destroy', { secret_id_accessor: c.data!.secret_id_accessor })).toEqual({ noContent: true });
    expect(await app.call('list', 'role/r/secret-id/')).toBeNull();
    expect(await app.fail('update', 'role/r/secret-id-accessor/destroy', { secret_id_accessor: c.data!.secret_id_accessor })).toEqual({
      status: 500,
      message: `failed to find accessor entry for secret_id_accessor: "${c.data!.secret_id_accessor as string}"`,
    });
    expect(await app.fail('update', 'role/r/secret-id/destroy', {})).toEqual({ status: 400, message: 'missing secret_id' });
  });

  it('an accessor of another role\'s secret ID is looked up as nothing and refused to destroy', async () => {
    const app = await newAppRole();
    await app.write('role/a');
    await app.write('role/b');
    const { data } = await app.write('role/a/secret-id', {});
    expect(await app.write('role/b/secret-id-accessor/lookup', { secret_id_accessor: data!.secret_id_accessor })).toEqual({ noContent: true });
    expect(await app.write('role/b/secret-id-accessor/destroy', { secret_id_accessor: data!.secret_id_accessor })).toEqual({
      raw: { status: 403, body: { errors: ['invalid secret id accessor'] } },
    });
    expect(await app.write('role/b/secret-id/lookup', { secret_id: data!.secret_id })).toEqual({ noContent: true });
    expect((await app.write('role/a/secret-id/lookup', { secret_id: data!.secret_id })).data).toBeDefined();
  });

  it('answers Vault\'s errors when generating', async () => {
    const app = await newAppRole();
    expect(await app.fail('update', 'role/none/secret-id', {})).toEqual({ status: 404, message: 'role "none" does not exist' });
    expect(await app.fail('list', 'role/none/secret-id/')).toEqual({ status: 400, message: 'role "none" does not exist' });
    await app.write('role/open', { bind_secret_id: false, secret_id_bound_cidrs: '10.0.0.0/8' });
    expect(await app.fail('update', 'role/open/secret-id', {})).toEqual({ status: 400, message: 'bind_secret_id is not set on the role' });

    await app.write('role/r', { secret_id_bound_cidrs: '10.0.0.0/8', token_bound_cidrs: '172.16.0.0/12', secret_id_num_uses: 5, secret_id_ttl: 600 });
    expect(await app.fail('update', 'role/r/secret-id', { cidr_list: '192.168.0.0/24' })).toEqual({
      status: 500,
      message: 'failed to verify subset relationship between CIDR blocks on the role ["10.0.0.0/8"] and CIDR blocks on the secret ID ["192.168.0.0/24"]: %!w(<nil>)',
    });
    expect(await app.fail('update', 'role/r/secret-id', { cidr_list: '10.0.0.0/7' })).toMatchObject({ status: 500 });
    expect(await app.fail('update', 'role/r/secret-id', { cidr_list: '10.0.0.1' })).toEqual({
      status: 500,
      message: 'failed to validate CIDR blocks: invalid CIDR address: 10.0.0.1',
    });
    expect(await app.fail('update', 'role/r/secret-id', { token_bound_cidrs: 'nope' })).toEqual({
      status: 500,
      message: 'failed to validate token CIDR blocks: invalid CIDR address: nope',
    });
    expect(await app.fail('update', 'role/r/secret-id', { token_bound_cidrs: '10.0.0.0/8' })).toEqual({
      status: 500,
      message: 'failed to verify subset relationship between CIDR blocks on the role ["172.16.0.0/12"] and CIDR blocks on the secret ID ["10.0.0.0/8"]: %!w(<nil>)',
    });
    expect(await app.fail('update', 'role/r/secret-id', { num_uses: -1 })).toEqual({ status: 400, message: 'num_uses cannot be negative' });
    expect(await app.fail('update', 'role/r/secret-id', { num_uses: 6 })).toEqual({ status: 400, message: "num_uses cannot be higher than the role's secret_id_num_uses" });
    expect(await app.fail('update', 'role/r/secret-id', { num_uses: 0 })).toEqual({ status: 400, message: "num_uses cannot be higher than the role's secret_id_num_uses" });
    expect(await app.fail('update', 'role/r/secret-id', { ttl: 601 })).toEqual({ status: 400, message: "ttl cannot be longer than the role's secret_id_ttl" });
    expect(await app.fail('update', 'role/r/secret-id', { ttl: 0 })).toEqual({ status: 400, message: "ttl cannot be longer than the role's secret_id_ttl" });
    expect(await app.fail('update', 'role/r/secret-id', { metadata: '{"a":""}' })).toEqual({ status: 400, message: 'failed to parse metadata: invalid value for key "a"' });
    expect(await app.fail('update', 'role/r/secret-id', { metadata: 'nokey' })).toEqual({
      status: 400,
      message: 'failed to parse metadata: failed to parse the input: invalid <key,value> format',
    });

    const ok = await app.write('role/r/secret-id', { cidr_list: '10.1.2.0/24', token_bound_cidrs: '172.16.5.0/24', num_uses: 2, ttl: 60, metadata: 'K=V' });
    expect(ok.data).toMatchObject({ secret_id_num_uses: 2, secret_id_ttl: 60 });
    expect((await app.write('role/r/secret-id/lookup', { secret_id: ok.data!.secret_id })).data).toMatchObject({ metadata: { k: 'v' } });
  });

  it('never stores a secret ID in clear, nor keys anything by an accessor or a role_id', async () => {
    const app = await newAppRole();
    await app.write('role/r', { role_id: 'visible-role-id-7f3a' });
    const generated = await app.credentials('r', { metadata: '{"owner":"ann"}' });
    const limited = await app.credentials('r', { num_uses: 3 });
    await app.write('role/r/custom-secret-id', { secret_id: 'custom-secret-9d1c' });
    await app.login({ role_id: 'visible-role-id-7f3a', secret_id: generated.secret_id });
    await app.login({ role_id: 'visible-role-id-7f3a', secret_id: limited.secret_id });
    const stored = await dump(app.storage);
    expect(stored.size).toBeGreaterThan(0);
    const secrets = [generated.secret_id, limited.secret_id, 'custom-secret-9d1c'];
    for (const [key, value] of stored) {
      for (const secret of secrets) {
        expect(key).not.toContain(secret);
        expect(value).not.toContain(secret);
        expect(value).not.toContain(Buffer.from(secret).toString('base64'));
        expect(value).not.toContain(Buffer.from(secret).toString('hex'));
      }
      // Accessors and role IDs are readable through the API (as in Vault) but index nothing by name.
      for (const id of [generated.accessor, limited.accessor, 'visible-role-id-7f3a']) expect(key).not.toContain(id);
    }
    // The metadata is stored (it is not secret); the salt is 32 random bytes.
    expect([...stored.values()].some((v) => v.includes('ann'))).toBe(true);
    expect(Buffer.from(stored.get('salt')!, 'latin1')).toHaveLength(32);
  });

  it('a deleted role takes its secret IDs with it, and a new role of that name does not see them', async () => {
    const app = await newAppRole();
    await app.write('role/r', { role_id: 'rid' });
    const { secret_id, accessor } = await app.credentials('r');
    await app.call('delete', 'role/r');
    const left = [...(await dump(app.storage)).keys()].filter((k) => k.startsWith('secret_id/') || k.startsWith('accessor/') || k.startsWith('role'));
    expect(left).toEqual([]);
    await app.write('role/r', { role_id: 'rid' });
    expect(await app.write('role/r/secret-id/lookup', { secret_id })).toEqual({ noContent: true });
    expect((await app.write('role/r/secret-id-accessor/lookup', { secret_id_accessor: accessor })).raw?.status).toBe(404);
    expect(await app.fail('update', 'login', { role_id: 'rid', secret_id })).toEqual({ status: 400, message: 'invalid role or secret ID' });
  });
});
