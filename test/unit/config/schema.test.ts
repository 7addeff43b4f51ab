import { describe, expect, it } from 'vitest';
import {
  DEFAULT_LEASE_TTL,
  parseBool,
  parseDurationSeconds,
  parseLogFormat,
  parseLogLevel,
  parseStrictBool,
  parseTlsVersion,
  parseWeakString,
  storageString,
  TOP_LEVEL,
} from '../../../src/config/schema.js';

describe('value readers (Vault parseutil semantics)', () => {
  it('parseBool accepts what tls_disable/disabled accept in Vault', () => {
    for (const v of [true, 1, 2, '1', 'true', 'True', 'TRUE', 't', 'T']) expect(parseBool(v)).toBe(true);
    for (const v of [false, 0, '0', 'false', 'False', 'f', '']) expect(parseBool(v)).toBe(false);
    expect(() => parseBool('maybe')).toThrow('cannot parse "maybe" as bool');
    expect(() => parseBool('yes')).toThrow();
    expect(() => parseBool([true])).toThrow('expected a bool, got a list');
  });

  it('parseStrictBool (environment) refuses the empty string', () => {
    expect(parseStrictBool('1')).toBe(true);
    expect(() => parseStrictBool('')).toThrow();
  });

  it('parseDurationSeconds reads seconds, Go durations and days', () => {
    expect(parseDurationSeconds(3600)).toBe(3600);
    expect(parseDurationSeconds('3600')).toBe(3600);
    expect(parseDurationSeconds('768h')).toBe(2764800);
    expect(parseDurationSeconds('10m')).toBe(600);
    expect(parseDurationSeconds('1h30m')).toBe(5400);
    expect(parseDurationSeconds('90s')).toBe(90);
    expect(parseDurationSeconds('1.5h')).toBe(5400);
    expect(parseDurationSeconds('7d')).toBe(604800);
    expect(parseDurationSeconds('')).toBe(0);
    expect(() => parseDurationSeconds('10x')).toThrow('time: invalid duration "10x"');
    expect(() => parseDurationSeconds('h')).toThrow('time: invalid duration "h"');
    expect(() => parseDurationSeconds('-1h')).toThrow('duration must not be negative');
    expect(() => parseDurationSeconds(true)).toThrow('expected a duration');
  });

  it('parseLogLevel takes Vault aliases, any case', () => {
    expect(['TRACE', 'debug', 'notice', 'Info', 'warn', 'warning', 'err', 'ERROR'].map(parseLogLevel)).toEqual([
      'trace', 'debug', 'info', 'info', 'warn', 'warn', 'error', 'error',
    ]);
    expect(() => parseLogLevel('loud')).toThrow('unknown log level: loud');
  });

  it('parseLogFormat takes standard and json', () => {
    expect(parseLogFormat('JSON')).toBe('json');
    expect(parseLogFormat('standard')).toBe('standard');
    expect(() => parseLogFormat('xml')).toThrow('unknown log format: xml');
  });

  it('parseTlsVersion', () => {
    expect(parseTlsVersion('tls13')).toBe('tls13');
    expect(() => parseTlsVersion('tls14')).toThrow(
      `'tls_min_version' value "tls14" not supported, please specify one of [tls10,tls11,tls12,tls13]`,
    );
  });

  it('seal values become strings as parseutil.ParseString does; storage values as JSON', () => {
    expect([parseWeakString('x'), parseWeakString(true), parseWeakString(false), parseWeakString(12)]).toEqual(['x', '1', '0', '12']);
    expect(() => parseWeakString({ a: 1 })).toThrow('expected a string, got a block');
    expect([storageString('x'), storageString(true), storageString(8), storageString([1, 'a'])]).toEqual(['x', 'true', '8', '[1,"a"]']);
  });
});

describe('TOP_LEVEL declarations', () => {
  it('declares each key once, with Vault names, defaults and environment variables', () => {
    const hclNames = Object.values(TOP_LEVEL).map((s) => s.hcl);
    expect(new Set(hclNames).size).toBe(hclNames.length);
    expect(TOP_LEVEL.logLevel).toMatchObject({ hcl: 'log_level', default: 'info', env: ['VAULT_LOG_LEVEL'] });
    expect(TOP_LEVEL.defaultLeaseTtl.default).toBe(DEFAULT_LEASE_TTL);
    expect(DEFAULT_LEASE_TTL).toBe(2764800);
  });
});
