import { describe, expect, it } from 'vitest';
import { createTokenBackend, TOKEN_ROOT_PATHS } from '../../../src/auth/token-backend.js';
import type { TokenEntry } from '../../../src/auth/token-entry.js';
import { TokenStore } from '../../../src/auth/token-store.js';
import { CoreError } from '../../../src/errors.js';
import { matchesSpecialPath } from '../../../src/logical/framework.js';
import { PrefixView } from '../../../src/logical/storage-view.js';
import type { LogicalResponse, Operation, RequestAuth } from '../../../src/logical/types.js';
import { createInmemBackend } from '../../../src/storage/inmem.js';

const T0 = Date.UTC(2025, 0, 1, 12, 0, 0);

const AUTH_KEYS = [
  'accessor', 'client_token', 'entity_id', 'lease_duration', 'metadata', 'mfa_requirement', 'num_uses',
  'orphan', 'policies', 'renewable', 'token_policies', 'token_type',
].sort();

async function setup() {
  const view = new PrefixView(createInmemBackend(), '');
  const clock = { now: T0 };
  const store = new TokenStore(view, { clock: () => clock.now });
  const backend = createTokenBackend(store);
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
  const call = (operation: Operation, path: string, data: Record<string, unknown> = {}, auth: RequestAuth | null = rootAuth) =>
    backend.handle({ operation, path, mountPoint: 'auth/token/', data, storage: view, auth: auth ?? undefined, id: 'req', headers: {} }) as Promise<LogicalResponse>;
  /** Create through the API and return the new token with its RequestAuth. */
  const mint = async (data: Record<string, unknown>, auth: RequestAuth = rootAuth, path = 'create') => {
    const res = await call('update', path, data, auth);
    const token = res.auth!.client_token;
    const entry = (await store.lookup(token, { tainted: true }))!;
    return { res, token, entry, auth: authOf(token, entry) };
  };
  const fails = async (p: Promise<unknown>, status: number, message: string) => {
    const err = await p.then(() => undefined, (e: unknown) => e);
    expect(err).toBeInstanceOf(CoreError);
    expect({ status: (err as CoreError).status, message: (err as CoreError).message }).toEqual({ status, message });
  };
  return { store, clock, call, mint, fails, root, rootAuth };
}

describe('auth/token backend', () => {
  it('declares Vault\'s root paths', () => {
    expect(TOKEN_ROOT_PATHS).toEqual(['revoke-orphan/*', 'accessors*']);
    // Token roles and creating against them are ordinary ACL paths.
    for (const path of ['roles', 'roles/ops', 'create/ops']) expect(matchesSpecialPath(TOKEN_ROOT_PATHS, path)).toBe(false);
  });

  it('serves the token roles: a role written is used by create/<role>', async () => {
    const { call, mint } = await setup();
    expect(await call('create', 'roles/ops', { allowed_policies: 'dev' })).toEqual({ noContent: true });
    const { res, entry } = await mint({}, undefined, 'create/ops');
    expect(res.auth?.policies).toEqual(['default', 'dev']);
    expect(entry).toMatchObject({ path: 'auth/token/create/ops', role: 'ops' });
  });

  it('create answers Vault\'s auth block with data null', async () => {
    const { mint } = await setup();
    const { res, token } = await mint({ policies: ['Foo', 'bar'], meta: { user: 'ann' }, ttl: '1h', display_name: 'my app!' });
    expect(res.data).toBeNull();
    expect(Object.keys(res.auth!).sort()).toEqual(AUTH_KEYS);
    expect(res.auth).toMatchObject({
      client_token: token,
      policies: ['bar', 'default', 'foo'],
      token_policies: ['bar', 'default', 'foo'],
      metadata: { user: 'ann' },
      lease_duration: 3600,
      renewable: true,
      entity_id: '',
      token_type: 'service',
      orphan: false,
      mfa_requirement: null,
      num_uses: 0,
    });
    expect(token).toMatch(/^hvs\.[0-9A-Za-z]{24}$/);
  });

  it('lookup shows Vault\'s fields, in Go\'s key order', async () => {
    const { call, mint, clock } = await setup();
    const { token, res } = await mint({ policies: ['a'], ttl: 600, explicit_max_ttl: '2h', display_name: 'ci', num_uses: 5 });
    clock.now += 100_500;
    const out = await call('update', 'lookup', { token });
    expect(Object.keys(out.data!)).toEqual([
      'accessor', 'creation_time', 'creation_ttl', 'display_name', 'entity_id', 'expire_time', 'explicit_max_ttl', 'id',
      'issue_time', 'meta', 'num_uses', 'orphan', 'path', 'policies', 'renewable', 'ttl', 'type',
    ]);
    expect(out.data).toEqual({
      accessor: res.auth!.accessor,
      creation_time: T0 / 1000,
      creation_ttl: 600,
      display_name: 'token-ci',
      entity_id: '',
      expire_time: '2025-01-01T12:10:00Z',
      explicit_max_ttl: 7200,
      id: token,
      issue_time: '2025-01-01T12:00:00Z',
      meta: null,
      num_uses: 5,
      orphan: false,
      path: 'auth/token/create',
      policies: ['a', 'default'],
      renewable: true,
      ttl: 499,
      type: 'service',
    });
  });

  it('lookup-self answers from the entry the request was authenticated with, without reading it again', async () => {
    const { store, mint, rootAuth } = await setup();
    const { token, entry, auth } = await mint({ policies: ['dev'], num_uses: 3 });
    const counted = { ...entry, num_uses: 2 }; // as the request services leave it once the use is counted
    const known = new Map<RequestAuth, TokenEntry>();
    const backend = createTokenBackend(store, { authenticatedEntry: (a) => known.get(a) });
    const call = (a: RequestAuth) =>
      backend.handle({ operation: 'read', path: 'lookup-self', mountPoint: 'auth/token/', data: {}, storage: new PrefixView(createInmemBackend(), ''), auth: a, id: 'r', headers: {} }) as Promise<LogicalResponse>;
    let reads = 0;
    const lookup = store.lookup.bind(store);
    store.lookup = (...args) => {
      reads++;
      return lookup(...args);
    };
    known.set(auth, counted);
    const out = await call(auth);
    expect(reads).toBe(0);
    expect(out.data).toMatchObject({ id: token, accessor: entry.accessor, num_uses: 2, policies: ['default', 'dev'] });
    // A RequestAuth the services did not make is looked up as before.
    expect((await call(rootAuth)).data).toMatchObject({ policies: ['root'] });
    expect(reads).toBe(1);
  });

  it('lookup-self of the root token: no lease, never expires', async () => {
    const { call, root } = await setup();
    const out = await call('read', 'lookup-self');
    expect(out.data).toEqual({
      accessor: root.entry.accessor,
      creation_time: T0 / 1000,
      creation_ttl: 0,
      display_name: 'root',
      entity_id: '',
      expire_time: null,
      explicit_max_ttl: 0,
      id: root.token,
      meta: null,
      num_uses: 0,
      orphan: true,
      path: 'auth/token/root',
      policies: ['root'],
      ttl: 0,
      type: 'service',
    });
    expect((await call('update', 'lookup-self')).data).toEqual(out.data);
    // lookup without a token looks up the caller (Vault's handleLookup).
    expect((await call('update', 'lookup')).data).toEqual(out.data);
  });

  it('lookup errors as Vault: bad token is 403, a missing token 400', async () => {
    const { call, fails } = await setup();
    await fails(call('update', 'lookup', { token: 'hvs.nope' }), 403, 'bad token');
    await fails(call('update', 'lookup', {}, null), 400, 'missing token ID');
    await fails(call('update', 'lookup-accessor', {}), 400, 'missing accessor');
    await fails(call('update', 'lookup-accessor', { accessor: 'nope' }), 400, 'invalid accessor');
  });

  it('lookup-accessor hides the token id', async () => {
    const { call, mint } = await setup();
    const { res } = await mint({});
    const out = await call('update', 'lookup-accessor', { accessor: res.auth!.accessor });
    expect(out.data).toMatchObject({ id: '', accessor: res.auth!.accessor, policies: ['root'] });
  });

  it('renew answers an auth block; renew-accessor without the token', async () => {
    const { call, mint, clock } = await setup();
    const { token, auth, res } = await mint({ policies: ['p'], ttl: '10m' });
    clock.now += 60_000;
    const out = await call('update', 'renew', { token, increment: '1h' });
    expect(out.data).toBeNull();
    expect(Object.keys(out.auth!).sort()).toEqual(AUTH_KEYS);
    expect(out.auth).toMatchObject({ client_token: token, lease_duration: 3600, renewable: true, policies: ['default', 'p'] });
    const self = await call('update', 'renew-self', {}, auth);
    expect(self.auth).toMatchObject({ client_token: token, lease_duration: 3600 });
    const byAccessor = await call('update', 'renew-accessor', { accessor: res.auth!.accessor, increment: 120 });
    expect(byAccessor.auth).toMatchObject({ client_token: '', lease_duration: 120 });
    const looked = await call('update', 'lookup', { token });
    expect(looked.data).toMatchObject({ ttl: 120, last_renewal_time: (T0 + 60_000) / 1000, last_renewal: '2025-01-01T12:01:00Z' });
  });

  it('renew errors as Vault', async () => {
    const { call, fails, clock, mint } = await setup();
    await fails(call('update', 'renew', {}), 400, 'missing token ID');
    await fails(call('update', 'renew', { token: 'hvs.nope' }), 400, 'token not found');
    await fails(call('update', 'renew-self'), 400, 'invalid lease ID');
    await fails(call('update', 'renew-accessor', { accessor: 'nope' }), 400, 'invalid accessor');
    const { token } = await mint({ ttl: 60, renewable: false });
    await fails(call('update', 'renew', { token }), 400, 'lease is not renewable');
    clock.now += 61_000;
    await fails(call('update', 'renew', { token }), 400, 'token not found');
    await fails(call('update', 'lookup', { token }), 403, 'bad token');
  });

  it('a periodic token renews to its period (root or sudo only)', async () => {
    const { call, mint, clock, fails } = await setup();
    const { token, auth, res } = await mint({ period: '30m', policies: ['p'] });
    expect(res.auth).toMatchObject({ lease_duration: 1800, renewable: true });
    clock.now += 1700_000;
    expect((await call('update', 'renew-self', { increment: '99h' }, auth)).auth?.lease_duration).toBe(1800);
    expect((await call('update', 'lookup', { token })).data).toMatchObject({ period: 1800, ttl: 1800 });
    await fails(call('update', 'create', { period: '1m' }, auth), 400, 'root or sudo privileges required to create periodic token');
  });

  it('caps the TTL at explicit_max_ttl, with Vault\'s warning', async () => {
    const { mint } = await setup();
    const { res } = await mint({ ttl: '2h', explicit_max_ttl: '1h' });
    expect(res.auth?.lease_duration).toBe(3600);
    expect(res.warnings).toEqual(['TTL of "2h0m0s" exceeded the effective max_ttl of "1h0m0s"; TTL value is capped accordingly']);
  });

  it('a non-root caller may only give a subset of its own policies', async () => {
    const { call, mint, fails } = await setup();
    const parent = await mint({ policies: ['foo', 'bar'] });
    await fails(call('update', 'create', { policies: ['baz'] }, parent.auth), 400, 'child policies must be subset of parent');
    await fails(call('update', 'create', { policies: ['root'] }, parent.auth), 400, 'child policies must be subset of parent');
    const child = await mint({ policies: ['foo'] }, parent.auth);
    expect(child.res.auth?.policies).toEqual(['default', 'foo']);
    const inherited = await mint({}, parent.auth);
    expect(inherited.res.auth?.policies).toEqual(['bar', 'default', 'foo']);
    const bare = await mint({ policies: ['foo'], no_default_policy: true }, parent.auth);
    expect(bare.res.auth?.policies).toEqual(['foo']);
    await fails(call('update', 'create', { id: 'custom' }, parent.auth), 400, 'root or sudo privileges required to specify token id');
  });

  it('orphans: no_parent needs root or sudo, create-orphan does not', async () => {
    const { call, mint, fails, store } = await setup();
    const parent = await mint({ policies: ['foo'] });
    await fails(call('update', 'create', { no_parent: true }, parent.auth), 400, 'root or sudo privileges required to create orphan token');
    const orphan = await mint({}, parent.auth, 'create-orphan');
    expect(orphan.res.auth?.orphan).toBe(true);
    expect(orphan.entry.path).toBe('auth/token/create-orphan');
    const rootOrphan = await mint({ no_parent: true });
    expect(rootOrphan.res.auth?.orphan).toBe(true);
    // Revoking the parent leaves the orphan standing.
    await call('update', 'revoke', { token: parent.token });
    expect(await store.lookup(parent.token)).toBeNull();
    expect(await store.lookup(orphan.token)).not.toBeNull();
  });

  it('revoke kills the child tree; revoke-orphan keeps children (sudo only)', async () => {
    const { call, mint, fails, store } = await setup();
    const a = await mint({ policies: ['x'] });
    const b = await mint({}, a.auth);
    const c = await mint({}, b.auth);
    expect(await call('update', 'revoke', { token: a.token })).toEqual({ noContent: true });
    for (const t of [a, b, c]) expect(await store.lookup(t.token)).toBeNull();

    const p = await mint({ policies: ['x'] });
    const q = await mint({}, p.auth);
    await fails(call('update', 'revoke-orphan', { token: p.token }, q.auth), 400, 'root or sudo privileges required to revoke and orphan');
    await fails(call('update', 'revoke-orphan', { token: 'hvs.nope' }), 400, 'token to revoke not found');
    await fails(call('update', 'revoke-orphan', {}), 400, 'missing token ID');
    expect(await call('update', 'revoke-orphan', { token: p.token })).toEqual({ noContent: true });
    expect((await call('update', 'lookup', { token: q.token })).data).toMatchObject({ orphan: true });
    // An unknown token is not an error for revoke.
    expect(await call('update', 'revoke', { token: 'hvs.nope' })).toEqual({ noContent: true });
    await fails(call('update', 'revoke', {}), 400, 'missing token ID');
  });

  it('revoke-self and revoke-accessor', async () => {
    const { call, mint, store } = await setup();
    const a = await mint({});
    await call('update', 'revoke-self', {}, a.auth);
    expect(await store.lookup(a.token)).toBeNull();
    const b = await mint({});
    expect(await call('update', 'revoke-accessor', { accessor: b.res.auth!.accessor })).toEqual({ noContent: true });
    expect(await store.lookup(b.token)).toBeNull();
    expect(await call('update', 'revoke-accessor', { accessor: 'gone' })).toEqual({ data: null, warnings: ['No token found with this accessor'] });
  });

  it('lists accessors', async () => {
    const { call, mint, root } = await setup();
    const a = await mint({});
    const out = await call('list', 'accessors/');
    expect((out.data!.keys as string[]).sort()).toEqual([root.entry.accessor, a.res.auth!.accessor].sort());
  });

  it('num_uses: a restricted token cannot create children', async () => {
    const { call, mint, fails, store } = await setup();
    const limited = await mint({ num_uses: 3 });
    expect(limited.res.auth?.num_uses).toBe(3);
    await fails(call('update', 'create', {}, limited.auth), 400, 'restricted use token cannot generate child tokens');
    await fails(call('update', 'create', { num_uses: -1 }), 400, 'number of uses cannot be negative');
    // Exhausted by the core's use()/finishUse() around requests.
    let e: TokenEntry | null = limited.entry;
    for (let i = 0; i < 3; i++) {
      e = await store.use(e!);
      expect(e).not.toBeNull();
      await store.finishUse(e!);
    }
    expect(await store.lookup(limited.token, { tainted: true })).toBeNull();
  });

  it('child root tokens: only from root, never expiring unless asked', async () => {
    const { mint, call, fails } = await setup();
    const forever = await mint({ policies: ['root'] });
    expect(forever.res.auth).toMatchObject({ lease_duration: 0, renewable: false, policies: ['root'] });
    expect((await call('update', 'lookup', { token: forever.token })).data).toMatchObject({ expire_time: null, ttl: 0, renewable: false });
    const expiring = await mint({ policies: ['root'], ttl: '1h' });
    await fails(
      call('update', 'create', { policies: ['root'] }, expiring.auth),
      400,
      'expiring root tokens cannot create non-expiring root tokens',
    );
    await fails(call('update', 'create', { policies: ['response-wrapping'] }), 400, 'cannot assign policy "response-wrapping"');
  });

  it('answers Vault\'s texts for bad input and unknown roles', async () => {
    const { call, fails } = await setup();
    await fails(call('update', 'create', { ttl: '-5s' }), 400, 'ttl must be positive');
    await fails(call('update', 'create', { ttl: 'soon' }), 400, 'time: invalid duration "soon"');
    await fails(call('update', 'create', { explicit_max_ttl: -1 }), 400, 'explicit_max_ttl must be positive');
    await fails(call('update', 'create', { type: 'weird' }), 400, "invalid 'token_type' value");
    await fails(call('update', 'create/ops', {}), 400, 'unknown role ops');
    await fails(call('update', 'create', {}, null), 400, 'parent token lookup failed: no parent found');
  });

  it('a custom id from root is used as the token', async () => {
    const { mint } = await setup();
    const { res, entry } = await mint({ id: 'my-own-token' });
    expect(res.auth?.client_token).toBe('my-own-token');
    expect(entry).not.toBeNull();
  });
});
