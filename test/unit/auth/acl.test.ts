import { describe, expect, it } from 'vitest';
import { buildAcl } from '../../../src/auth/acl.js';
import { DEFAULT_POLICY } from '../../../src/auth/default-policies.js';
import { parsePolicy, type Policy } from '../../../src/auth/policy.js';
import { CoreError } from '../../../src/errors.js';

const policy = (name: string, raw: string): Policy => parsePolicy(name, raw);
const acl = (...raws: string[]) => buildAcl(raws.map((r, i) => policy(`p${i}`, r)));
const rule = (path: string, ...caps: string[]) => `path "${path}" { capabilities = ${JSON.stringify(caps)} }\n`;

describe('Acl.check', () => {
  const reader = acl(rule('secret/data/app/*', 'read', 'list'));

  it('lets a read-only glob read under it and nothing else', () => {
    expect(reader.check('secret/data/app/db', 'read')).toEqual({ allowed: true, capabilities: ['list', 'read'], sudo: false, root: false });
    expect(reader.check('secret/data/app/db', 'update').allowed).toBe(false);
    expect(reader.check('secret/data/app/db', 'create').allowed).toBe(false);
    expect(reader.check('secret/data/other', 'read')).toEqual({ allowed: false, capabilities: [], sudo: false, root: false });
    expect(reader.check('/secret/data/app/db', 'read').allowed).toBe(true);
  });

  it('lets deny win over allow on the same path across policies, in either order', () => {
    for (const a of [acl(rule('secret/*', 'read', 'update'), rule('secret/*', 'deny')), acl(rule('secret/*', 'deny'), rule('secret/*', 'read'))]) {
      expect(a.check('secret/x', 'read')).toMatchObject({ allowed: false, capabilities: ['deny'] });
    }
  });

  it('unites capabilities of several policies on one path', () => {
    const a = acl(rule('secret/x', 'read'), rule('secret/x', 'update'), 'path "secret/x" { policy = "sudo" }');
    expect(a.check('secret/x', 'update')).toMatchObject({ allowed: true, sudo: true });
    expect(a.check('secret/x', 'read').capabilities).toEqual(['create', 'delete', 'list', 'read', 'sudo', 'update']);
  });

  it('prefers the exact rule over any glob, and the longest glob over shorter ones', () => {
    const a = acl(rule('secret/*', 'read'), rule('secret/data/*', 'deny'), rule('secret/data/open', 'read'), rule('secret/data/op*', 'update'));
    expect(a.check('secret/data/open', 'read').allowed).toBe(true);
    expect(a.check('secret/data/open', 'update').allowed).toBe(false);
    expect(a.check('secret/data/opera', 'update').allowed).toBe(true);
    expect(a.check('secret/data/closed', 'read').capabilities).toEqual(['deny']);
    expect(a.check('secret/meta', 'read').allowed).toBe(true);
  });

  it('matches + as exactly one segment', () => {
    const a = acl(rule('secret/+/teams/*', 'read'), rule('kv/+', 'list'), rule('+/health', 'read'));
    expect(a.check('secret/data/teams/a/b', 'read').allowed).toBe(true);
    expect(a.check('secret/data/x/teams/a', 'read').allowed).toBe(false);
    expect(a.check('kv/one', 'list').allowed).toBe(true);
    expect(a.check('kv/one/two', 'list').allowed).toBe(false);
    expect(a.check('sys/health', 'read').allowed).toBe(true);
  });

  it("ranks + and * rules as Vault does", () => {
    // the later first wildcard wins: foo/bar/+ over foo/+/baz
    expect(acl(rule('foo/+/baz', 'read'), rule('foo/bar/+', 'update')).check('foo/bar/baz', 'update').allowed).toBe(true);
    // at the same position, no glob beats a glob: foo/+/bar over foo/*
    const a = acl(rule('foo/*', 'update'), rule('foo/+/bar', 'read'));
    expect(a.check('foo/x/bar', 'read').allowed).toBe(true);
    expect(a.check('foo/x/bar', 'update').allowed).toBe(false);
    expect(a.check('foo/x/other', 'update').allowed).toBe(true);
    // a glob whose star comes after the + position: foo/a* over foo/+
    expect(acl(rule('foo/+', 'read'), rule('foo/a*', 'update')).check('foo/abc', 'update').allowed).toBe(true);
    // fewer + segments win: foo/+/bar/baz over foo/+/+/baz
    expect(acl(rule('foo/+/+/baz', 'read'), rule('foo/+/bar/baz', 'update')).check('foo/x/bar/baz', 'update').allowed).toBe(true);
    // the longer glob wins among + globs: foo/+/bar/ba* over foo/+/bar/b*
    expect(acl(rule('foo/+/bar/b*', 'read'), rule('foo/+/bar/ba*', 'update')).check('foo/x/bar/baz', 'update').allowed).toBe(true);
    // no glob beats a glob: foo/+/bar over foo/+/ba*
    expect(acl(rule('foo/+/ba*', 'read'), rule('foo/+/bar', 'update')).check('foo/x/bar', 'update').allowed).toBe(true);
  });

  it('lists a path ending in / through its rule with or without the slash', () => {
    const a = acl(rule('secret/metadata/app', 'list'), rule('kv/*', 'list'), rule('team/a*', 'list'));
    expect(a.check('secret/metadata/app/', 'list').allowed).toBe(true);
    expect(a.check('secret/metadata/app/', 'read').allowed).toBe(false);
    expect(a.check('kv/', 'list').allowed).toBe(true);
    expect(a.check('team/a/', 'list').allowed).toBe(true);
    expect(a.check('secret/metadata/', 'list').allowed).toBe(false);
  });

  it('reports sudo and root', () => {
    const a = acl(rule('sys/rotate', 'update', 'sudo'), rule('sys/seal', 'update'));
    expect(a.check('sys/rotate', 'update')).toMatchObject({ allowed: true, sudo: true, root: false });
    expect(a.check('sys/seal', 'update')).toMatchObject({ allowed: true, sudo: false });
    const root = buildAcl([policy('root', '')]);
    expect(root.check('anything/at/all', 'delete')).toEqual({
      allowed: true,
      capabilities: ['create', 'delete', 'list', 'patch', 'read', 'sudo', 'update'],
      sudo: true,
      root: true,
    });
    expect(() => buildAcl([policy('root', ''), policy('other', '')])).toThrow(CoreError);
  });

  it('keeps patch apart from update', () => {
    const a = acl(rule('secret/data/x', 'patch'));
    expect(a.check('secret/data/x', 'patch').allowed).toBe(true);
    expect(a.check('secret/data/x', 'update').allowed).toBe(false);
  });

  it('leaves templated rules out (no identity entity) and keeps the rest of the default policy', () => {
    const a = buildAcl([policy('default', DEFAULT_POLICY)]);
    expect(a.check('identity/entity/id/{{identity.entity.id}}', 'read').allowed).toBe(false);
    expect(a.check('auth/token/lookup-self', 'read').allowed).toBe(true);
    expect(a.check('cubbyhole/x', 'create').allowed).toBe(true);
    expect(a.check('identity/oidc/provider/p1/authorize', 'update').allowed).toBe(true);
    expect(a.check('secret/x', 'read').allowed).toBe(false);
  });
});

describe('Acl.check: parameters and wrapping', () => {
  const a = acl(`path "secret/foo" {
  capabilities = ["create", "update", "read"]
  allowed_parameters = { "colour" = ["red", "g*"], "size" = [] }
  denied_parameters = { "size" = ["huge"] }
  required_parameters = ["colour"]
}
path "wrap/*" {
  capabilities = ["read"]
  min_wrapping_ttl = "1m"
  max_wrapping_ttl = "1h"
}`);

  it('enforces required, denied and allowed parameters', () => {
    const ok = (data: Record<string, unknown>) => a.check('secret/foo', 'update', { data }).allowed;
    expect(ok({ colour: 'red' })).toBe(true);
    expect(ok({ colour: 'green', size: 'small' })).toBe(true);
    expect(ok({ colour: 'red,grey' })).toBe(true);
    expect(ok({ colour: ['red', 'green'] })).toBe(true);
    expect(ok({ colour: 'blue' })).toBe(false);
    expect(ok({ size: 'small' })).toBe(false);
    expect(ok({ colour: 'red', size: 'huge' })).toBe(false);
    expect(ok({ colour: 'red', shape: 'round' })).toBe(false);
    expect(a.check('secret/foo', 'update').allowed).toBe(false);
  });

  it('merges parameter lists across policies; an empty list (any value) wins', () => {
    const merged = acl(
      'path "x" {\n capabilities = ["update"]\n allowed_parameters = { "a" = ["1"] }\n}',
      'path "x" {\n capabilities = ["update"]\n allowed_parameters = { "a" = ["2"], "b" = [] }\n}',
      'path "x" {\n capabilities = ["update"]\n allowed_parameters = { "b" = ["only"] }\n}',
    );
    const ok = (data: Record<string, unknown>) => merged.check('x', 'update', { data }).allowed;
    expect([ok({ a: '1' }), ok({ a: '2' }), ok({ a: '3' }), ok({ b: 'anything' }), ok({ c: 'x' })]).toEqual([true, true, false, true, false]);
  });

  it('requires a wrapping TTL inside the bounds', () => {
    expect(a.check('wrap/x', 'read').allowed).toBe(false);
    expect(a.check('wrap/x', 'read', { wrapTtl: 300 }).allowed).toBe(true);
    expect(a.check('wrap/x', 'read', { wrapTtl: 30 }).allowed).toBe(false);
    expect(a.check('wrap/x', 'read', { wrapTtl: 7200 }).allowed).toBe(false);
  });
});

describe('Acl.capabilities', () => {
  it("answers Vault's sorted list, deny, or root", () => {
    const a = acl(rule('secret/*', 'update', 'read', 'sudo', 'list'), rule('secret/no', 'deny'));
    expect(a.capabilities('secret/x')).toEqual(['list', 'read', 'sudo', 'update']);
    expect(a.capabilities('secret/no')).toEqual(['deny']);
    expect(a.capabilities('other')).toEqual(['deny']);
    expect(buildAcl([policy('root', '')]).capabilities('x')).toEqual(['root']);
  });
});

describe('Acl.hasMountAccess (what sys/internal/ui/mounts shows a token)', () => {
  it('grants a mount when a rule gives anything on or below it', () => {
    expect(acl(rule('secret/data/app', 'read')).hasMountAccess('secret/')).toBe(true);
    expect(acl(rule('secret/data/app/*', 'list')).hasMountAccess('secret/')).toBe(true);
    expect(acl(rule('sec*', 'read')).hasMountAccess('secret/')).toBe(true);
    expect(acl(rule('secret/+/app', 'update')).hasMountAccess('secret/')).toBe(true);
    expect(acl(rule('+/data/x', 'read')).hasMountAccess('secret/')).toBe(true);
    expect(acl(rule('+/*', 'read')).hasMountAccess('secret/')).toBe(true);
    expect(acl(rule('se+/x', 'read')).hasMountAccess('secret/')).toBe(false);
    expect(acl(rule('a/+/c', 'read')).hasMountAccess('a/b/')).toBe(true);
    expect(acl(rule('a/+', 'read')).hasMountAccess('a/b/c/')).toBe(false);
    expect(acl(rule('x/+/c', 'read')).hasMountAccess('a/b/')).toBe(false);
    expect(acl(rule('secret/+/app', 'deny')).hasMountAccess('secret/')).toBe(false);
    expect(buildAcl([{ name: 'root', rules: [] } as unknown as Policy]).hasMountAccess('anything/')).toBe(true);
  });

  it('does not grant a mount for rules elsewhere, denies, or a longer sibling name', () => {
    expect(acl(rule('kv/data/app', 'read')).hasMountAccess('secret/')).toBe(false);
    expect(acl(rule('secret/data/app', 'deny')).hasMountAccess('secret/')).toBe(false);
    expect(acl(rule('secret2/x', 'read')).hasMountAccess('secret/')).toBe(false);
    expect(acl(rule('secret/*', 'deny'), rule('secret/x', 'read')).hasMountAccess('secret/')).toBe(true);
    expect(acl(DEFAULT_POLICY).hasMountAccess('secret/')).toBe(false);
    expect(acl(DEFAULT_POLICY).hasMountAccess('cubbyhole/')).toBe(true);
  });
});
