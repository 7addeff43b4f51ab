import { describe, expect, it } from 'vitest';
import { goDurationString, parseDurationFlag, parseGoDuration, truncateToSeconds, ttlToApi } from '../../../src/cli/go-duration.js';
import { marshalCompact, marshalIndent } from '../../../src/cli/go-json.js';
import { ensureTrailingSlash, pathJoin, sanitizePath } from '../../../src/cli/go-path.js';
import { addPrefixToKvPath, headerForMap, kvParseVersions, padEqualSigns } from '../../../src/cli/kv-helpers.js';
import { secretFromJson, secretFromText } from '../../../src/cli/secret.js';
import { looksLikeDuration } from '../../../src/cli/secret-output.js';

const S = 1_000_000_000n;

describe('Go durations', () => {
  it('time.ParseDuration and Duration.String round trips', () => {
    expect(goDurationString(parseGoDuration('768h'))).toBe('768h0m0s');
    expect(goDurationString(parseGoDuration('1h30m'))).toBe('1h30m0s');
    expect(goDurationString(parseGoDuration('1.5s'))).toBe('1.5s');
    expect(goDurationString(parseGoDuration('1.5h'))).toBe('1h30m0s');
    expect(goDurationString(parseGoDuration('300ms'))).toBe('300ms');
    expect(goDurationString(parseGoDuration('2us'))).toBe('2µs');
    expect(goDurationString(-1n)).toBe('-1ns');
    expect(goDurationString(0n)).toBe('0s');
    expect(parseGoDuration('-0')).toBe(0n);
  });

  it('Go\'s error texts', () => {
    expect(() => parseGoDuration('abc')).toThrow('time: invalid duration "abc"');
    expect(() => parseGoDuration('5')).toThrow('time: missing unit in duration "5"');
    expect(() => parseGoDuration('5x')).toThrow('time: unknown unit "x" in duration "5x"');
    expect(() => parseGoDuration('')).toThrow('time: invalid duration ""');
  });

  it('Vault\'s DurationVar: plain seconds, days, "system"', () => {
    expect(parseDurationFlag('3600')).toBe(3600n * S);
    expect(parseDurationFlag('7d')).toBe(7n * 86400n * S);
    expect(parseDurationFlag('system')).toBe(-S);
    expect(parseDurationFlag('')).toBe(0n);
    expect(() => parseDurationFlag('xd')).toThrow('strconv.ParseInt: parsing "x": invalid syntax');
    expect(truncateToSeconds(1_500_000_000n)).toBe(1);
    expect(truncateToSeconds(999n)).toBe(0);
    expect([ttlToApi(0n), ttlToApi(-S), ttlToApi(90n * S)]).toEqual(['', 'system', '1m30s']);
  });
});

describe('Go paths', () => {
  it('path.Join, sanitizePath, ensureTrailingSlash', () => {
    expect(pathJoin('secret/', 'data', 'foo/')).toBe('secret/data/foo');
    expect(pathJoin('', 'a')).toBe('a');
    expect(pathJoin('a', '../b')).toBe('b');
    expect(pathJoin('', '')).toBe('');
    expect(sanitizePath(' //secret/foo// ')).toBe('secret/foo');
    expect(ensureTrailingSlash('kv')).toBe('kv/');
    expect(ensureTrailingSlash('')).toBe('');
  });
});

describe('json.MarshalIndent', () => {
  it('sorts map keys bytewise (even numeric-looking ones), keeps struct order, escapes HTML', () => {
    expect(marshalIndent({ '10': 1, '2': 2, '1': 3 })).toBe('{\n  "1": 3,\n  "10": 1,\n  "2": 2\n}');
    expect(marshalIndent(new Map<string, unknown>([['z', 1], ['a', undefined], ['b', '<&>']]))).toBe('{\n  "z": 1,\n  "b": "\\u003c\\u0026\\u003e"\n}');
    expect(marshalIndent({ a: [], b: {}, c: null })).toBe('{\n  "a": [],\n  "b": {},\n  "c": null\n}');
  });
});

describe('json.Marshal', () => {
  it('writes no whitespace, sorts map keys, keeps Map order, escapes like Go and leaves out undefined', () => {
    expect(marshalCompact({ b: [1, 'x', null, []], a: { d: {}, c: true } })).toBe('{"a":{"c":true,"d":{}},"b":[1,"x",null,[]]}');
    expect(marshalCompact(new Map<string, unknown>([['z', '<&>'], ['a', undefined], ['m', 1.5]]))).toBe('{"z":"\\u003c\\u0026\\u003e","m":1.5}');
    expect(marshalCompact(null)).toBe('null');
  });
});

describe('KV helpers', () => {
  it('addPrefixToKVPath', () => {
    expect(addPrefixToKvPath('secret/foo', 'secret/', 'data')).toBe('secret/data/foo');
    expect(addPrefixToKvPath('secret', 'secret/', 'metadata')).toBe('secret/metadata');
    expect(addPrefixToKvPath('secret/a/b', 'secret/', 'delete')).toBe('secret/delete/a/b');
    // A namespace in the mount path that the path does not carry.
    expect(addPrefixToKvPath('secret/foo', 'ns1/secret/', 'data')).toBe('secret/data/foo');
  });

  it('padEqualSigns and getHeaderForMap', () => {
    expect(padEqualSigns('Secret Path', 'secret/data/creds'.length)).toBe('== Secret Path ==');
    expect(padEqualSigns('Secret Path', 3)).toBe('== Secret Path ==');
    expect(headerForMap('Data', { passcode: 1 })).toBe('====== Data ======');
    expect(headerForMap('Data', { a: 1 })).toBe('== Data ==');
    expect(kvParseVersions(['1, 2', '', '3,'])).toEqual(['1', '2', '3']);
  });
});

describe('ParseSecret', () => {
  it('empty body, errors-only body, raw data, errors with data', () => {
    expect(secretFromText('')).toBeNull();
    expect(secretFromJson({ errors: [] })).toBeNull();
    expect(secretFromJson({ a: 1 })?.data).toEqual({ a: 1 });
    expect(() => secretFromJson({ errors: ['x', 'y'], a: 1 })).toThrow('x y');
    expect(secretFromJson({ data: {} })?.data).toEqual({});
    expect(secretFromJson({ request_id: 'r', data: null })?.data).toBeNull();
  });

  it('looksLikeDuration', () => {
    for (const k of ['ttl', 'creation_ttl', 'period', 'token_period', 'duration', 'lease_duration', 'lease_max', 'ttl_max']) {
      expect(looksLikeDuration(k)).toBe(true);
    }
    expect(looksLikeDuration('delete_version_after')).toBe(false);
  });
});
