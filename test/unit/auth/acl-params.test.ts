/**
 * Parameter constraints as Vault's ACL.AllowOperation checks them (vault/acl.go):
 * valueInParameterList, valueInAllowedParameterList, valueInDeniedParameterList and
 * strutil.GlobbedStringsMatch, non-legacy matching.
 */
import { describe, expect, it } from 'vitest';
import { globbedStringsMatch, parametersAllowed, type ParameterPermissions } from '../../../src/auth/acl-params.js';

const perms = (p: Partial<ParameterPermissions>): ParameterPermissions => ({ requiredParameters: [], ...p });

describe('globbedStringsMatch (strutil.GlobbedStringsMatch)', () => {
  it('matches a leading *, a trailing *, both, or the exact string', () => {
    const cases: Array<[string, string, boolean]> = [
      ['a', 'a', true],
      ['a', 'b', false],
      ['*', '*', true], // a lone * is not a glob: it matches only itself
      ['*', 'x', false],
      ['', '', true],
      ['', 'x', false],
      ['ab', 'ab', true],
      ['ab', 'abc', false],
      ['a*', 'abc', true],
      ['a*', 'a', true],
      ['a*', 'ba', false],
      ['ab*', 'ax', false],
      ['ab*', 'abx', true],
      ['*c', 'abc', true],
      ['*c', 'cab', false],
      ['*b*', 'abc', true],
      ['*b*', 'ac', false],
      ['**', 'anything', true],
      ['a*c', 'abc', false], // no inner globs
      ['a*c', 'a*c', true],
    ];
    for (const [item, val, want] of cases) expect([item, val, globbedStringsMatch(item, val)]).toEqual([item, val, want]);
  });
});

describe('parametersAllowed', () => {
  it('needs every required parameter, looked up by its lower-cased name', () => {
    const p = perms({ requiredParameters: ['Colour', 'size'] });
    expect(parametersAllowed(p, { colour: 'red', size: 1 })).toBe(true);
    expect(parametersAllowed(p, { colour: 'red' })).toBe(false);
    expect(parametersAllowed(p, { Colour: 'red', size: 1 })).toBe(false);
    expect(parametersAllowed(p, {})).toBe(false);
  });

  it('allows a request without data whatever is denied or allowed', () => {
    expect(parametersAllowed(perms({ deniedParameters: { '*': [] }, allowedParameters: { a: ['x'] } }), {})).toBe(true);
  });

  it('denies everything with denied "*", and any value of a parameter denied with []', () => {
    expect(parametersAllowed(perms({ deniedParameters: { '*': [] } }), { a: 1 })).toBe(false);
    const p = perms({ deniedParameters: { admin: [] } });
    expect(parametersAllowed(p, { admin: false })).toBe(false);
    expect(parametersAllowed(p, { ADMIN: 'x' })).toBe(false);
    expect(parametersAllowed(p, { other: 'x' })).toBe(true);
    expect(parametersAllowed(perms({ deniedParameters: {} }), { other: 'x' })).toBe(true);
  });

  it('denies a value that matches a denied value or glob, element by element for lists and comma strings', () => {
    const p = perms({ deniedParameters: { size: ['huge', 'x*'] } });
    const ok = (v: unknown) => parametersAllowed(p, { size: v });
    expect(ok('small')).toBe(true);
    expect(ok('huge')).toBe(false);
    expect(ok('xl')).toBe(false);
    expect(ok(['small', 'huge'])).toBe(false); // any element denied denies
    expect(ok(['small', 'tiny'])).toBe(true);
    expect(ok('small,huge')).toBe(false);
    expect(ok('small, xxl')).toBe(false); // elements are trimmed
    expect(ok('small,tiny')).toBe(true);
    expect(ok(5)).toBe(true); // neither a list nor a string: compared whole
    expect(ok({ huge: true })).toBe(true);
    // the whole value is compared before it is split
    expect(parametersAllowed(perms({ deniedParameters: { tag: ['a,b'] } }), { tag: 'a,b' })).toBe(false);
  });

  it('allows everything when nothing, or only "*", is allowed', () => {
    expect(parametersAllowed(perms({ allowedParameters: {} }), { a: 1 })).toBe(true);
    expect(parametersAllowed(perms({ allowedParameters: { '*': [] } }), { a: 1, b: 'x' })).toBe(true);
  });

  it('with "*" beside named parameters, lets any other parameter through but checks the named ones', () => {
    const p = perms({ allowedParameters: { '*': [], colour: ['red'] } });
    expect(parametersAllowed(p, { anything: 'x', colour: 'red' })).toBe(true);
    expect(parametersAllowed(p, { anything: 'x', colour: 'blue' })).toBe(false);
  });

  it('refuses a parameter that is not allowed, and a value that is not in its list', () => {
    const p = perms({ allowedParameters: { colour: ['red', 'g*'], size: [] } });
    const ok = (data: Record<string, unknown>) => parametersAllowed(p, data);
    expect(ok({ colour: 'green', size: 'any' })).toBe(true);
    expect(ok({ COLOUR: 'red' })).toBe(true);
    expect(ok({ shape: 'round' })).toBe(false);
    expect(ok({ colour: 'blue' })).toBe(false);
    expect(ok({ colour: ['red', 'grey'] })).toBe(true); // every element allowed
    expect(ok({ colour: ['red', 'blue'] })).toBe(false);
    expect(ok({ colour: 'red, grey' })).toBe(true); // comma strings split and trimmed
    expect(ok({ colour: 'red,blue' })).toBe(false);
    expect(ok({ colour: { red: 1 } })).toBe(false); // neither list nor string: only a whole match
    // Vault's ParseCommaStringSlice makes "" the empty list, which every() accepts
    expect(ok({ colour: '' })).toBe(true);
  });

  it('compares non-string values deeply and never as globs; null matches only null', () => {
    const p = perms({ allowedParameters: { n: [5, true, { a: [1] }], s: ['5'], z: [null] } });
    const ok = (data: Record<string, unknown>) => parametersAllowed(p, data);
    expect(ok({ n: 5 })).toBe(true);
    expect(ok({ n: true })).toBe(true);
    expect(ok({ n: { a: [1] } })).toBe(true);
    expect(ok({ n: { a: [2] } })).toBe(false);
    expect(ok({ n: '5' })).toBe(false);
    expect(ok({ s: 5 })).toBe(false);
    expect(ok({ n: null })).toBe(false);
    expect(ok({ z: null })).toBe(true);
    expect(ok({ z: 'null' })).toBe(false);
    expect(ok({ z: 0 })).toBe(false);
    expect(parametersAllowed(perms({ allowedParameters: { s: ['x*'] } }), { s: null })).toBe(false);
  });
});
