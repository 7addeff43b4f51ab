import { describe, expect, it } from 'vitest';
import { buildAcl } from '../../../src/auth/acl.js';
import type { TemplateIdentity } from '../../../src/auth/acl-template.js';
import { DEFAULT_POLICY } from '../../../src/auth/default-policies.js';
import { parsePolicy, type Policy } from '../../../src/auth/policy.js';
import { CoreError } from '../../../src/errors.js';
import { parseJsonBody } from '../../../src/http/body.js';

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
    // at the same position, a + beats a glob: foo/+ over foo/*
    for (const a of [acl(rule('foo/*', 'update'), rule('foo/+', 'read')), acl(rule('foo/+', 'read'), rule('foo/*', 'update'))]) {
      expect(a.check('foo/x', 'read').allowed).toBe(true);
      expect(a.check('foo/x', 'update').allowed).toBe(false);
    }
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

describe('Acl.check: numeric parameter values, compared exactly', () => {
  // js-hcl-parser's integers are 32-bit (GopherJS), so a large whole number is written as a float.
  const a = acl(`path "secret/n" {
  capabilities = ["update"]
  allowed_parameters = { "id" = [9007199254740992.0], "ratio" = [1.5] }
}`);
  const ok = (text: string) => a.check('secret/n', 'update', { data: parseJsonBody(Buffer.from(text)) }).allowed;

  it('allows the numbers written in the policy, whatever their spelling', () => {
    expect(ok('{"id":9007199254740992}')).toBe(true);
    expect(ok('{"id":9.007199254740992e15}')).toBe(true);
    expect(ok('{"ratio":1.50}')).toBe(true);
  });

  it('refuses a number that only rounds to an allowed one', () => {
    expect(ok('{"id":9007199254740993}')).toBe(false);
    expect(ok('{"ratio":1.5000000000000001}')).toBe(false);
    expect(ok('{"id":"9007199254740992"}')).toBe(false);
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

describe('Acl: Vault rules beyond the basics', () => {
  it('maps each operation onto its own capability', () => {
    const a = acl(rule('x', 'delete'), rule('y', 'create'), rule('z', 'list'));
    expect(a.check('x', 'delete').allowed).toBe(true);
    expect(a.check('x', 'read').allowed).toBe(false);
    expect(a.check('y', 'create').allowed).toBe(true);
    expect(a.check('y', 'update').allowed).toBe(false);
    expect(a.check('z/', 'list').allowed).toBe(true);
    expect(a.check('z', 'delete').allowed).toBe(false);
  });

  it('refuses root beside other policies with a 500 in Vault\'s words', () => {
    try {
      buildAcl([policy('root', ''), policy('other', '')]);
      throw new Error('built');
    } catch (err) {
      expect(err).toBeInstanceOf(CoreError);
      expect([(err as CoreError).code, (err as CoreError).status, (err as Error).message]).toEqual([
        'CORE_INTERNAL',
        500,
        'other policies present along with root',
      ]);
    }
  });

  it('checks parameters on patch as on create and update, but not on delete or list', () => {
    const a = acl('path "p" {\n capabilities = ["patch", "delete", "list"]\n allowed_parameters = { "a" = ["1"] }\n}');
    expect(a.check('p', 'patch', { data: { a: '1' } }).allowed).toBe(true);
    expect(a.check('p', 'patch', { data: { a: '2' } }).allowed).toBe(false);
    expect(a.check('p', 'delete', { data: { b: '2' } }).allowed).toBe(true);
    expect(a.check('p/', 'list', { data: { b: '2' } }).allowed).toBe(true);
  });

  it('requires a wrapping TTL at most max_wrapping_ttl, bounds included, when only a maximum is set', () => {
    const a = acl('path "w" {\n capabilities = ["read"]\n max_wrapping_ttl = 60\n}', 'path "m" {\n capabilities = ["read"]\n min_wrapping_ttl = 60\n}');
    expect(a.check('w', 'read').allowed).toBe(false);
    expect(a.check('w', 'read', { wrapTtl: 60 }).allowed).toBe(true);
    expect(a.check('w', 'read', { wrapTtl: 61 }).allowed).toBe(false);
    expect(a.check('w', 'read', { wrapTtl: 1 }).allowed).toBe(true);
    expect(a.check('m', 'read').allowed).toBe(false);
    expect(a.check('m', 'read', { wrapTtl: 60 }).allowed).toBe(true);
    expect(a.check('m', 'read', { wrapTtl: 59 }).allowed).toBe(false);
    expect(a.check('m', 'read', { wrapTtl: 86_400 }).allowed).toBe(true);
  });

  it('merges wrapping TTLs across policies keeping the lesser of each, in either order', () => {
    const ttl = (kind: string, seconds: number) => `path "w" {\n capabilities = ["read"]\n ${kind}_wrapping_ttl = ${seconds}\n}`;
    for (const a of [acl(ttl('max', 3600), ttl('max', 600)), acl(ttl('max', 600), ttl('max', 3600)), acl(rule('w', 'read'), ttl('max', 600)), acl(ttl('max', 600), rule('w', 'read'))]) {
      expect(a.check('w', 'read', { wrapTtl: 600 }).allowed).toBe(true);
      expect(a.check('w', 'read', { wrapTtl: 601 }).allowed).toBe(false);
    }
    for (const a of [acl(ttl('min', 600), ttl('min', 60)), acl(ttl('min', 60), ttl('min', 600)), acl(rule('w', 'read'), ttl('min', 60)), acl(ttl('min', 60), rule('w', 'read'))]) {
      expect(a.check('w', 'read', { wrapTtl: 60 }).allowed).toBe(true);
      expect(a.check('w', 'read', { wrapTtl: 59 }).allowed).toBe(false);
    }
    // a minimum from one policy and a lower maximum from another: nothing fits
    const clash = acl(ttl('min', 600), ttl('max', 60));
    for (const wrapTtl of [30, 60, 300, 600, 900]) expect(clash.check('w', 'read', { wrapTtl }).allowed).toBe(false);
  });

  it('merges parameter constraints across policies on the same path, whichever policy has them', () => {
    const p = (body: string) => `path "x" {\n capabilities = ["update"]\n ${body}\n}`;
    // the first policy has constraints, the second none (and the other way round)
    for (const a of [acl(p('allowed_parameters = { "a" = ["1"] }'), rule('x', 'update')), acl(rule('x', 'update'), p('allowed_parameters = { "a" = ["1"] }'))]) {
      expect(a.check('x', 'update', { data: { a: '1' } }).allowed).toBe(true);
      expect(a.check('x', 'update', { data: { a: '2' } }).allowed).toBe(false);
    }
    // a parameter only the second policy names is added
    const added = acl(p('allowed_parameters = { "a" = ["1"] }'), p('allowed_parameters = { "b" = ["2"] }'));
    expect(added.check('x', 'update', { data: { a: '1', b: '2' } }).allowed).toBe(true);
    expect(added.check('x', 'update', { data: { b: '3' } }).allowed).toBe(false);
    // [] (any value) wins whether it comes first or second
    const later = acl(p('allowed_parameters = { "b" = ["only"] }'), p('allowed_parameters = { "b" = [] }'));
    expect(later.check('x', 'update', { data: { b: 'anything' } }).allowed).toBe(true);
    // denied parameters merge the same way
    const denied = acl(p('denied_parameters = { "a" = ["1"] }'), p('denied_parameters = { "a" = ["2"], "b" = [] }'));
    expect(denied.check('x', 'update', { data: { a: '1' } }).allowed).toBe(false);
    expect(denied.check('x', 'update', { data: { a: '2' } }).allowed).toBe(false);
    expect(denied.check('x', 'update', { data: { a: '3' } }).allowed).toBe(true);
    expect(denied.check('x', 'update', { data: { b: 'x' } }).allowed).toBe(false);
  });

  it('unites required parameters across policies', () => {
    const p = (name: string) => `path "x" {\n capabilities = ["update"]\n required_parameters = ["${name}"]\n}`;
    const a = acl(p('a'), p('b'), p('a'));
    expect(a.check('x', 'update', { data: { a: 1, b: 2 } }).allowed).toBe(true);
    expect(a.check('x', 'update', { data: { a: 1 } }).allowed).toBe(false);
    expect(a.check('x', 'update', { data: { b: 2 } }).allowed).toBe(false);
  });

  it('a deny merged in drops the parameter constraints with everything else', () => {
    const a = acl('path "x" {\n capabilities = ["update"]\n allowed_parameters = { "a" = ["1"] }\n}', rule('x', 'deny'));
    expect(a.check('x', 'update', { data: { a: '1' } })).toMatchObject({ allowed: false, capabilities: ['deny'] });
  });

  it('lists through a rule without the trailing slash before one with it, as Vault does', () => {
    // foo/bar* covers foo/bar/ when tried as foo/bar; foo/bar/* would only match with the slash
    const a = acl(rule('foo/bar*', 'list'), rule('foo/bar/*', 'deny'));
    expect(a.check('foo/bar/', 'list').allowed).toBe(true);
    expect(a.check('foo/bar/x', 'read').capabilities).toEqual(['deny']);
    // without a rule for the shorter path the slash form is used
    expect(acl(rule('foo/bar/*', 'list')).check('foo/bar/', 'list').allowed).toBe(true);
  });

  it('matches a prefix only in the last segment of a + rule, and a plain last segment exactly', () => {
    const a = acl(rule('kv/+/ab', 'read'), rule('kv/ab/+/c*', 'update'));
    expect(a.check('kv/x/ab', 'read').allowed).toBe(true);
    expect(a.check('kv/x/abc', 'read').allowed).toBe(false);
    expect(a.check('kv/ab/x/cd', 'update').allowed).toBe(true);
    expect(a.check('kv/ab/x/cd/e', 'update').allowed).toBe(true);
    expect(a.check('kv/abc/x/cd', 'update').allowed).toBe(false);
  });

  it('ranks + rules: fewer + segments before length, length before lexical order', () => {
    // same first wildcard, both globs: foo/+/b/b* (one +) beats the longer foo/+/+/bazz* (two), in either order
    for (const order of [
      [rule('foo/+/b/b*', 'update'), rule('foo/+/+/bazz*', 'read')],
      [rule('foo/+/+/bazz*', 'read'), rule('foo/+/b/b*', 'update')],
    ]) {
      const a = acl(...order);
      expect(a.check('foo/x/b/bazzz', 'update').allowed).toBe(true);
      expect(a.check('foo/x/b/bazzz', 'read').allowed).toBe(false);
    }
    // same wildcards: the longer pattern wins even where it sorts lower (a/+/+/ddd over a/+/c/+)
    for (const order of [
      [rule('a/+/+/ddd', 'update'), rule('a/+/c/+', 'read')],
      [rule('a/+/c/+', 'read'), rule('a/+/+/ddd', 'update')],
    ]) {
      const a = acl(...order);
      expect(a.check('a/x/c/ddd', 'update').allowed).toBe(true);
      expect(a.check('a/x/c/ddd', 'read').allowed).toBe(false);
    }
    // everything else equal: the lexically greater pattern wins (a/+/c/+ over a/+/+/d)
    for (const order of [
      [rule('a/+/+/d', 'read'), rule('a/+/c/+', 'update')],
      [rule('a/+/c/+', 'update'), rule('a/+/+/d', 'read')],
    ]) {
      const a = acl(...order);
      expect(a.check('a/x/c/d', 'update').allowed).toBe(true);
      expect(a.check('a/x/c/d', 'read').allowed).toBe(false);
    }
  });

  it('answers capabilities as a LIST lookup: an exact rule matches with or without the slash, a path without one tries itself', () => {
    const a = acl(rule('kv/dir', 'read'), rule('kv/ab*', 'update'), rule('kv/a*', 'deny'));
    expect(a.capabilities('kv/dir/')).toEqual(['read']);
    expect(a.capabilities('kv/ab')).toEqual(['update']);
    expect(a.capabilities('kv/ab/')).toEqual(['update']);
    expect(a.capabilities('kv/a')).toEqual(['deny']);
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

describe('Acl.hasMountAccess: + patterns against the mount path (CheckAllowedFromNonExactPaths, bareMount)', () => {
  it('matches a glob only in the last segment of the pattern, and needs every mount segment covered', () => {
    expect(acl(rule('a/+/b*', 'read')).hasMountAccess('a/x/bc/')).toBe(true);
    expect(acl(rule('a/+/c', 'read')).hasMountAccess('a/b/c/')).toBe(true);
    expect(acl(rule('kv/ab/+', 'read')).hasMountAccess('kv/abc/')).toBe(false);
    expect(acl(rule('kv/ab/+/x*', 'read')).hasMountAccess('kv/abc/')).toBe(false);
  });

  it('finds a + pattern covering the mount even when a deny on the mount path itself hides it from capabilities', () => {
    // Vault walks the rules below the mount after Capabilities(path) answered deny
    expect(acl(rule('a/x/bc', 'deny'), rule('a/+/b*', 'read')).hasMountAccess('a/x/bc/')).toBe(true);
    expect(acl(rule('a/b/c', 'deny'), rule('a/+/c', 'read')).hasMountAccess('a/b/c/')).toBe(true);
    expect(acl(rule('a/x/bc', 'deny'), rule('a/+/bd*', 'read')).hasMountAccess('a/x/bc/')).toBe(false);
    expect(acl(rule('a/b/c', 'deny'), rule('a/+/d', 'read')).hasMountAccess('a/b/c/')).toBe(false);
  });

  it('does not count a rule that grants nothing', () => {
    expect(acl('path "secret/x" { capabilities = [] }').hasMountAccess('secret/')).toBe(false);
    expect(acl('path "secret/+/x" { capabilities = [] }').hasMountAccess('secret/')).toBe(false);
  });
});


describe('Acl: templated rules rendered with an identity (vault/policy.go parsePaths)', () => {
  const identity = (name: string, metadata: Record<string, string> = {}): TemplateIdentity => ({
    entity: { id: `id-${name}`, name, metadata },
    aliases: [{ id: `alias-${name}`, mountAccessor: 'auth_userpass_1234', name: `${name}-up`, metadata: {} }],
    groups: [{ id: 'g-1', name: 'admins' }],
  });
  const alice = identity('alice', { team: 'ops' });
  const own = policy('own', 'path "secret/data/{{identity.entity.name}}/*" { capabilities = ["create","read","update"] }');

  it("lets alice write under her own name and not under bob's", () => {
    const a = buildAcl([own], alice);
    for (const op of ['create', 'update', 'read'] as const) expect(a.check('secret/data/alice/x', op).allowed).toBe(true);
    expect(a.check('secret/data/alice/x', 'delete').allowed).toBe(false);
    expect(a.check('secret/data/bob/x', 'create')).toEqual({ allowed: false, capabilities: [], sudo: false, root: false });
    expect(a.check('secret/data/alice', 'read').allowed).toBe(false);
    const b = buildAcl([own], identity('bob'));
    expect(b.check('secret/data/bob/x', 'update').allowed).toBe(true);
    expect(b.check('secret/data/alice/x', 'update').allowed).toBe(false);
  });

  it('skips templated rules without an identity, and never matches the {{…}} text literally', () => {
    const a = buildAcl([own]);
    expect(a.check('secret/data/alice/x', 'read').allowed).toBe(false);
    expect(a.check('secret/data/{{identity.entity.name}}/x', 'read').allowed).toBe(false);
  });

  it('drops a rule whose directive has no value (a missing metadata key), literal text included', () => {
    const p = policy('meta', rule('team/{{identity.entity.metadata.team}}/*', 'read') + rule('region/{{identity.entity.metadata.region}}', 'read'));
    const a = buildAcl([p], alice);
    expect(a.check('team/ops/x', 'read').allowed).toBe(true);
    expect(a.check('region/{{identity.entity.metadata.region}}', 'read').allowed).toBe(false);
    expect(a.check('region/', 'read').allowed).toBe(false);
    expect(a.capabilities('region/{{identity.entity.metadata.region}}')).toEqual(['deny']);
  });

  it('drops a rule whose identity value holds + or *, rather than widening it', () => {
    const a = buildAcl([own], identity('+'));
    expect(a.check('secret/data/alice/x', 'read').allowed).toBe(false);
    expect(a.check('secret/data/+/x', 'read').allowed).toBe(false);
    expect(buildAcl([own], identity('a*')).check('secret/data/abc/x', 'read').allowed).toBe(false);
  });

  it('fills an alias by its mount accessor, and drops the rule for an accessor without one', () => {
    const p = policy(
      'alias',
      rule('auth/userpass/users/{{identity.entity.aliases.auth_userpass_1234.name}}', 'update') +
        rule('auth/ldap/users/{{identity.entity.aliases.auth_ldap_1.name}}', 'update'),
    );
    const a = buildAcl([p], alice);
    expect(a.check('auth/userpass/users/alice-up', 'update').allowed).toBe(true);
    expect(a.check('auth/userpass/users/alice', 'update').allowed).toBe(false);
    expect(a.check('auth/ldap/users/alice-up', 'update').allowed).toBe(false);
  });

  it('reads the exact, * prefix or + segment shape from the rendered path', () => {
    const p = policy(
      'shapes',
      rule('kv/+/{{identity.entity.name}}', 'read') +
        rule('logs/{{identity.entity.name}}*', 'list') +
        rule('/apps/{{ identity.entity.id }}', 'update') +
        rule('teams/+/{{identity.entity.metadata.team}}/*', 'create'),
    );
    const a = buildAcl([p], alice);
    expect(a.check('kv/any/alice', 'read').allowed).toBe(true);
    expect(a.check('kv/any/bob', 'read').allowed).toBe(false);
    expect(a.check('kv/a/b/alice', 'read').allowed).toBe(false);
    expect(a.check('kv/any/alice/x', 'read').allowed).toBe(false);
    expect(a.check('logs/alice-2024/', 'list').allowed).toBe(true);
    expect(a.check('logs/bob/', 'list').allowed).toBe(false);
    expect(a.check('apps/id-alice', 'update').allowed).toBe(true);
    expect(a.check('apps/id-alice/x', 'update').allowed).toBe(false);
    expect(a.check('teams/x/ops/y/z', 'create').allowed).toBe(true);
    expect(a.check('teams/x/dev/y', 'create').allowed).toBe(false);
  });

  it('merges a rendered rule with a plain rule on the same path, deny included', () => {
    const plain = policy('plain', rule('secret/data/alice/*', 'list'));
    expect(buildAcl([plain, own], alice).check('secret/data/alice/x', 'read').capabilities).toEqual(['create', 'list', 'read', 'update']);
    expect(buildAcl([plain, own]).check('secret/data/alice/x', 'read').capabilities).toEqual(['list']);
    const denied = policy('denied', rule('secret/data/{{identity.entity.name}}/*', 'deny'));
    expect(buildAcl([own, denied], alice).check('secret/data/alice/x', 'read')).toMatchObject({ allowed: false, capabilities: ['deny'] });
    expect(buildAcl([own, denied]).check('secret/data/alice/x', 'read').capabilities).toEqual([]);
  });

  it("gives the default policy's identity rules to the identity's own entity only", () => {
    const a = buildAcl([policy('default', DEFAULT_POLICY)], alice);
    expect(a.check('identity/entity/id/id-alice', 'read').allowed).toBe(true);
    expect(a.check('identity/entity/name/alice', 'read').allowed).toBe(true);
    expect(a.check('identity/entity/id/id-bob', 'read').allowed).toBe(false);
    expect(a.check('identity/entity/name/bob', 'read').allowed).toBe(false);
    expect(a.check('identity/entity/id/{{identity.entity.id}}', 'read').allowed).toBe(false);
    expect(a.check('auth/token/lookup-self', 'read').allowed).toBe(true);
  });

  it('fills group directives, and shows rendered rules to hasMountAccess and capabilities', () => {
    const p = policy('groups', rule('shared/{{identity.groups.names.admins.id}}/*', 'read', 'list'));
    const a = buildAcl([p], alice);
    expect(a.capabilities('shared/g-1/doc')).toEqual(['list', 'read']);
    expect(a.hasMountAccess('shared/')).toBe(true);
    expect(buildAcl([p]).hasMountAccess('shared/')).toBe(false);
    expect(buildAcl([p], { ...alice, groups: [] }).hasMountAccess('shared/')).toBe(false);
  });
});
