import { describe, expect, it } from 'vitest';
import {
  cidrListProblem,
  cidrSubsetProblem,
  goQuoteList,
  goTime,
  ipInCidrs,
  parseArbitraryKeyValues,
  parseGoCidr,
} from '../../../../src/auth/approle/go-compat.js';
import { plainAddress } from '../../../../src/auth/cidr.js';
import { goDuration } from '../../../../src/auth/token-ttl.js';

describe('approle go-compat', () => {
  it('parses CIDRs as net.ParseCIDR does', () => {
    expect(parseGoCidr('10.0.0.0/8')).toEqual({ address: '10.0.0.0', prefix: 8, family: 'ipv4' });
    expect(parseGoCidr('fd00::/8')).toEqual({ address: 'fd00::', prefix: 8, family: 'ipv6' });
    for (const bad of ['10.0.0.1', '10.0.0.0/33', '::/129', 'x/8', '10.0.0.0/', '10.0.0.0/8/1', '010.0.0.0/8']) {
      expect(parseGoCidr(bad)).toEqual({ error: `invalid CIDR address: ${bad}` });
    }
    expect(cidrListProblem(['10.0.0.0/8', ' 192.168.0.0/16 '])).toBeUndefined();
    expect(cidrListProblem(['10.0.0.0/8', '1.2.3.4'])).toBe('invalid CIDR address: 1.2.3.4');
  });

  it('checks subsets as cidrutil.SubsetBlocks does', () => {
    expect(cidrSubsetProblem([], ['10.0.0.0/8'])).toBeUndefined();
    expect(cidrSubsetProblem(['10.0.0.0/8'], [])).toBeUndefined();
    expect(cidrSubsetProblem(['10.1.0.0/16', '10.2.3.0/24'], ['10.0.0.0/8'])).toBeUndefined();
    expect(cidrSubsetProblem(['10.0.0.0/8'], ['10.0.0.0/8'])).toBeUndefined();
    expect(cidrSubsetProblem(['10.0.0.7/32'], ['10.0.0.7'])).toBeUndefined();
    expect(cidrSubsetProblem(['10.0.0.0/7'], ['10.0.0.0/8'])).toBe(
      'failed to verify subset relationship between CIDR blocks on the role ["10.0.0.0/8"] and CIDR blocks on the secret ID ["10.0.0.0/7"]: %!w(<nil>)',
    );
    expect(cidrSubsetProblem(['0.0.0.0/0'], ['0.0.0.0/0'])).toBeUndefined();
    expect(cidrSubsetProblem(['10.0.0.0/8'], ['10.0.0.0/0'])).toBe(
      'failed to verify subset relationship between CIDR blocks on the role ["10.0.0.0/0"] and CIDR blocks on the secret ID ["10.0.0.0/8"]: CIDR to be checked against is not in its canonical form',
    );
    expect(cidrSubsetProblem(['fd00:1::/32'], ['fd00::/8'])).toBeUndefined();
    expect(cidrSubsetProblem(['fe80::/10'], ['fd00::/8'])).toMatch(/%!w\(<nil>\)$/);
  });

  it('matches addresses, IPv4-mapped ones included', () => {
    expect(ipInCidrs('10.1.1.1', ['10.0.0.0/8'])).toEqual({ ok: true });
    expect(ipInCidrs('::ffff:10.1.1.1', ['10.0.0.0/8'])).toEqual({ ok: true });
    expect(ipInCidrs('11.1.1.1', ['10.0.0.0/8'])).toEqual({ ok: false });
    expect(ipInCidrs('bogus', ['10.0.0.0/8'])).toEqual({ ok: false, error: 'invalid IP address' });
    expect(ipInCidrs('', ['10.0.0.0/8'])).toEqual({ ok: false, error: 'missing IP address' });
    expect(plainAddress('::ffff:127.0.0.1')).toBe('127.0.0.1');
    expect(plainAddress('::1')).toBe('::1');
  });

  it('parses secret ID metadata as strutil.ParseArbitraryKeyValues does', () => {
    expect(parseArbitraryKeyValues('')).toEqual({ values: {} });
    expect(parseArbitraryKeyValues('{"A":"B","c":"d"}')).toEqual({ values: { A: 'B', c: 'd' } });
    expect(parseArbitraryKeyValues(Buffer.from('{"x":"y"}').toString('base64'))).toEqual({ values: { x: 'y' } });
    expect(parseArbitraryKeyValues('Foo=Bar, baz = qux')).toEqual({ values: { foo: 'bar', baz: 'qux' } });
    expect(parseArbitraryKeyValues(' null ')).toEqual({ error: 'failed to parse the input: invalid <key,value> format' }); // valid base64, as in Go
    expect(parseArbitraryKeyValues('[null]')).toEqual({ error: 'failed to parse the input: invalid <key,value> format' });
    expect(parseArbitraryKeyValues(Buffer.from('null').toString('base64'))).toEqual({ values: {} });
    expect(parseArbitraryKeyValues('{"a":1}')).toEqual({ error: 'failed to parse the input: invalid <key,value> format' });
    expect(parseArbitraryKeyValues('a=')).toEqual({ error: 'failed to parse the input: invalid <key,value> pair: key: "a" value: ""' });
    expect(parseArbitraryKeyValues('{"a":null}')).toEqual({ error: 'invalid value for key "a"' });
  });

  it('prints like Go', () => {
    expect(goQuoteList(['a', 'b"c'])).toBe('["a" "b\\"c"]');
    expect(goDuration(0)).toBe('0s');
    expect(goDuration(90)).toBe('1m30s');
    expect(goDuration(2764800)).toBe('768h0m0s');
    expect(goTime(0)).toBe('0001-01-01T00:00:00Z');
    expect(goTime(Date.UTC(2025, 0, 1, 12, 0, 0, 120))).toBe('2025-01-01T12:00:00.12Z');
    expect(goTime(Date.UTC(2025, 0, 1, 12, 0, 0))).toBe('2025-01-01T12:00:00Z');
  });
});
