import { describe, expect, it } from 'vitest';
import { CoreError } from '../../../src/errors.js';
import { DEFAULT_POLICY } from '../../../src/auth/default-policies.js';
import { parsePolicy, PolicyParseError } from '../../../src/auth/policy.js';

function parseError(raw: string): PolicyParseError {
  try {
    parsePolicy('p', raw);
  } catch (err) {
    expect(err).toBeInstanceOf(PolicyParseError);
    expect(err).toBeInstanceOf(CoreError);
    expect((err as CoreError).status).toBe(400);
    return err as PolicyParseError;
  }
  throw new Error('expected a parse error');
}

describe('parsePolicy: rules', () => {
  it('reads capabilities and strips the glob into a prefix rule', () => {
    const p = parsePolicy('App-Read', 'path "secret/data/app/*" {\n  capabilities = ["read", "list"]\n}\n');
    expect(p.name).toBe('app-read');
    expect(p.rules).toEqual([
      expect.objectContaining({ path: 'secret/data/app/', isPrefix: true, hasSegmentWildcards: false, capabilities: ['read', 'list'] }),
    ]);
  });

  it('maps the legacy policy forms onto capabilities', () => {
    const caps = (legacy: string) => parsePolicy('p', `path "a" { policy = "${legacy}" }`).rules[0]!.capabilities;
    expect(caps('read')).toEqual(['read', 'list']);
    expect(caps('write')).toEqual(['create', 'read', 'update', 'delete', 'list']);
    expect(caps('sudo')).toEqual(['create', 'read', 'update', 'delete', 'list', 'sudo']);
    expect(caps('deny')).toEqual(['deny']);
    expect(parsePolicy('p', 'path "a" {\n policy = "read"\n capabilities = ["patch"]\n}').rules[0]!.capabilities).toEqual([
      'patch',
      'read',
      'list',
    ]);
  });

  it('keeps deny alone and skips what follows it', () => {
    const rule = parsePolicy('p', 'path "a" { capabilities = ["read", "deny", "bogus"] }').rules[0]!;
    expect(rule.capabilities).toEqual(['deny']);
    expect(rule.bits).toBe(1);
  });

  it('flags + segments, keeps their trailing * and strips a leading /', () => {
    const [a, b, c, d] = parsePolicy(
      'p',
      'path "/secret/+/x" { capabilities = ["read"] }\npath "secret/+/y*" { capabilities = ["read"] }\npath "+/z" { capabilities = ["read"] }\npath "+" { capabilities = ["read"] }',
    ).rules;
    expect(a).toMatchObject({ path: 'secret/+/x', hasSegmentWildcards: true, isPrefix: false });
    expect(b).toMatchObject({ path: 'secret/+/y*', hasSegmentWildcards: true, isPrefix: false });
    expect(c).toMatchObject({ path: '+/z', hasSegmentWildcards: true });
    expect(d).toMatchObject({ path: '+', hasSegmentWildcards: true });
  });

  it('reads parameter constraints and wrapping TTLs', () => {
    const rule = parsePolicy(
      'p',
      `path "secret/foo" {
  capabilities = ["create", "update"]
  allowed_parameters = {
    "Colour" = ["red", "g*"]
    "size"   = []
  }
  denied_parameters = { "admin" = [] }
  required_parameters = ["colour"]
  min_wrapping_ttl = "1m"
  max_wrapping_ttl = 3600
  mfa_methods = ["totp"]
}`,
    ).rules[0]!;
    expect(rule.allowedParameters).toEqual({ colour: ['red', 'g*'], size: [] });
    expect(rule.deniedParameters).toEqual({ admin: [] });
    expect(rule.requiredParameters).toEqual(['colour']);
    expect(rule).toMatchObject({ minWrappingTtl: 60, maxWrappingTtl: 3600, mfaMethods: ['totp'] });
  });

  it('accepts an empty or comment-only policy, JSON, and name', () => {
    expect(parsePolicy('p', '').rules).toEqual([]);
    expect(parsePolicy('p', '# nothing\n').rules).toEqual([]);
    expect(parsePolicy('p', 'name = "x"\npath "a" { capabilities = ["read"] }').rules).toHaveLength(1);
    const json = parsePolicy('p', '{"path": {"secret/*": {"capabilities": ["read"]}}}');
    expect(json.rules[0]).toMatchObject({ path: 'secret/', isPrefix: true, capabilities: ['read'] });
  });

  it("parses Vault's default policy, whose identity paths are templated", () => {
    const p = parsePolicy('default', DEFAULT_POLICY);
    expect(p.templated).toBe(true);
    expect(p.rules.filter((r) => r.templated).map((r) => r.path)).toEqual([
      'identity/entity/id/{{identity.entity.id}}',
      'identity/entity/name/{{identity.entity.name}}',
    ]);
    expect(p.rules.find((r) => r.path === 'cubbyhole/')).toMatchObject({ isPrefix: true });
  });

  it('keeps a templated path as written for rendering, and flags only well-formed templating', () => {
    const p = parsePolicy('p', 'path "/secret/{{ identity.entity.name }}/*" { capabilities = ["read"] }\npath "plain/*" { capabilities = ["read"] }');
    expect(p.rules[0]).toMatchObject({ templated: true, template: '/secret/{{ identity.entity.name }}/*', isPrefix: true });
    expect(p.rules[1]).toMatchObject({ templated: false });
    expect(p.rules[1]!.template).toBeUndefined();
    expect(parsePolicy('p', 'path "a/{{unknown.directive}}" { capabilities = ["read"] }').templated).toBe(true);
  });
});

describe('parsePolicy: errors in Vault text', () => {
  it('reports an HCL syntax error with its line and column', () => {
    const err = parseError('path "secret/*" {\n    capabilities = ["read"\n}');
    expect(err.message).toBe('failed to parse policy: At 3:2: object expected closing RBRACE got: EOF');
    expect([err.line, err.col]).toEqual([3, 2]);
    const err2 = parseError('path "a" {\n  capabilities = ["read"]\n  x y z\n}');
    expect(err2.message).toBe(
      "failed to parse policy: At 4:1: key 'x y z' expected start of object ('{') or assignment ('=')",
    );
    expect([err2.line, err2.col]).toEqual([4, 1]);
  });

  it('names an invalid capability or legacy policy', () => {
    expect(parseError('path "secret/*" { capabilities = ["read", "write"] }').message).toBe(
      'failed to parse policy: path "secret/*": invalid capability "write"',
    );
    expect(parseError('path "/" { policy = "nope" }').message).toBe('failed to parse policy: path "/": invalid policy "nope"');
  });

  it('lists invalid keys as go-multierror does, with their lines', () => {
    expect(parseError('path "a" {\n  capabilities = ["read"]\n  foo = "bar"\n}').message).toBe(
      'failed to parse policy: 1 error occurred:\n\t* path "a": invalid key "foo" on line 3\n\n',
    );
    expect(parseError('foo = 1\nbar = 2\npath "a" { capabilities = ["read"] }').message).toBe(
      'failed to parse policy: 2 errors occurred:\n\t* invalid key "foo" on line 1\n\t* invalid key "bar" on line 2\n\n',
    );
  });

  it("refuses '+*', non-tail parameter wildcards and bad TTLs", () => {
    expect(parseError('path "a/+*" { capabilities = ["read"] }').message).toBe(
      `failed to parse policy: path "a/+*": invalid use of wildcards ('+*' is forbidden)`,
    );
    expect(parseError('path "a/*" {\n capabilities = ["read"]\n allowed_parameters = { "f*o" = [] }\n}').message).toBe(
      'failed to parse policy: path "a/": allowed_parameters: parameter key "f*o" cannot contain non-tail wildcards',
    );
    expect(parseError('path "a" {\n capabilities = ["read"]\n min_wrapping_ttl = "soon"\n}').message).toBe(
      'failed to parse policy: error parsing min_wrapping_ttl: time: invalid duration "soon"',
    );
    expect(parseError('path "a" {\n capabilities = ["read"]\n min_wrapping_ttl = 60\n max_wrapping_ttl = 30\n}').message).toBe(
      'failed to parse policy: max_wrapping_ttl cannot be less than min_wrapping_ttl',
    );
  });

  it('refuses unbalanced templating braces, before checking the keys, as Vault does', () => {
    for (const path of ['a/{{identity.entity.id', 'a/}}', 'a/{{x}}}}']) {
      expect(parseError(`path "${path}" { capabilities = ["read"]\n bogus = 1 }`).message).toBe(
        'failed to parse policy: failed to validate policy templating: unbalanced templating characters',
      );
    }
  });

  it('refuses a single string where HCL wants a list, with the value position', () => {
    const err = parseError('path "a" {\n  capabilities = "read"\n}');
    expect(err.message).toBe('failed to parse policy: path "a": At 2:18: unknown slice type: *ast.LiteralType');
    expect([err.line, err.col]).toEqual([2, 18]);
  });
});
