import { describe, expect, it } from 'vitest';
import type { TemplateIdentity } from '../../../src/auth/acl-template.js';
import { DEFAULT_POLICY, RESPONSE_WRAPPING_POLICY } from '../../../src/auth/default-policies.js';
import { PolicyParseError } from '../../../src/auth/policy.js';
import { PolicyStore } from '../../../src/auth/policy-store.js';
import { CoreError } from '../../../src/errors.js';
import { getJson, putJson, PrefixView } from '../../../src/logical/storage-view.js';
import { createInmemBackend } from '../../../src/storage/inmem.js';

function setup() {
  const view = new PrefixView(createInmemBackend(), '');
  return { view, store: new PolicyStore(view) };
}

async function rejection(p: Promise<unknown>): Promise<CoreError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(CoreError);
  return err as CoreError;
}

const READ_APP = 'path "secret/data/app/*" {\n  capabilities = ["read"]\n}\n';

describe('PolicyStore', () => {
  it('creates the default policy on first use, with Vault text, and hides response-wrapping from lists', async () => {
    const { store, view } = setup();
    expect(await store.list()).toEqual(['default']);
    expect((await store.get('default'))?.raw).toBe(DEFAULT_POLICY);
    expect(await getJson(view, 'sys/policy/default')).toEqual({ name: 'default', raw: DEFAULT_POLICY });
    expect((await store.get('response-wrapping'))?.raw).toBe(RESPONSE_WRAPPING_POLICY);
  });

  it('refuses to delete default, and to write or delete root and response-wrapping', async () => {
    const { store } = setup();
    const cases: [Promise<unknown>, string][] = [
      [store.delete('default'), 'cannot delete default policy'],
      [store.delete('Default '), 'cannot delete default policy'],
      [store.put('root', READ_APP), 'cannot update "root" policy'],
      [store.delete('ROOT'), 'cannot delete "root" policy'],
      [store.put('response-wrapping', READ_APP), 'cannot update "response-wrapping" policy'],
      [store.delete('response-wrapping'), 'cannot delete "response-wrapping" policy'],
    ];
    for (const [p, message] of cases) {
      const err = await rejection(p);
      expect([err.status, err.message]).toEqual([400, message]);
    }
    expect(await store.get('root')).toMatchObject({ name: 'root', raw: '', rules: [] });
    expect(await store.get('default')).not.toBeNull();
  });

  it('stores lower-cased names at sys/policy/<name> and reads them back', async () => {
    const { store, view } = setup();
    await store.put(' App-Read ', READ_APP);
    await store.put('team/ops', READ_APP);
    expect(await getJson(view, 'sys/policy/app-read')).toEqual({ name: 'app-read', raw: READ_APP });
    expect(await store.list()).toEqual(['app-read', 'default', 'team/ops']);
    expect((await store.get('APP-READ'))?.raw).toBe(READ_APP);
    await store.delete('app-read');
    expect(await store.get('app-read')).toBeNull();
    await store.delete('never-existed');
  });

  it('keeps nothing when a policy does not parse', async () => {
    const { store } = setup();
    const err = await rejection(store.put('bad', 'path "a" {'));
    expect(err).toBeInstanceOf(PolicyParseError);
    expect(err.status).toBe(400);
    expect(err.message).toMatch(/^failed to parse policy: At 1:\d+: /);
    expect(await store.get('bad')).toBeNull();
  });

  it('lets the default policy be edited, and does not put it back', async () => {
    const { store, view } = setup();
    await store.put('default', READ_APP);
    const again = new PolicyStore(view);
    expect((await again.get('default'))?.raw).toBe(READ_APP);
  });

  it('builds cached ACLs that follow policy changes', async () => {
    const { store } = setup();
    await store.put('app', READ_APP);
    const first = await store.acl(['default', 'App', 'missing']);
    expect(first.check('secret/data/app/x', 'read').allowed).toBe(true);
    expect(first.check('auth/token/lookup-self', 'read').allowed).toBe(true);
    expect(await store.acl(['app', 'default', 'MISSING', 'app'])).toBe(first);
    await store.put('app', 'path "secret/data/app/*" { capabilities = ["deny"] }');
    const second = await store.acl(['default', 'app']);
    expect(second).not.toBe(first);
    expect(second.check('secret/data/app/x', 'read').allowed).toBe(false);
    expect((await store.acl(['root'])).check('anything', 'delete')).toMatchObject({ allowed: true, root: true });
  });

  it("re-reads storage after reset(), Vault's own entries included", async () => {
    const { store, view } = setup();
    await store.put('app', READ_APP);
    await putJson(view, 'sys/policy/app', { Version: 2, Raw: 'path "other/*" { capabilities = ["list"] }', Type: 0 });
    expect((await store.get('app'))?.raw).toBe(READ_APP);
    store.reset();
    expect((await store.acl(['app'])).check('other/', 'list').allowed).toBe(true);
  });
});

describe('PolicyStore: templated policies and identities', () => {
  const OWN = 'path "secret/data/{{identity.entity.name}}/*" {\n  capabilities = ["create", "read", "update"]\n}\n';
  const identity = (name: string, team = 'ops'): TemplateIdentity => ({
    entity: { id: `id-${name}`, name, metadata: { team } },
    aliases: [],
  });

  it('keeps one cached ACL for sets without templated rules, identity or not', async () => {
    const { store } = setup();
    await store.put('app', READ_APP);
    const plain = await store.acl(['app']);
    expect(await store.acl(['app'], identity('alice'))).toBe(plain);
    expect(await store.acl(['APP'], identity('bob'))).toBe(plain);
  });

  it('renders templated rules per identity and never hands one identity another\'s ACL', async () => {
    const { store } = setup();
    await store.put('own', OWN);
    const alice = await store.acl(['own', 'default'], identity('alice'));
    const bob = await store.acl(['default', 'own'], identity('bob'));
    expect(bob).not.toBe(alice);
    expect(alice.check('secret/data/alice/x', 'create').allowed).toBe(true);
    expect(alice.check('secret/data/bob/x', 'create').allowed).toBe(false);
    expect(bob.check('secret/data/bob/x', 'update').allowed).toBe(true);
    expect(bob.check('secret/data/alice/x', 'update').allowed).toBe(false);
    expect(alice.check('identity/entity/id/id-alice', 'read').allowed).toBe(true);
    expect(bob.check('identity/entity/id/id-alice', 'read').allowed).toBe(false);
    // Cached per identity: asking again (in any order) gives each its own ACL back.
    expect(await store.acl(['own', 'default'], identity('alice'))).toBe(alice);
    expect(await store.acl(['own', 'default'], identity('bob'))).toBe(bob);
    // Without an identity the templated rules are left out.
    const none = await store.acl(['own', 'default']);
    expect(none.check('secret/data/alice/x', 'read').allowed).toBe(false);
    expect(none.check('auth/token/lookup-self', 'read').allowed).toBe(true);
  });

  it('follows a change to the identity that the templated paths use, and ignores others', async () => {
    const { store } = setup();
    await store.put('team', 'path "teams/{{identity.entity.metadata.team}}/*" { capabilities = ["read"] }');
    const ops = await store.acl(['team'], identity('alice', 'ops'));
    expect(ops.check('teams/ops/x', 'read').allowed).toBe(true);
    const dev = await store.acl(['team'], identity('alice', 'dev'));
    expect(dev.check('teams/dev/x', 'read').allowed).toBe(true);
    expect(dev.check('teams/ops/x', 'read').allowed).toBe(false);
    expect(await store.acl(['team'], identity('carol', 'ops'))).toBe(ops);
    const missing = await store.acl(['team'], { entity: { id: 'e', name: 'e', metadata: {} }, aliases: [] });
    expect(missing.check('teams/ops/x', 'read').allowed).toBe(false);
    expect(missing.check('teams/{{identity.entity.metadata.team}}/x', 'read').allowed).toBe(false);
  });

  it('drops per-identity ACLs when a policy changes', async () => {
    const { store } = setup();
    await store.put('own', OWN);
    const before = await store.acl(['own'], identity('alice'));
    expect(before.check('secret/data/alice/x', 'read').allowed).toBe(true);
    await store.put('own', 'path "kv/{{identity.entity.name}}" { capabilities = ["read"] }');
    const after = await store.acl(['own'], identity('alice'));
    expect(after).not.toBe(before);
    expect(after.check('secret/data/alice/x', 'read').allowed).toBe(false);
    expect(after.check('kv/alice', 'read').allowed).toBe(true);
    store.reset();
    expect((await store.acl(['own'], identity('bob'))).check('kv/bob', 'read').allowed).toBe(true);
  });

  it('an empty segment names no policy (sys/policy//default, sys/policy/default/): read null, delete no-op, write 400', async () => {
    const { store } = setup();
    for (const name of ['/default', 'default/', 'a//b', './x']) {
      expect(await store.get(name)).toBeNull();
      await expect(store.delete(name)).resolves.toBeUndefined();
      const err = await rejection(store.put(name, READ_APP));
      expect(err.code).toBe('CORE_INVALID_REQUEST');
      expect(err.message).toContain(JSON.stringify(name));
    }
    expect(await store.list()).toEqual(['default']);
  });
});
