import { describe, expect, it } from 'vitest';
import { createTokenBackend, type TokenBackendOptions } from '../../../src/auth/token-backend.js';
import type { TokenEntry } from '../../../src/auth/token-entry.js';
import { TokenStore } from '../../../src/auth/token-store.js';
import { CoreError } from '../../../src/errors.js';
import { PrefixView } from '../../../src/logical/storage-view.js';
import type { LogicalResponse, Operation, RequestAuth } from '../../../src/logical/types.js';
import { createInmemBackend } from '../../../src/storage/inmem.js';

const T0 = Date.UTC(2025, 0, 1, 12, 0, 0);

async function setup(opts: TokenBackendOptions = {}) {
  const view = new PrefixView(createInmemBackend(), '');
  const clock = { now: T0 };
  const store = new TokenStore(view, { clock: () => clock.now });
  const backend = createTokenBackend(store, opts);
  const root = await store.createRoot();
  const authOf = (token: string, entry: TokenEntry): RequestAuth => ({
    clientToken: token,
    accessor: entry.accessor,
    policies: entry.policies,
    displayName: entry.display_name,
    entityId: entry.entity_id,
    tokenHash: entry.hash,
  });
  const rootAuth = authOf(root.token, root.entry);
  const request = (operation: Operation, path: string, data: Record<string, unknown>, auth: RequestAuth) => ({
    operation, path, mountPoint: 'auth/token/', data, storage: view, auth, id: 'req', headers: {},
  });
  const call = (operation: Operation, path: string, data: Record<string, unknown> = {}, auth: RequestAuth = rootAuth) =>
    backend.handle(request(operation, path, data, auth)) as Promise<LogicalResponse | null>;
  /** Create through the API and return the new token with its entry and RequestAuth. */
  const mint = async (path: string, data: Record<string, unknown> = {}, auth: RequestAuth = rootAuth) => {
    const res = (await call('update', path, data, auth))!;
    const token = res.auth!.client_token;
    const entry = (await store.lookup(token, { tainted: true }))!;
    return { res, token, entry, auth: authOf(token, entry) };
  };
  const fails = async (p: Promise<unknown>, status: number, message: string) => {
    const err = await p.then(() => undefined, (e: unknown) => e);
    expect(err).toBeInstanceOf(CoreError);
    expect({ status: (err as CoreError).status, message: (err as CoreError).message }).toEqual({ status, message });
  };
  const exists = (path: string) => backend.existenceCheck!(request('update', path, {}, rootAuth));
  return { view, store, clock, call, mint, fails, exists, rootAuth };
}

const EMPTY_ROLE = {
  allowed_entity_aliases: null,
  allowed_policies: [],
  allowed_policies_glob: [],
  disallowed_policies: [],
  disallowed_policies_glob: [],
  explicit_max_ttl: 0,
  orphan: false,
  path_suffix: '',
  period: 0,
  renewable: true,
  token_explicit_max_ttl: 0,
  token_no_default_policy: false,
  token_period: 0,
  token_type: 'default-service',
};

describe('auth/token/roles', () => {
  it('create, read (Vault\'s shape, Go\'s key order), list and delete', async () => {
    const { call, exists, view } = await setup();
    expect(await call('read', 'roles/ops')).toBeNull();
    expect(await call('list', 'roles')).toBeNull();
    expect(await exists('roles/ops')).toBe(false);

    expect(await call('create', 'roles/ops', {})).toEqual({ noContent: true });
    expect(await exists('roles/ops')).toBe(true);
    expect(await view.get('sys/token/roles/ops')).not.toBeNull();
    expect((await call('read', 'roles/ops'))!.data).toEqual({ ...EMPTY_ROLE, name: 'ops' });

    await call('create', 'roles/full', {
      allowed_policies: 'B, a',
      disallowed_policies: ['X', 'x'],
      allowed_policies_glob: 'g-*',
      disallowed_policies_glob: ['h-*'],
      orphan: true,
      renewable: false,
      path_suffix: 'rev2',
      allowed_entity_aliases: 'Alice,bob',
      token_period: '1h',
      token_explicit_max_ttl: '2h',
      token_bound_cidrs: '10.0.0.0/8',
      token_no_default_policy: true,
      token_num_uses: 5,
      token_type: 'service',
    });
    const full = (await call('read', 'roles/full'))!.data!;
    expect(Object.keys(full)).toEqual([
      'allowed_entity_aliases', 'allowed_policies', 'allowed_policies_glob', 'disallowed_policies', 'disallowed_policies_glob',
      'explicit_max_ttl', 'name', 'orphan', 'path_suffix', 'period', 'renewable', 'token_bound_cidrs',
      'token_explicit_max_ttl', 'token_no_default_policy', 'token_num_uses', 'token_period', 'token_type',
    ]);
    expect(full).toEqual({
      allowed_entity_aliases: ['alice', 'bob'],
      allowed_policies: ['a', 'b'],
      allowed_policies_glob: ['g-*'],
      disallowed_policies: ['x'],
      disallowed_policies_glob: ['h-*'],
      explicit_max_ttl: 0,
      name: 'full',
      orphan: true,
      path_suffix: 'rev2',
      period: 0,
      renewable: false,
      token_bound_cidrs: ['10.0.0.0/8'],
      token_explicit_max_ttl: 7200,
      token_no_default_policy: true,
      token_num_uses: 5,
      token_period: 3600,
      token_type: 'service',
    });

    expect((await call('list', 'roles/'))!.data).toEqual({ keys: ['full', 'ops'] });
    expect(await call('delete', 'roles/ops')).toEqual({ noContent: true });
    expect(await call('read', 'roles/ops')).toBeNull();
    expect((await call('list', 'roles'))!.data).toEqual({ keys: ['full'] });
  });

  it('an update changes only the fields it sends', async () => {
    const { call } = await setup();
    await call('create', 'roles/r', { allowed_policies: 'a', orphan: true, path_suffix: 'rev1', token_num_uses: 2 });
    await call('update', 'roles/r', { renewable: false, path_suffix: '' });
    expect((await call('read', 'roles/r'))!.data).toEqual({
      ...EMPTY_ROLE,
      name: 'r',
      allowed_policies: ['a'],
      orphan: true,
      renewable: false,
      token_num_uses: 2,
    });
  });

  it('keeps the deprecated period, explicit_max_ttl and bound_cidrs beside the token_* fields', async () => {
    const { call } = await setup();
    await call('create', 'roles/old', { period: '72h', explicit_max_ttl: 5, bound_cidrs: ['0.0.0.0/0'] });
    expect((await call('read', 'roles/old'))!.data).toMatchObject({
      period: 259200,
      token_period: 259200,
      explicit_max_ttl: 5,
      token_explicit_max_ttl: 5,
      bound_cidrs: ['0.0.0.0/0'],
      token_bound_cidrs: ['0.0.0.0/0'],
    });
    const both = await call('update', 'roles/old', { token_period: '1h', period: '2h', token_bound_cidrs: [] });
    expect(both).toEqual({
      data: null,
      warnings: ["Both 'token_period' and deprecated 'period' value supplied, ignoring the deprecated value"],
    });
    const read = (await call('read', 'roles/old'))!.data!;
    expect(read).toMatchObject({ period: 0, token_period: 3600, explicit_max_ttl: 5, token_explicit_max_ttl: 5 });
    expect(read).not.toHaveProperty('bound_cidrs');
    expect(read).not.toHaveProperty('token_bound_cidrs');
  });

  it('warns when the explicit max TTL exceeds the mount\'s max TTL', async () => {
    const { call } = await setup();
    expect(await call('create', 'roles/big', { token_explicit_max_ttl: '1000h' })).toEqual({
      data: null,
      warnings: [
        'Given explicit max TTL of 3600000 is greater than system/mount allowed value of 2764800 seconds; until this is fixed attempting to create tokens against this role will result in an error',
      ],
    });
  });

  it('refuses bad fields with Vault\'s texts and stores nothing', async () => {
    const { call, fails } = await setup();
    await call('create', 'roles/r', { path_suffix: 'rev1' });
    const before = (await call('read', 'roles/r'))!.data;
    await fails(call('update', 'roles/r', { path_suffix: 'a..b' }), 400, 'error registering path suffix: path cannot contain parent references');
    const invalid = 'given role path suffix contains invalid characters; must match \\w[\\w-.]+\\w';
    await fails(call('update', 'roles/r', { path_suffix: 'a/b' }), 400, invalid);
    // Vault's pattern needs three characters.
    await fails(call('update', 'roles/r', { path_suffix: 'v1' }), 400, invalid);
    await fails(call('update', 'roles/r', { token_type: 'default' }), 400, 'invalid \'token_type\' value "default"');
    await fails(call('update', 'roles/r', { token_type: null }), 400, "Invalid 'token_type' value: null");
    await fails(call('update', 'roles/r', { token_type: 'batch' }), 400, 'batch tokens are not supported');
    await fails(call('update', 'roles/r', { token_num_uses: -1 }), 400, "error parsing role fields: 'token_num_uses' cannot be negative");
    await fails(
      call('update', 'roles/r', { token_bound_cidrs: ['10.0.0.0/8', 'nope'] }),
      400,
      'error parsing role fields: error parsing address "nope": Unable to convert "nope" to an IPv4 or IPv6 address, or a UNIX Socket',
    );
    await fails(
      call('update', 'roles/r', { bound_cidrs: 'bad' }),
      400,
      'error parsing bound_cidrs: error parsing address "bad": Unable to convert "bad" to an IPv4 or IPv6 address, or a UNIX Socket',
    );
    expect((await call('read', 'roles/r'))!.data).toEqual(before);
  });
});

describe('auth/token/create/<role>', () => {
  it('answers Vault\'s error for an unknown role, and after the role is deleted', async () => {
    const { call, fails } = await setup();
    await fails(call('update', 'create/nope'), 400, 'unknown role nope');
    await call('create', 'roles/gone', {});
    await call('delete', 'roles/gone');
    await fails(call('update', 'create/gone'), 400, 'unknown role gone');
  });

  it('allowed_policies: any subset of the role\'s list, outside the caller\'s own', async () => {
    const { call, mint, fails } = await setup();
    await call('create', 'roles/ops', { allowed_policies: 'dev,ops' });
    const parent = await mint('create', { policies: ['app'] });
    const dev = await mint('create/ops', { policies: ['dev'] }, parent.auth);
    expect(dev.res.auth?.policies).toEqual(['default', 'dev']);
    expect((await mint('create/ops', {}, parent.auth)).res.auth?.policies).toEqual(['default', 'dev', 'ops']);
    expect((await mint('create/ops', { no_default_policy: true }, parent.auth)).res.auth?.policies).toEqual(['dev', 'ops']);
    await fails(
      call('update', 'create/ops', { policies: ['prod'] }, parent.auth),
      400,
      'token policies (["default" "prod"]) must be subset of the role\'s allowed policies (["default" "dev" "ops"]) or glob policies ([])',
    );
  });

  it('globs and disallowed lists', async () => {
    const { call, mint, fails } = await setup();
    await call('create', 'roles/team', { allowed_policies_glob: 'team-*', disallowed_policies_glob: '*-admin' });
    expect((await mint('create/team', { policies: ['TEAM-A'] })).res.auth?.policies).toEqual(['default', 'team-a']);
    expect((await mint('create/team')).res.auth?.policies).toEqual(['default']);
    await fails(call('update', 'create/team', { policies: ['team-admin'] }), 400, 'token policy "team-admin" is disallowed by this role');
    await fails(
      call('update', 'create/team', { policies: ['other'] }),
      400,
      'token policies (["default" "other"]) must be subset of the role\'s allowed policies (["default"]) or glob policies (["team-*"])',
    );

    const parent = await mint('create', { policies: ['app', 'secret'] });
    await call('create', 'roles/nosecret', { disallowed_policies: 'secret' });
    await fails(call('update', 'create/nosecret', {}, parent.auth), 400, 'token policy "secret" is disallowed by this role');
    expect((await mint('create/nosecret', { policies: ['foo'] }, parent.auth)).res.auth?.policies).toEqual(['default', 'foo']);
    await call('create', 'roles/nodefault', { disallowed_policies: 'default' });
    await fails(call('update', 'create/nodefault', {}, parent.auth), 400, 'token policy "default" is disallowed by this role');
    expect((await mint('create/nodefault', { policies: ['foo'] }, parent.auth)).res.auth?.policies).toEqual(['foo']);
  });

  it('a role without lists keeps the parent-subset rule; token_no_default_policy needs lists', async () => {
    const { call, mint, fails } = await setup();
    await call('create', 'roles/plain', { token_no_default_policy: true });
    const parent = await mint('create', { policies: ['app'] });
    await fails(call('update', 'create/plain', { policies: ['other'] }, parent.auth), 400, 'child policies must be subset of parent');
    expect((await mint('create/plain', { policies: ['app'] }, parent.auth)).res.auth?.policies).toEqual(['app', 'default']);
    await call('create', 'roles/listed', { allowed_policies: 'app', token_no_default_policy: true });
    expect((await mint('create/listed', {}, parent.auth)).res.auth?.policies).toEqual(['app']);
  });

  it('an orphan role gives orphans without sudo; no_parent is ignored with a role', async () => {
    const { call, mint, store } = await setup();
    await call('create', 'roles/orph', { orphan: true });
    await call('create', 'roles/plain', {});
    const parent = await mint('create', { policies: ['app'] });
    const orphan = await mint('create/orph', {}, parent.auth);
    expect(orphan.res.auth).toMatchObject({ orphan: true, policies: ['app', 'default'] });
    expect(orphan.entry.parent).toBe('');
    const child = await mint('create/plain', { no_parent: true }, parent.auth);
    expect(child.res.auth?.orphan).toBe(false);
    await call('update', 'revoke', { token: parent.token });
    expect(await store.lookup(orphan.token)).not.toBeNull();
    expect(await store.lookup(child.token)).toBeNull();
  });

  it('the token\'s path carries the role and its path_suffix; lookup shows the role', async () => {
    const { call, mint } = await setup();
    await call('create', 'roles/ci', { path_suffix: 'v1.2' });
    const { entry, token } = await mint('create/ci');
    expect(entry.path).toBe('auth/token/create/ci/v1.2');
    expect((await call('update', 'lookup', { token }))!.data).toMatchObject({ path: 'auth/token/create/ci/v1.2', role: 'ci' });
    const plain = await mint('create');
    expect((await call('update', 'lookup', { token: plain.token }))!.data).not.toHaveProperty('role');
  });

  it('a period role makes periodic tokens without sudo, renewed under the role\'s current period', async () => {
    const { call, mint, clock, fails } = await setup();
    await call('create', 'roles/p', { token_period: '1h' });
    const parent = await mint('create', { policies: ['app'] });
    const { res, token, auth } = await mint('create/p', {}, parent.auth);
    expect(res.auth).toMatchObject({ lease_duration: 3600, renewable: true });
    // Vault keeps only a requested period on the entry: the role's applies through renewals.
    const looked = (await call('update', 'lookup', { token }))!.data!;
    expect(looked).toMatchObject({ creation_ttl: 3600, ttl: 3600, role: 'p' });
    expect(looked).not.toHaveProperty('period');
    clock.now += 3000_000;
    expect((await call('update', 'renew-self', { increment: '10h' }, auth))!.auth?.lease_duration).toBe(3600);
    await call('update', 'roles/p', { token_period: '30m' });
    expect((await call('update', 'renew-self', {}, auth))!.auth?.lease_duration).toBe(1800);
    await call('delete', 'roles/p');
    await fails(
      call('update', 'renew', { token }),
      500,
      'failed to renew entry: original token role "p" could not be found, not renewing',
    );
    expect((await call('update', 'lookup', { token }))!.data).toMatchObject({ role: 'p' });
  });

  it('a requested period beside the role\'s: the lesser, with Vault\'s warning', async () => {
    const { call, mint } = await setup();
    await call('create', 'roles/p', { token_period: '1h' });
    const { res, token } = await mint('create/p', { period: '2h' });
    expect(res.auth?.lease_duration).toBe(3600);
    expect(res.warnings).toEqual(['Period specified both during creation call and in role; using the lesser value of 3600 seconds']);
    expect((await call('update', 'lookup', { token }))!.data).toMatchObject({ period: 7200 });
  });

  it('renewable=false: tokens are not renewable', async () => {
    const { call, mint, fails } = await setup();
    await call('create', 'roles/once', { renewable: false });
    const { res, token } = await mint('create/once', { ttl: '1h' });
    expect(res.auth).toMatchObject({ renewable: false, lease_duration: 3600 });
    await fails(call('update', 'renew', { token }), 400, 'lease is not renewable');
  });

  it('the role\'s explicit max TTL caps creation and renewals', async () => {
    const { call, mint, clock } = await setup();
    await call('create', 'roles/cap', { token_explicit_max_ttl: '1h' });
    const capped = await mint('create/cap', { ttl: '2h' });
    expect(capped.res.auth?.lease_duration).toBe(3600);
    expect(capped.res.warnings).toEqual(['TTL of "2h0m0s" exceeded the effective max_ttl of "1h0m0s"; TTL value is capped accordingly']);
    expect((await call('update', 'lookup', { token: capped.token }))!.data).toMatchObject({ explicit_max_ttl: 0, role: 'cap' });

    const both = await mint('create/cap', { ttl: '2h', explicit_max_ttl: '30m' });
    expect(both.res.auth?.lease_duration).toBe(1800);
    expect(both.res.warnings).toEqual([
      'Explicit max TTL specified both during creation call and in role; using the lesser value of 1800 seconds',
      'TTL of "2h0m0s" exceeded the effective max_ttl of "30m0s"; TTL value is capped accordingly',
    ]);

    const short = await mint('create/cap', { ttl: '10m' });
    clock.now += 300_000;
    const renewed = await call('update', 'renew', { token: short.token, increment: '1h' });
    expect(renewed!.auth?.lease_duration).toBe(3300);
  });

  it('token_num_uses: the role\'s count unless the request asks for fewer', async () => {
    const { call, mint } = await setup();
    await call('create', 'roles/few', { token_num_uses: 3 });
    expect((await mint('create/few')).res.auth?.num_uses).toBe(3);
    expect((await mint('create/few', { num_uses: 1 })).res.auth?.num_uses).toBe(1);
    expect((await mint('create/few', { num_uses: 10 })).res.auth?.num_uses).toBe(3);
  });

  it('token_bound_cidrs go on the token; children without a role inherit them; never on non-expiring tokens', async () => {
    const { call, mint } = await setup();
    await call('create', 'roles/net', { token_bound_cidrs: '10.0.0.0/8, 192.168.1.1' });
    const bound = await mint('create/net', { policies: ['app'] });
    expect(bound.entry.bound_cidrs).toEqual(['10.0.0.0/8', '192.168.1.1']);
    expect((await call('update', 'lookup', { token: bound.token }))!.data).toMatchObject({ bound_cidrs: ['10.0.0.0/8', '192.168.1.1'] });
    expect((await mint('create', {}, bound.auth)).entry.bound_cidrs).toEqual(['10.0.0.0/8', '192.168.1.1']);
    expect((await mint('create-orphan', {}, bound.auth)).entry.bound_cidrs).toBeUndefined();

    await call('create', 'roles/rootnet', { allowed_policies: 'root', token_bound_cidrs: '10.0.0.0/8' });
    const rootToken = await mint('create/rootnet');
    expect(rootToken.res.auth).toMatchObject({ policies: ['root'], lease_duration: 0, renewable: false });
    expect(rootToken.entry.bound_cidrs).toBeUndefined();
  });

  it('token_type: a service role overrides the request; batch stays unsupported', async () => {
    const { call, mint, fails } = await setup();
    await call('create', 'roles/svc', { token_type: 'service' });
    await call('create', 'roles/any', {});
    expect((await mint('create/svc', { type: 'batch' })).res.auth?.token_type).toBe('service');
    await fails(call('update', 'create/any', { type: 'batch' }), 400, 'batch tokens are not supported');
  });

  it('entity_alias: only an allowed alias, resolved by the integrator\'s hook', async () => {
    const seen: string[] = [];
    const { call, mint, fails } = await setup({
      resolveEntityAlias: async (alias) => {
        seen.push(alias);
        return 'entity-1';
      },
    });
    await call('create', 'roles/ent', { allowed_entity_aliases: 'svc-*,Bob' });
    await fails(call('update', 'create/ent', { entity_alias: 'nope' }), 400, "invalid 'entity_alias' value");
    const byGlob = await mint('create/ent', { entity_alias: 'SVC-1' });
    expect(byGlob.res.auth?.entity_id).toBe('entity-1');
    expect((await mint('create/ent', { entity_alias: 'bob' })).res.auth?.entity_id).toBe('entity-1');
    expect(seen).toEqual(['SVC-1', 'bob']);
    await fails(call('update', 'create', { entity_alias: 'bob' }), 400, "'entity_alias' is only allowed in combination with token role");

    const bare = await setup();
    await bare.call('create', 'roles/ent', { allowed_entity_aliases: 'bob' });
    await bare.fails(bare.call('update', 'create/ent', { entity_alias: 'bob' }), 500, 'failed to create or fetch entity from given entity alias');
  });
});
