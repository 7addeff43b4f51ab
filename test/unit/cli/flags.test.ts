import { describe, expect, it } from 'vitest';
import { goQuote, parseFlags, parseGoInt, resolveFormat, trailingFlagWarning, type FlagSpec } from '../../../src/cli/flags.js';

const SPECS: FlagSpec[] = [
  { name: 'address', type: 'string' },
  { name: 'key-shares', type: 'int', aliases: ['n'] },
  { name: 'reset', type: 'bool' },
  { name: 'header', type: 'repeatable' },
  { name: 'stored', type: 'int', default: -1 },
];

describe('Go-style flag parsing', () => {
  it('accepts -f=v, --f=v, -f v, and bare booleans', () => {
    const f = parseFlags(SPECS, ['-address=http://a', '--key-shares', '7', '-reset', 'KEY', '-reset=false']);
    expect(f.string('address')).toBe('http://a');
    expect(f.int('key-shares')).toBe(7);
    expect(f.bool('reset')).toBe(true);
    expect(f.args).toEqual(['KEY', '-reset=false']); // parsing stops at the first positional
    expect(f.isSet('address')).toBe(true);
    expect(f.isSet('header')).toBe(false);
    expect(f.int('stored')).toBe(-1);
  });

  it('booleans take only =value; aliases and repeatables work; -- ends flags', () => {
    const f = parseFlags(SPECS, ['-reset=false', '-n=3', '-header', ' a ', '-header=b', '--', '-reset']);
    expect(f.bool('reset')).toBe(false);
    expect(f.int('key-shares')).toBe(3);
    expect(f.list('header')).toEqual(['a', 'b']);
    expect(f.args).toEqual(['-reset']);
    expect(parseFlags(SPECS, ['-', '-reset']).args).toEqual(['-', '-reset']);
  });

  it('reports errors with Go\'s texts', () => {
    const msg = (argv: string[]) => {
      try {
        parseFlags(SPECS, argv);
        return '';
      } catch (e) {
        return (e as Error).message;
      }
    };
    expect(msg(['-nope'])).toBe('flag provided but not defined: -nope');
    expect(msg(['-address'])).toBe('flag needs an argument: -address');
    expect(msg(['-key-shares=abc'])).toBe(
      'invalid value "abc" for flag -key-shares: strconv.ParseInt: parsing "abc": invalid syntax',
    );
    expect(msg(['-key-shares=99999999999999999999'])).toBe(
      'invalid value "99999999999999999999" for flag -key-shares: strconv.ParseInt: parsing "99999999999999999999": value out of range',
    );
    expect(msg(['-reset=yes'])).toBe(
      'invalid boolean value "yes" for -reset: strconv.ParseBool: parsing "yes": invalid syntax',
    );
    expect(msg(['---x'])).toBe('bad flag syntax: ---x');
    expect(msg(['-=x'])).toBe('bad flag syntax: -=x');
  });

  it('parses integers like strconv.ParseInt(s, 0, 64)', () => {
    expect(parseGoInt('0x1f')).toBe(31);
    expect(parseGoInt('010')).toBe(8);
    expect(parseGoInt('0b101')).toBe(5);
    expect(parseGoInt('-1_000')).toBe(-1000);
    expect(parseGoInt('+5')).toBe(5);
    expect(() => parseGoInt('')).toThrow('strconv.ParseInt: parsing "": invalid syntax');
    expect(() => parseGoInt('08')).toThrow('invalid syntax');
    expect(() => parseGoInt('1__0')).toThrow('invalid syntax');
  });

  it('quotes like Go\'s %q', () => {
    expect(goQuote('a"b\\c\n\x01')).toBe('"a\\"b\\\\c\\n\\x01"');
  });

  it('warns about flags after positional arguments, except global ones', () => {
    expect(trailingFlagWarning(['KEY', '-migrate', '-format=json', '-'])).toBe(
      'Command flags must be provided before positional arguments. The following arguments will not be parsed as flags: [-migrate]',
    );
    expect(trailingFlagWarning(['KEY'])).toBe('');
  });

  it('finds the output format as Vault\'s setupEnv does', () => {
    expect(resolveFormat([], {})).toBe('table');
    expect(resolveFormat([], { VAULT_FORMAT: 'JSON' })).toBe('json');
    expect(resolveFormat(['status', '-format', 'json'], { VAULT_FORMAT: 'table' })).toBe('json');
    expect(resolveFormat(['x', '--format=yaml', '-format=json'], {})).toBe('json');
    expect(resolveFormat(['--', '-format=json'], {})).toBe('table');
  });
});
