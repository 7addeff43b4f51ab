import { describe, expect, it } from 'vitest';
import { formatJson, formatStandard } from '../../../src/log/format.js';

const T = new Date('2023-05-03T08:52:59.787Z');

describe('formatStandard (hclog standard lines)', () => {
  it('pads the level bracket to seven characters for every level', () => {
    const level = (l: string) => formatStandard(T, l, undefined, 'm', {});
    expect(level('trace')).toBe('2023-05-03T08:52:59.787Z [TRACE] m\n');
    expect(level('debug')).toBe('2023-05-03T08:52:59.787Z [DEBUG] m\n');
    expect(level('info')).toBe('2023-05-03T08:52:59.787Z [INFO]  m\n');
    expect(level('warn')).toBe('2023-05-03T08:52:59.787Z [WARN]  m\n');
    expect(level('error')).toBe('2023-05-03T08:52:59.787Z [ERROR] m\n');
    expect(level('fatal')).toBe('2023-05-03T08:52:59.787Z [INFO]  m\n');
  });

  it('puts the module before the message and the fields after a colon', () => {
    expect(formatStandard(T, 'info', 'core', 'vault is unsealed', {})).toBe('2023-05-03T08:52:59.787Z [INFO]  core: vault is unsealed\n');
    expect(formatStandard(T, 'info', '', 'm', { a: 1, b: true })).toBe('2023-05-03T08:52:59.787Z [INFO]  m: a=1 b=true\n');
  });

  it('quotes values as hclog does: only when they hold spaces, quotes, =, backslashes or non-printing bytes', () => {
    const value = (v: unknown) => formatStandard(T, 'info', undefined, 'm', { k: v }).slice('2023-05-03T08:52:59.787Z [INFO]  m: k='.length, -1);
    expect(value('plain')).toBe('plain');
    expect(value('two words')).toBe('"two words"');
    expect(value('tab\there')).toBe('"tab\\there"');
    expect(value('say "hi"')).toBe('"say \\"hi\\""');
    expect(value('a=b')).toBe('"a=b"');
    expect(value('back\\slash')).toBe('"back\\\\slash"');
    expect(value('héllo')).toBe('"héllo"');
    expect(value('bell\u0007')).toBe('"bell\\u0007"');
    expect(value('')).toBe('""');
    expect(value(null)).toBe('<nil>');
    expect(value(undefined)).toBe('<nil>');
    expect(value(42)).toBe('42');
    expect(value(NaN)).toBe('NaN');
    expect(value(-Infinity)).toBe('-Infinity');
    expect(value(false)).toBe('false');
    expect(value(10n)).toBe('10');
    expect(value([1, 2])).toBe('[1,2]');
    expect(value(['a', 'b'])).toBe('"[\\"a\\",\\"b\\"]"');
    expect(value({ x: 'y z' })).toBe('"{\\"x\\":\\"y z\\"}"');
  });
});

describe('formatJson (hclog JSON lines)', () => {
  it('writes @level, @message, @module and a microsecond @timestamp, then the fields', () => {
    const line = formatJson(T, 'warn', 'core', 'msg', { n: 1, s: 'x' });
    expect(line.endsWith('\n')).toBe(true);
    expect(line).toBe('{"@level":"warn","@message":"msg","@module":"core","@timestamp":"2023-05-03T08:52:59.787000Z","n":1,"s":"x"}\n');
  });

  it('leaves @module out at the root, and never lets a field replace an @-key', () => {
    const rec = JSON.parse(formatJson(T, 'info', undefined, 'real', { '@message': 'forged', '@level': 'error', other: 2 }));
    expect(rec).toEqual({ '@level': 'info', '@message': 'real', '@timestamp': '2023-05-03T08:52:59.787000Z', other: 2 });
    expect(Object.hasOwn(rec, '@module')).toBe(false);
    expect(Object.hasOwn(JSON.parse(formatJson(T, 'info', '', 'm', {})), '@module')).toBe(false);
  });
});
