/** One path block as Vault's parsePaths decodes it (vault/policy.go), through parsePolicy. */
import { describe, expect, it } from 'vitest';
import { parsePolicy, PolicyParseError } from '../../../src/auth/policy.js';
import { pathShape } from '../../../src/auth/policy-rule.js';

const rule = (raw: string) => parsePolicy('p', raw).rules[0]!;

function parseError(raw: string): PolicyParseError {
  try {
    parsePolicy('p', raw);
  } catch (err) {
    expect(err).toBeInstanceOf(PolicyParseError);
    expect((err as PolicyParseError).code).toBe('CORE_INVALID_REQUEST');
    expect((err as PolicyParseError).status).toBe(400);
    return err as PolicyParseError;
  }
  throw new Error('expected a parse error');
}

describe('decodeRule: values', () => {
  it('ignores an empty legacy policy and keeps the capabilities beside it', () => {
    const r = rule('path "a" {\n policy = ""\n capabilities = ["read"]\n}');
    expect(r.capabilities).toEqual(['read']);
    expect(r.bits).toBe(4);
  });

  it('takes numbers where HCL decodes strings', () => {
    expect(rule('path "a" {\n capabilities = ["read"]\n mfa_methods = [1, "totp"]\n}').mfaMethods).toEqual(['1', 'totp']);
    expect(rule('path "a" {\n capabilities = ["read"]\n required_parameters = [7]\n}').requiredParameters).toEqual(['7']);
    expect(parseError('path "a" {\n  capabilities = [1]\n}').message).toBe('failed to parse policy: path "a": invalid capability "1"');
  });

  it('accepts comment and control_group keys', () => {
    expect(rule('path "a" {\n comment = "why"\n capabilities = ["read"]\n}').bits).toBe(4);
    expect(rule('path "a" {\n capabilities = ["read"]\n control_group = { max_ttl = "1h" }\n}').bits).toBe(4);
  });

  it('merges repeated allowed_parameters blocks, and reads a JSON policy\'s single object', () => {
    expect(rule('path "a" {\n capabilities = ["read"]\n allowed_parameters { "a" = ["1"] }\n allowed_parameters { "B" = [] }\n}').allowedParameters).toEqual({ a: ['1'], b: [] });
    const json = rule('{"path": {"a": {"capabilities": ["read"], "allowed_parameters": {"x": ["1"]}, "denied_parameters": {"y": []}}}}');
    expect(json.allowedParameters).toEqual({ x: ['1'] });
    expect(json.deniedParameters).toEqual({ y: [] });
  });

  it('accepts "*" and a trailing /* on a JSON-pointer key, and no other wildcard in a parameter key', () => {
    expect(rule('path "a" {\n capabilities = ["read"]\n allowed_parameters = { "*" = [] }\n}').allowedParameters).toEqual({ '*': [] });
    expect(rule('path "a" {\n capabilities = ["read"]\n denied_parameters = { "/data/*" = [] }\n}').deniedParameters).toEqual({ '/data/*': [] });
    const bad = (key: string) =>
      parseError(`path "a" {\n capabilities = ["read"]\n allowed_parameters = { "${key}" = [] }\n}`).message;
    expect(bad('data/*')).toBe('failed to parse policy: path "a": allowed_parameters: parameter key "data/*" cannot contain non-tail wildcards');
    expect(bad('/da*ta/*')).toBe('failed to parse policy: path "a": allowed_parameters: parameter key "/da*ta/*" cannot contain non-tail wildcards');
    expect(bad('/data*')).toBe('failed to parse policy: path "a": allowed_parameters: parameter key "/data*" cannot contain non-tail wildcards');
    expect(bad('*/x/*')).toBe('failed to parse policy: path "a": allowed_parameters: parameter key "*/x/*" cannot contain non-tail wildcards');
  });

  it('accepts a minimum wrapping TTL alone, a maximum alone, and equal bounds', () => {
    expect(rule('path "a" {\n capabilities = ["read"]\n min_wrapping_ttl = 60\n}')).toMatchObject({ minWrappingTtl: 60, maxWrappingTtl: 0 });
    expect(rule('path "a" {\n capabilities = ["read"]\n max_wrapping_ttl = "1m"\n}')).toMatchObject({ minWrappingTtl: 0, maxWrappingTtl: 60 });
    expect(rule('path "a" {\n capabilities = ["read"]\n min_wrapping_ttl = 60\n max_wrapping_ttl = 60\n}')).toMatchObject({ minWrappingTtl: 60, maxWrappingTtl: 60 });
  });
});

describe('decodeRule: errors where HCL puts them', () => {
  it('places a decode error at the value, on its own line, after a quoted key, and in JSON', () => {
    const own = parseError('path "a" {\n  capabilities =\n"read"\n}');
    expect(own.message).toBe('failed to parse policy: path "a": At 3:1: unknown slice type: *ast.LiteralType');
    expect([own.line, own.col]).toEqual([3, 1]);
    const quoted = parseError('path "a" {\n  "capabilities" = "read"\n}');
    expect(quoted.message).toBe('failed to parse policy: path "a": At 2:20: unknown slice type: *ast.LiteralType');
    const json = parseError('{"path": {"a": {"capabilities": "read"}}}');
    expect(json.message).toBe('failed to parse policy: path "a": At 1:33: unknown slice type: *ast.LiteralType');
    expect([json.line, json.col]).toEqual([1, 33]);
  });

  it('places the error at the key that has it, not the first key of the block', () => {
    const err = parseError('path "a" {\n  comment = "x"\n  capabilities = "read"\n}');
    expect(err.message).toBe('failed to parse policy: path "a": At 3:18: unknown slice type: *ast.LiteralType');
    const cases: Array<[string, string]> = [
      ['  mfa_methods = "totp"', 'At 3:17: unknown slice type: *ast.LiteralType'],
      ['  required_parameters = "x"', 'At 3:25: unknown slice type: *ast.LiteralType'],
      ['  denied_parameters = { "a" = "x" }', 'At 3:23: unknown slice type: *ast.LiteralType'],
      ['  allowed_parameters = "x"', 'At 3:24: allowed_parameters: unknown type for map *ast.LiteralType'],
      ['  denied_parameters = "x"', 'At 3:23: denied_parameters: unknown type for map *ast.LiteralType'],
    ];
    for (const [line, want] of cases) {
      expect(parseError(`path "a" {\n  capabilities = ["read"]\n${line}\n}`).message).toBe(`failed to parse policy: path "a": ${want}`);
    }
  });

  it('names a list where a string belongs as *ast.ListType', () => {
    expect(parseError('path "a" {\n  capabilities = [["read"]]\n}').message).toMatch(
      /^failed to parse policy: path "a": At 2:\d+: capabilities(\[0\])?: unknown type for string \*ast\.ListType$/,
    );
    expect(parseError('path "a" {\n  policy = ["read"]\n}').message).toMatch(/At 2:\d+: policy: unknown type for string \*ast\.ListType$/);
    expect(parseError('path "a" {\n  capabilities = ["read"]\n  mfa_methods = [["x"]]\n}').message).toMatch(/mfa_methods(\[0\])?: unknown type for string \*ast\.ListType$/);
    expect(parseError('path "a" {\n  capabilities = ["read"]\n  required_parameters = [["x"]]\n}').message).toMatch(
      /required_parameters(\[0\])?: unknown type for string \*ast\.ListType$/,
    );
  });

  it('gives an invalid capability or legacy policy the position of its value', () => {
    const cap = parseError('path "a" {\n  capabilities = ["read", "bogus"]\n}');
    expect([cap.line, cap.col]).toEqual([2, 18]);
    const legacy = parseError('path "a" {\n  policy = "bogus"\n}');
    expect(legacy.message).toBe('failed to parse policy: path "a": invalid policy "bogus"');
    expect([legacy.line, legacy.col]).toEqual([2, 12]);
  });

  it('reports invalid keys once each, a block key on line 0, and points at the first one', () => {
    const block = parseError('path "a" {\n  capabilities = ["read"]\n  foo { }\n}');
    expect(block.message).toBe('failed to parse policy: 1 error occurred:\n\t* path "a": invalid key "foo" on line 0\n\n');
    const two = parseError('path "a" {\n  capabilities = ["read"]\n  foo = 1\n  bar = 2\n}');
    expect(two.message).toBe('failed to parse policy: 2 errors occurred:\n\t* path "a": invalid key "foo" on line 3\n\t* path "a": invalid key "bar" on line 4\n\n');
    expect([two.line, two.col]).toEqual([3, 3]);
    const escaped = parseError('path "a" {\n  capabilities = ["read"]\n  "x\\"y" = 1\n}');
    expect(escaped.message).toBe('failed to parse policy: 1 error occurred:\n\t* path "a": invalid key "x\\"y" on line 3\n\n');
    const json = parseError('{"path": {"a": {"capabilities": ["read"], "foo": 1, "bar": 2}}}');
    expect(json.message.match(/invalid key/g)).toHaveLength(2);
    expect(json.message).toContain('2 errors occurred');
  });

  it('names max_wrapping_ttl in its error and keeps the duration error as the cause', () => {
    const err = parseError('path "a" {\n capabilities = ["read"]\n max_wrapping_ttl = "soon"\n}');
    expect(err.message).toBe('failed to parse policy: error parsing max_wrapping_ttl: time: invalid duration "soon"');
    expect(err.cause).toBeInstanceOf(Error);
  });
});

describe('pathShape (also applied to rendered templated paths)', () => {
  it('drops a leading slash, strips a trailing * into a prefix, and keeps it with + segments', () => {
    expect(pathShape('/secret/alice/*')).toEqual({ path: 'secret/alice/', isPrefix: true, hasSegmentWildcards: false });
    expect(pathShape('secret/alice')).toEqual({ path: 'secret/alice', isPrefix: false, hasSegmentWildcards: false });
    expect(pathShape('kv/+/alice/*')).toEqual({ path: 'kv/+/alice/*', isPrefix: false, hasSegmentWildcards: true });
    expect(pathShape('+')).toEqual({ path: '+', isPrefix: false, hasSegmentWildcards: true });
    expect(pathShape('a+b')).toEqual({ path: 'a+b', isPrefix: false, hasSegmentWildcards: false });
    expect(() => pathShape('a/+*')).toThrow(PolicyParseError);
  });
});
